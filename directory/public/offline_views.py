from flask import jsonify, render_template, url_for
from flask_babel import gettext as _

from ..web.assets import static_url
from ..web.clock import now
from ..web.i18n import current_locale
from . import bp


@bp.route("/offline")
def offline():
    """The crisis card the service worker keeps for when there is no connection."""
    response = render_template("public/offline.html", saved_at=now())
    return response, 200, {"Cache-Control": "no-cache"}


@bp.route("/manifest.webmanifest")
def manifest():
    """Web app manifest, in the reader's language."""
    lang = current_locale()
    response = jsonify({
        "name": _("Jaga: mental-health help in Malaysia"),
        "short_name": "Jaga",
        "lang": lang,
        "start_url": url_for("public.home", lang=lang),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5563",
        "icons": [{"src": static_url("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    })
    response.mimetype = "application/manifest+json"
    return response
