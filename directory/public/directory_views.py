from flask import abort, current_app, render_template, request, url_for

from .. import queries, reference
from ..clock import now
from ..extensions import db
from ..htmx import render_switching
from ..i18n import current_locale
from ..signals import count_signals
from . import bp
from .forms import DirectoryFilterForm
from .text import crisis_signal, parse_text


def reference_data():
    return reference.states(), reference.service_types()


@bp.route("/")
def home():
    """Home: search, the way into the directory by state and type of help."""
    states, service_types = reference_data()
    return render_template("public/home.html", states=states, service_types=service_types)


def directory_context() -> dict:
    locale = current_locale()
    states, service_types = reference_data()
    form = DirectoryFilterForm(request.args, states, service_types, locale)
    form.validate()
    filters = form.filters()
    text = parse_text(filters.q) if filters.q else None
    stmt = queries.with_listing_details(queries.published_services(filters, now(), locale, text))
    page = db.paginate(stmt, page=form.page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    crisis = crisis_signal(filters.q)
    count_signals(crisis, now())
    return {"form": form, "filters": filters, "page": page, "page_url": directory_page_url,
            "crisis": crisis,
            "state_names": reference.state_names(locale)}


def directory_page_url(number: int) -> str:
    """The current directory query on another page of results."""
    args = {key: values for key, values in request.args.lists() if key != "page"}
    if number > 1:
        args["page"] = number
    return url_for("public.directory", **args)


@bp.route("/directory")
def directory():
    """Published services, filtered by the query string; htmx swaps only #results."""
    context = directory_context()
    status = 400 if context["form"].errors else 200
    return render_switching("public/directory.html", "public/_results.html", status, **context)


@bp.route("/services/<slug>")
def service(slug: str):
    """One published service, with how to reach it and where its details come from."""
    found = db.session.scalar(queries.service_page(slug))
    if found is None:
        abort(404)
    return render_template("public/service.html", service=found,
                           state_names=reference.state_names(current_locale()))
