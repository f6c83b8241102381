from flask import abort, current_app, render_template
from markupsafe import Markup

from .. import guides
from ..i18n import current_locale
from . import bp


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
    cache = current_app.extensions.setdefault("jaga_guide_html", {})
    key = (found.slug, found.lang, locale)
    if key not in cache:
        # Safe: render() allows no raw HTML and sanitises its output with nh3.
        cache[key] = Markup(guides.render(found, locale))  # nosec B704
    return render_template("public/guide.html", guide=found, body=cache[key])
