from flask import abort, current_app, render_template, request, url_for

from .. import listing, queries, reference
from ..crisis import crisis_signal
from ..crisis.counts import count_signals
from ..extensions import db
from ..listing import page_cache
from ..web.clock import now
from ..web.htmx import render_switching, wants_fragment
from ..web.i18n import current_locale
from . import bp
from .forms import filter_errors, filter_form, filter_summary
from .text import text_search_limit


@bp.route("/")
@page_cache.cached
def home():
    """Home: search, the way into the directory by state and type of help."""
    return render_template("public/home.html", states=reference.states(),
                           service_types=reference.service_types())


def directory_context() -> dict:
    locale = current_locale()
    parsed = listing.current_request()
    filters = parsed.filters
    page = listing.find_ids(filters, locale, parsed.page, current_app.config["PAGE_SIZE"])
    crisis = crisis_signal(filters.q)
    if not wants_fragment():
        # Filter changes on the page re-send the same text; count the search once, when the
        # page itself is loaded (the search page counts every search).
        count_signals(crisis, now())
    return {"parsed": parsed, "filters": filters, "page": page, "page_url": directory_page_url,
            "crisis": crisis, "errors": filter_errors(parsed),
            "summary": filter_summary(parsed, locale),
            "state_names": reference.state_names(locale)}


def directory_page_url(number: int) -> str:
    """The current directory query on another page of results."""
    args = listing.form_args(listing.current_request())
    args.pop("page", None)
    if number > 1:
        args["page"] = number
    return url_for("public.directory", **args.to_dict(flat=False))


@bp.route("/directory")
@text_search_limit
@page_cache.cached(key=listing.cache_key)
def directory():
    """Published services, filtered by the query string; htmx swaps only #results."""
    context = directory_context()
    status = 400 if context["errors"] else 200
    if not wants_fragment():
        context["form"] = filter_form(context["parsed"], current_locale())
    return render_switching("public/directory.html", "public/_results.html", status, **context)


def service_page_key(args) -> tuple | None:
    """The page itself for everyone; the thank-you after an answer is never cached."""
    return None if args.get("thanks") else ()


@bp.route("/services/<slug>")
@page_cache.cached(key=service_page_key)
def service(slug: str):
    """One published service, with how to reach it and where its details come from.
    `thanks=<line id>`: a "Did you get through?" answer was just counted (without JavaScript)."""
    found = db.session.scalar(queries.service_page(slug))
    if found is None:
        abort(404)
    return render_template("public/service.html", service=found,
                           state_names=reference.state_names(current_locale()),
                           thanks=request.args.get("thanks", type=int))
