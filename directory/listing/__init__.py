"""The directory listing, shared by the directory page, the widget and the API: the same
query string gives the same services in the same order everywhere.

    filters.py     the filters: names, parsing, limits (defined once)
    query.py       the SQL: published services by filter, in the directory's order
    paging.py      a capped count and one page of rows
    compiled.py    the listing's SQL compiled once per filter set, run on the driver
    cards.py       result cards, rendered once per service, language and data version
    page_cache.py  rendered pages reused until the minute turns or the data changes
    replay.py      those pages' responses sent again, as sent, before Flask runs

A request travels: the page cache keys on `cache_key(args)` (the filters asked for, in
canonical form) → `current_request()` parses and checks them once → `find_ids()`/
`find_services()` run the query for one page → the view renders
`cards.render()` (or the API its JSON).
"""

from __future__ import annotations

from flask import g, request
from werkzeug.datastructures import MultiDict

from .. import reference
from ..extensions import db
from ..search import parse_text
from ..web.clock import now
from . import compiled, paging, query
from .filters import (FILTERS, LISTING_PARAMS, Filters, ListingRequest, page_number, parse,
                      requested)
from .page_cache import MAX_CACHED_PAGE

__all__ = ["FILTERS", "LISTING_PARAMS", "Filters", "ListingRequest", "choices",
           "current_request", "find_ids", "find_services", "cache_key", "form_args"]


def choices() -> dict[str, tuple[str, ...]]:
    """The vocabularies that filters name (`Filter.choices`), from the reference data."""
    return reference.filter_codes()


def current_request() -> ListingRequest:
    """This request's query string, parsed once. The page renders its canonical form, never a
    parameter that is not a filter (`g.page_args`, read by the language switch)."""
    parsed = g.get("_jaga_listing_request")
    if parsed is None:
        parsed = g._jaga_listing_request = parse(request.args, choices())
        g.page_args = form_args(parsed)
    return parsed


def cache_key(args: MultiDict) -> tuple | None:
    """The page cache's key for a listing: the filters and page it asks for, in canonical form
    (only a valid set is ever stored: a value that is not allowed makes the page a 400).
    None (render every time) for a text query, which may signal a crisis and is counted per
    request, and for deep pages."""
    asked = requested(args)
    page = page_number(asked.get("page", "1"))
    if "q" in asked or page is None or page > MAX_CACHED_PAGE:
        return None
    return tuple(asked.items())


def form_args(parsed: ListingRequest) -> MultiDict:
    """The query as the page shows it: the valid filters in their canonical form, and what was
    typed for a filter that was left out (so the reader can correct it)."""
    args = MultiDict()
    for name, value in parsed.filters.as_args().items():
        for item in (value if isinstance(value, list) else [value]):
            args.add(name, item)
    for name in parsed.errors:
        for raw in request.args.getlist(name):
            args.add(name, raw)
    if parsed.page > 1:
        args.add("page", str(parsed.page))
    return args


def _statement(filters: Filters, locale: str, text=None):
    if text is None and filters.q:
        text = parse_text(filters.q)
    return query.published_services(filters, now(), locale, text)


def find_ids(filters: Filters, locale: str, page: int, per_page: int,
             text=None) -> paging.Page:
    """One page of the listing as service ids (cards.render turns them into cards), with the
    count, in one query. `text`: an already parsed text query, instead of parsing `filters.q`.

    Without text, the SQL is compiled once per filter set, page and language (and minute, for
    "open now") and kept; a text query's words are never kept, not even as a cache key."""
    has_text = bool(filters.q or text)
    cap = paging.configured_cap(has_text)
    if has_text:
        # Through SQLAlchemy, whose compiled cache serves every query of the same shape.
        stmt = query.counted_ids(_statement(filters, locale, text), locale, page, per_page, cap)
        rows = db.session.execute(stmt).all()
    else:
        moment = now()
        key = (filters, locale, page, per_page, cap,
               moment.replace(second=0, microsecond=0) if filters.open == "now" else None)
        sql = compiled.get(key)
        if sql is None:
            stmt = query.counted_ids(_statement(filters, locale), locale, page, per_page, cap)
            sql = compiled.compile(stmt, key)
        rows = compiled.run(sql)
    return paging.from_counted_rows(rows, page, per_page, cap)


def find_services(filters: Filters, locale: str, page: int, per_page: int, *options,
                  **kwargs) -> paging.Page:
    """One page of the listing as Service objects, loaded with `options`."""
    return paging.paginate(_statement(filters, locale), page, per_page, *options, **kwargs)
