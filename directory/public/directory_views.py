from flask import abort, current_app, render_template, request, url_for

from .. import page_cache, queries, reference
from ..clock import now
from ..extensions import db
from ..htmx import render_switching, wants_fragment
from ..i18n import current_locale
from ..signals import count_signals
from . import bp
from .forms import FILTER_PARAMS
from .listing import filter_form, listing
from .text import crisis_signal, text_search_limit


@bp.route("/")
@page_cache.cached
def home():
    """Home: search, the way into the directory by state and type of help."""
    return render_template("public/home.html", states=reference.states(),
                           service_types=reference.service_types())


def directory_context() -> dict:
    locale = current_locale()
    form = filter_form(request.args, locale)
    filters = form.filters()
    page = listing(filters, locale, form.page_number(), current_app.config["PAGE_SIZE"],
                   *queries.LISTING_DETAILS)
    crisis = crisis_signal(filters.q)
    if not wants_fragment():
        # Filter changes on the page re-send the same text; count the search once, when the
        # page itself is loaded (the search page counts every search).
        count_signals(crisis, now())
    return {"form": form, "filters": filters, "page": page, "page_url": directory_page_url,
            "crisis": crisis,
            "state_names": reference.state_names(locale)}


def directory_page_url(number: int) -> str:
    """The current directory query on another page of results."""
    args = {key: values for key, values in request.args.lists()
            if key in FILTER_PARAMS and key != "page"}
    if number > 1:
        args["page"] = number
    return url_for("public.directory", **args)


@bp.route("/directory")
@text_search_limit
@page_cache.cached(params=FILTER_PARAMS)
def directory():
    """Published services, filtered by the query string; htmx swaps only #results."""
    context = directory_context()
    status = 400 if context["form"].errors else 200
    return render_switching("public/directory.html", "public/_results.html", status, **context)


@bp.route("/services/<slug>")
@page_cache.cached(params=("thanks",))
def service(slug: str):
    """One published service, with how to reach it and where its details come from.
    `thanks=<line id>`: a "Did you get through?" answer was just counted (without JavaScript)."""
    found = db.session.scalar(queries.service_page(slug))
    if found is None:
        abort(404)
    return render_template("public/service.html", service=found,
                           state_names=reference.state_names(current_locale()),
                           thanks=request.args.get("thanks", type=int))
