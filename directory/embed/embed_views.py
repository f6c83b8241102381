"""The embeddable widget, and the site pages that explain it and the open data.

`/embed/<lang>/directory?...` is a compact, filtered list (same filters as the directory) that
other sites put in an iframe: the only pages that may be framed (see security.allow_framing).
`/<lang>/embed` builds the iframe snippet; `/<lang>/open-data` explains the API and exports.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from .. import listing, reference
from ..crisis import crisis_signal
from ..crisis.counts import count_signals
from ..listing import page_cache
from ..listing.query import CARD_DETAILS
from ..public.forms import ERROR_MESSAGES, filter_form
from ..web.clock import now
from ..web.i18n import current_locale, languages
from ..web.security import allow_framing

bp = Blueprint("embed", __name__)

# The filters a site can choose in the widget builder (the widget itself reads them all).
BUILDER_FILTERS = ("state", "service")


@bp.route("/embed/<lang>/directory")
def directory():
    """The widget: the directory's filters, its first page of results, call links, 999."""
    return allow_framing(current_app.make_response(widget()),
                         current_app.config["EMBED_FRAME_ANCESTORS"])


@page_cache.cached(key=listing.cache_key)
def widget():
    locale = current_locale()
    parsed = listing.current_request()
    filters = parsed.filters
    page = listing.find_services(filters, locale, 1, current_app.config["PAGE_SIZE"],
                                 *CARD_DETAILS)
    states, service_types = reference.states(), reference.service_types()
    crisis = crisis_signal(filters.q)
    count_signals(crisis, now())
    errors = {name: [ERROR_MESSAGES[error]] for name, error in parsed.errors.items()
              if name != "page"}
    html = render_template(
        "embed/directory.html", page=page, filters=filters, errors=errors, crisis=crisis,
        state_name=next((s.localized("name", locale) for s in states if s.code == filters.state),
                        None),
        type_names=[t.localized("name", locale) for t in service_types
                    if t.slug in filters.services],
        directory_url=url_for("public.directory", lang=locale, _external=True,
                              **filters.as_args()),
    )
    return html, 400 if errors else 200


@bp.route("/<lang>/embed")
def snippet():
    """How to put the widget on another site: choose the filters, copy the iframe."""
    locale = current_locale()
    parsed = listing.current_request()
    form = filter_form(parsed, locale)
    widget_lang = request.args.get("widget_lang", locale)
    if widget_lang not in languages():
        widget_lang = locale
    args = {k: v for k, v in parsed.filters.as_args().items() if k in BUILDER_FILTERS}
    src = url_for("embed.directory", lang=widget_lang, _external=True, **args)
    return render_template(
        "embed/snippet.html", form=form, src=src, widget_lang=widget_lang,
        preview_src=url_for("embed.directory", lang=widget_lang, **args),
    )


@bp.route("/<lang>/open-data")
def open_data():
    """The open data: what the API and the exports offer, under which licence."""
    return render_template("embed/open_data.html")
