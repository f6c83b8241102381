"""Shared by the directory and the search page: the text query and its crisis signal."""

from __future__ import annotations

from flask import request

from ..crisis import default_terms, match
from ..extensions import limiter
# Per client address, shared by the search page and the directory's text filter. Generous:
# many phones share one address behind a carrier's NAT.
TEXT_SEARCH_LIMIT = "60 per minute;600 per hour"


def has_text_query() -> bool:
    return bool(request.args.get("q", "").strip())


text_search_limit = limiter.shared_limit(TEXT_SEARCH_LIMIT, scope="text-search",
                                         exempt_when=lambda: not has_text_query())


def crisis_signal(q: str) -> frozenset[str]:
    return match(q) if q else frozenset()


def crisis_service_types(categories) -> list[str]:
    """The service-type slugs that fit the signalled categories, in a stable order."""
    data = default_terms().service_types
    return list(dict.fromkeys(slug for c in sorted(categories) for slug in data.get(c, ())))
