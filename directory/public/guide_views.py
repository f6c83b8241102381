from flask import abort, render_template
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from ..content import guides
from .. import reference
from ..web import caches
from ..web.i18n import current_locale
from . import bp


def site_data() -> guides.SiteData:
    """What the guides fill in from the published data; nothing when the database is down."""
    try:
        return guides.SiteData(lines=reference.call_now_lines())
    except SQLAlchemyError:
        return guides.SiteData()


# (slug, lang, locale) -> (the site data it shows, its HTML)
RENDERED = caches.register(caches.Cache("guide_html"))


def rendered(found: guides.Guide, locale: str) -> Markup:
    """A guide's HTML, re-rendered only when the published data it shows has changed."""
    key = (found.slug, found.lang, locale)
    data = site_data()
    saved = RENDERED.peek(key)
    if saved is None or saved[0] != data:
        # Safe: render() allows no raw HTML and sanitises its output with nh3.
        saved = RENDERED.put(key, (data, Markup(guides.render(found, locale, data))))  # nosec B704
    return saved[1]


@bp.route("/guides/")
def guides_index():
    """The eating-disorder guides for teens, caregivers and educators, and the companion."""
    return render_template("public/guides.html", guides=guides.all_in(current_locale()))


@bp.route("/guides/<slug>")
def guide(slug: str):
    """One guide, with sensitive passages collapsed behind their labels."""
    locale = current_locale()
    found = guides.find(slug, locale)
    if found is None:
        abort(404)
    return render_template("public/guide.html", guide=found, body=rendered(found, locale))


@bp.route("/help/eating-disorders")
def eating_disorder_help():
    """How to get help for an eating disorder in Malaysia (no eating-disorder service is listed)."""
    locale = current_locale()
    found = guides.find_help("eating-disorders", locale)
    if found is None:
        abort(404)
    return render_template("public/help_page.html", guide=found, body=rendered(found, locale))
