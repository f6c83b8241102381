"""The directory's listing, shared by the directory page, the widget and the API: the same
filters give the same services in the same order everywhere."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from .. import queries, reference
from ..web.clock import now
from .forms import DirectoryFilterForm
from ..search import parse_text


def filter_form(args: MultiDict, locale: str) -> DirectoryFilterForm:
    """The filter form, parsed and validated: invalid fields carry their errors."""
    form = DirectoryFilterForm(args, reference.states(), reference.service_types(), locale)
    form.validate()
    return form


def listing(filters: queries.DirectoryFilters, locale: str, page: int, per_page: int,
            *options, **kwargs) -> queries.Page:
    text = parse_text(filters.q) if filters.q else None
    return queries.paginate(queries.published_services(filters, now(), locale, text),
                            page, per_page, *options, **kwargs)
