"""Site-level routes outside the language prefix: root redirect, health check, robots.txt."""

import hashlib

import sqlalchemy as sa
from flask import jsonify, make_response, redirect, render_template, url_for

from ..extensions import db
from ..web.assets import static_url
from ..web.i18n import languages, negotiated_locale
from . import bp

OFFLINE_ASSETS = ("css/jaga.css", "js/jaga.js", "js/quick-exit.js", "vendor/htmx.min.js",
                  "img/icon.svg")


@bp.route("/")
def root():
    """Send the visitor to the site in their browser's language (Malay by default)."""
    response = redirect(url_for("public.home", lang=negotiated_locale()), code=302)
    response.vary.add("Accept-Language")
    return response


# Crawlers may read every public page; the moderators' area is not for search engines.
# Disallow comes first: older parsers (Python's among them) apply the first rule that matches,
# newer ones the longest.
ROBOTS_TXT = """\
User-agent: *
Disallow: /admin/
Allow: /
"""


@bp.route("/robots.txt")
def robots_txt():
    response = make_response(ROBOTS_TXT)
    response.mimetype = "text/plain"
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        healthy = True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        healthy = False
    response = jsonify(status="ok" if healthy else "unavailable", database=healthy)
    response.status_code = 200 if healthy else 503
    response.cache_control.no_store = True
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the root so it can serve every language's offline card."""
    assets = [static_url(name) for name in OFFLINE_ASSETS]
    pages = {lang: url_for("public.offline", lang=lang) for lang in languages()}
    version = hashlib.sha256(repr((assets, pages)).encode()).hexdigest()[:12]
    body = render_template("ops/sw.js", version=version, assets=assets, offline_pages=pages,
                           default_lang=languages()[0])
    response = make_response(body)
    response.mimetype = "text/javascript"
    response.cache_control.no_cache = True
    return response
