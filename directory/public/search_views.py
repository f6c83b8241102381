from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SearchField
from wtforms.validators import Length

from .. import listing, reference, search
from ..content import guides
from ..crisis import crisis_signal
from ..crisis.counts import count_signals
from ..search import parse_text
from ..web import caches
from ..web.clock import now
from ..web.i18n import current_locale
from . import bp
from .text import text_search_limit


GUIDE_SEARCH_TEXT = caches.register(caches.Cache("guide_search_text"))


def guide_search_text(guide) -> str:
    return GUIDE_SEARCH_TEXT.get((guide.slug, guide.lang), lambda: search.indexable(guide.text))


class SearchForm(Form):
    q = SearchField(_l("Search"), [Length(max=200, message=_l("Please use at most 200 characters."))])


@bp.route("/search")
@text_search_limit
def search_page():
    """Services, organisations and guides matching `q`; a crisis panel first when it signals
    danger. The query is used for this response only: never stored or logged."""
    form = SearchForm(MultiDict({"q": request.args.get("q", "")}))
    valid = form.validate()
    q = " ".join(form.q.data.split()) if valid else ""
    locale = current_locale()
    crisis = crisis_signal(q)
    count_signals(crisis, now())
    services, matching_guides, total, capped = [], [], 0, False
    text = parse_text(q) if q else None
    if text and (text.concepts or text.state):
        page = listing.find_ids(listing.Filters(), locale, 1, current_app.config["PAGE_SIZE"],
                                text=text)
        services, total, capped = page.items, page.total, page.capped
    if text and text.concepts:
        matching_guides = [g for g in guides.all_in(locale)
                           if search.matches_text(guide_search_text(g), text.concepts)]
    return render_template(
        "public/search.html", form=form, q=q, crisis=crisis, services=services, total=total,
        capped=capped,
        guides=matching_guides, state_names=reference.state_names(locale),
    ), (200 if valid else 400)
