"""The embeddable widget, and the site pages that explain it and the open data.

`/embed/<lang>/directory?...` is a compact, filtered list (same filters as the directory) that
other sites put in an iframe: the only pages that may be framed (see security.allow_framing).
`/<lang>/embed` builds the iframe snippet; `/<lang>/open-data` explains the API and exports.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from .. import queries, reference
from ..web.clock import now
from ..web.i18n import current_locale, languages
from ..public.listing import filter_form, listing
from ..crisis import crisis_signal
from ..web.security import allow_framing
from ..crisis.counts import count_signals

bp = Blueprint("embed", __name__)

FILTER_ARGS = ("state", "service", "speaks", "open", "cost", "audience", "q")


def filter_args(filters) -> dict:
    """The valid filters as query arguments (for links to the same results elsewhere)."""
    args = {"state": filters.state, "service": list(filters.services), "speaks": filters.speaks,
            "open": filters.open, "cost": filters.cost, "audience": filters.audience,
            "q": filters.q}
    return {k: v for k, v in args.items() if v}


@bp.route("/embed/<lang>/directory")
def directory():
    """The widget: the directory's filters, its first page of results, call links, 999."""
    locale = current_locale()
    form = filter_form(request.args, locale)
    filters = form.filters()
    page = listing(filters, locale, 1, current_app.config["PAGE_SIZE"], *queries.LISTING_DETAILS)
    states, service_types = reference.states(), reference.service_types()
    crisis = crisis_signal(filters.q)
    count_signals(crisis, now())
    errors = {name: form[name].errors for name in FILTER_ARGS if form[name].errors}
    html = render_template(
        "embed/directory.html", page=page, filters=filters, errors=errors, crisis=crisis,
        state_name=next((s.localized("name", locale) for s in states if s.code == filters.state),
                        None),
        type_names=[t.localized("name", locale) for t in service_types
                    if t.slug in filters.services],
        directory_url=url_for("public.directory", lang=locale, _external=True,
                              **filter_args(filters)),
    )
    response = current_app.make_response((html, 400 if errors else 200))
    return allow_framing(response, current_app.config["EMBED_FRAME_ANCESTORS"])


@bp.route("/<lang>/embed")
def snippet():
    """How to put the widget on another site: choose the filters, copy the iframe."""
    locale = current_locale()
    form = filter_form(request.args, locale)
    filters = form.filters()
    widget_lang = request.args.get("widget_lang", locale)
    if widget_lang not in languages():
        widget_lang = locale
    args = {k: v for k, v in filter_args(filters).items() if k in ("state", "service")}
    src = url_for("embed.directory", lang=widget_lang, _external=True, **args)
    return render_template(
        "embed/snippet.html", form=form, src=src, widget_lang=widget_lang,
        preview_src=url_for("embed.directory", lang=widget_lang, **args),
    )


@bp.route("/<lang>/open-data")
def open_data():
    """The open data: what the API and the exports offer, under which licence."""
    return render_template("embed/open_data.html")
