"""The directory's filters, defined once: their names, how they are parsed, their limits.

The directory page, its htmx fragment, the widget and the API all read a query string through
`parse()`; the page cache keys on its result; the OpenAPI document and the widget builder list
`FILTERS`. Parsing is pure: the allowed values come in as `choices`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from werkzeug.datastructures import MultiDict

from ..labels import AUDIENCE_LABELS, LANGUAGE_LABELS

MAX_QUERY_LENGTH = 100
MAX_PAGE = 99999
MAX_PER_PAGE = 200
_PAGE = re.compile(r"[1-9][0-9]{0,4}")
_PER_PAGE = re.compile(r"[1-9][0-9]{0,2}")

# Why a value was left out; each caller words it (the page in the reader's language, the
# API in English).
UNKNOWN_CHOICE, TOO_LONG, NO_SUCH_PAGE = "unknown_choice", "too_long", "no_such_page"


@dataclass(frozen=True)
class Filter:
    """One query parameter that narrows the listing.

    `choices`: None for free text, a tuple of allowed values, or the name of a vocabulary the
    caller passes in (state codes and service-type slugs live in the database)."""

    name: str
    description: str
    choices: tuple[str, ...] | str | None = None
    many: bool = False


FILTERS: tuple[Filter, ...] = (
    Filter("state", "ISO 3166-2:MY code: services in that state, and nationwide ones.", "states"),
    Filter("service", "Service-type slug; repeatable, matches any.", "service_types", many=True),
    Filter("speaks", "A language the service speaks (ISO 639-1).", tuple(LANGUAGE_LABELS)),
    Filter("open", "24h: open day and night; now: open now in Kuala Lumpur.", ("24h", "now")),
    Filter("cost", "free: free services only.", ("free",)),
    Filter("audience", "Who the service is for.", tuple(AUDIENCE_LABELS)),
    Filter("q", "Text search in both languages (synonyms, place names, small typos)."),
)
FILTER_NAMES = tuple(f.name for f in FILTERS)
# Every parameter a listing reads; anything else (utm_*, fbclid, ttclid…) never reaches it.
LISTING_PARAMS = FILTER_NAMES + ("page",)


@dataclass(frozen=True)
class Filters:
    """Valid filters in canonical form (`services` sorted, `q` with single spaces)."""

    state: str | None = None
    services: tuple[str, ...] = ()
    speaks: str | None = None
    open: str | None = None  # "24h" or "now"
    cost: str | None = None  # "free"
    audience: str | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.state, self.services, self.speaks, self.open, self.cost,
                    self.audience, self.q))

    def as_args(self) -> dict:
        """The filters as query arguments, for links to the same results elsewhere."""
        args = {"state": self.state, "service": list(self.services), "speaks": self.speaks,
                "open": self.open, "cost": self.cost, "audience": self.audience, "q": self.q}
        return {name: value for name, value in args.items() if value}


@dataclass(frozen=True)
class ListingRequest:
    """A parsed query string: the valid filters, the page, and what was left out and why."""

    filters: Filters = Filters()
    page: int = 1
    errors: Mapping[str, str] = field(default_factory=dict)


def _values(args: MultiDict, name: str) -> list[str]:
    return [v.strip() for v in args.getlist(name) if v.strip()]


def requested(args: MultiDict) -> dict[str, str | tuple[str, ...]]:
    """What a query string asks for, in canonical form, before any value is checked: the
    first value given for each filter (all of them, sorted and once each, for a repeatable
    one) and for `page`. Other parameters are not read and order does not matter: query
    strings that differ only in those ask for the same thing (the page cache keys on this)."""
    values: dict = {}
    for spec in FILTERS:
        given = _values(args, spec.name)
        if not given:
            continue
        if spec.choices is None:
            values[spec.name] = args.getlist(spec.name)[0]  # its spacing is the search's to read
        else:
            values[spec.name] = tuple(sorted(set(given))) if spec.many else given[0]
    page = _values(args, "page")
    if page:
        values["page"] = page[0]
    return values


def page_number(text: str) -> int | None:
    """A result page's number (1 to MAX_PAGE), or None when `text` is not one."""
    return int(text) if _PAGE.fullmatch(text) else None


def parse(args: MultiDict, choices: Mapping[str, Iterable[str]]) -> ListingRequest:
    """Read the filters and `page` from a query string. Empty values mean "no filter"; a value
    that is not allowed is left out and named in `errors` (the other filters still apply)."""
    asked = requested(args)
    values: dict = {}
    errors: dict[str, str] = {}
    for spec in FILTERS:
        given = asked.get(spec.name)
        if given is None:
            continue
        if spec.choices is None:
            if len(given) > MAX_QUERY_LENGTH:
                errors[spec.name] = TOO_LONG
            else:
                values[spec.name] = " ".join(given.split())
            continue
        allowed = choices[spec.choices] if isinstance(spec.choices, str) else spec.choices
        if any(value not in allowed for value in (given if spec.many else (given,))):
            errors[spec.name] = UNKNOWN_CHOICE
        else:
            values[spec.name] = given
    page = page_number(asked.get("page", "1"))
    if page is None:
        page = 1
        errors["page"] = NO_SUCH_PAGE
    filters = Filters(
        state=values.get("state"), services=values.get("service", ()),
        speaks=values.get("speaks"), open=values.get("open"), cost=values.get("cost"),
        audience=values.get("audience"), q=values.get("q", ""))
    return ListingRequest(filters, page, errors)


def parse_per_page(text: str, default: int) -> int | None:
    """`per_page` for the API: None when it is not a whole number from 1 to MAX_PER_PAGE."""
    text = text.strip()
    if not text:
        return default
    if _PER_PAGE.fullmatch(text) and int(text) <= MAX_PER_PAGE:
        return int(text)
    return None


def allowed_values(spec: Filter, choices: Mapping[str, Iterable[str]]) -> list[str]:
    if spec.choices is None:
        return []
    return list(choices[spec.choices] if isinstance(spec.choices, str) else spec.choices)
