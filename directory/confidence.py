"""How sure we are of a listing, computed from its evidence by the research's own rubric.

`data/provenance/SOURCES.md` defines the levels:

- high: the number(s) shown by the organisation itself, or by a news report dated 2022 or
  later, with no unresolved conflict over the number;
- medium: the number shown only in a news item or primary source older than 2022 (or
  undated), or only in several independent third-party listings that agree; or an unresolved
  conflict over the hours (not the number) caps an otherwise high record here;
- low: no phone number, a single weak source, or an unresolved conflict over the number.

A source "shows the number" when its quote contains one of the record's phone numbers, so a
quote about the service that prints no number is context, not evidence for the number.
A moderator's confirmation with the service outranks every public source: it gives high.
Only high and medium records are published; low ones wait for a moderator's verification.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

LEVELS = ("low", "medium", "high")
PUBLISHED = frozenset({"high", "medium"})
# SOURCES.md: "a reputable news report dated 2022 or later".
RECENT_FROM_YEAR = 2022
# Conflicts the research records as unresolved, by what they are about.
CONFLICT_ABOUT = ("number", "hours")

_OWN_KINDS = {"official", "official statement (op-ed)", "press release", "submitted by the service"}
_LISTING_KINDS = {"third_party_code", "directory", "wiki", "encyclopedia mirror", "social", "blog",
                  "blog (reposted news)", "citizen journalism", "news aggregator"}


@dataclass(frozen=True)
class SourceFacts:
    """What the rule needs to know about one source."""

    kind: str | None
    date: str | None  # "2024-11-26", "2019-07", "2022" or None
    quote: str | None
    where: str | None  # url or locator: two quotes from one page are one source


def source_class(kind: str | None) -> str:
    """'own' (the organisation), 'news', 'listing' (third party) or 'other' (letters, ...)."""
    kind = (kind or "").strip().lower()
    if kind in _OWN_KINDS:
        return "own"
    if kind in _LISTING_KINDS:
        return "listing"
    if kind.startswith("news") or kind == "state government news":
        return "news"
    return "other"


def source_year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def shows_number(quote: str | None, numbers: Iterable[str]) -> bool:
    """Does the quote print one of the numbers (E.164 '+60...' or a short code as dialled)?"""
    if not quote:
        return False
    compact = _digits(quote)
    for number in numbers:
        national = number[3:] if number.startswith("+60") else number.lstrip("+")
        national = national.lstrip("0")
        if len(national) < 6:  # short codes (999, 15999): a number of their own in the text
            if re.search(rf"(?<!\d){re.escape(national)}(?!\d)", quote):
                return True
        elif national and national in compact:
            return True
    return False


def compute(numbers: list[str], sources: list[SourceFacts], conflicts: Iterable[str] = (),
            verified_on: dt.date | None = None) -> str:
    """The record's confidence level: 'high', 'medium' or 'low'."""
    if verified_on is not None:
        return "high"
    conflicts = set(conflicts)
    if not numbers or "number" in conflicts:
        return "low"
    showing = [s for s in sources if shows_number(s.quote, numbers)]
    strong = [s for s in showing if source_class(s.kind) == "own"
              or (source_class(s.kind) == "news" and (source_year(s.date) or 0) >= RECENT_FROM_YEAR)]
    listings = {s.where or s.quote for s in showing if source_class(s.kind) == "listing"}
    if strong:
        level = "high"
    elif any(source_class(s.kind) in ("news", "other") for s in showing) or len(listings) >= 2:
        level = "medium"
    else:
        level = "low"
    if conflicts & {"hours", "service"} and level == "high":
        level = "medium"
    return level


def is_published(level: str) -> bool:
    return level in PUBLISHED


def latest_source_date(sources: Iterable[SourceFacts], numbers: list[str]) -> str | None:
    """The newest dated source that prints the number (what "last seen" means on the page)."""
    dates = [s.date for s in sources if s.date and shows_number(s.quote, numbers)]
    return max(dates) if dates else None


def of_service(service) -> str:
    """The rule applied to a Service row (its phones, sources, conflicts and verification)."""
    return compute([p.number for p in service.phones], facts_of(service.sources),
                   conflicts_of(service), service.last_verified)


def facts_of(sources) -> list[SourceFacts]:
    return [SourceFacts(s.kind, s.source_date, s.seen_text, s.url or s.locator) for s in sources]


def conflicts_of(service) -> set[str]:
    return {c for c in (service.conflicts or "").split(",") if c}
