"""Shared by the directory and the search page: the rate limit on text queries.

Parsing the text is search.parse_text(); its crisis signal is crisis.crisis_signal().
"""

from __future__ import annotations

from functools import wraps

from flask import request

from ..extensions import limiter

# Per client address, shared by the search page and the directory's text filter. Generous:
# many phones share one address behind a carrier's NAT.
TEXT_SEARCH_LIMIT = "60 per minute;600 per hour"


def has_text_query() -> bool:
    return bool(request.args.get("q", "").strip())


_shared_text_limit = limiter.shared_limit(TEXT_SEARCH_LIMIT, scope="text-search")


def text_search_limit(view):
    """The shared limit on requests with a text query; a request without one (most of the
    directory's, and every cached page) does not go through the limiter at all."""
    limited = _shared_text_limit(view)

    @wraps(view)
    def wrapper(*args, **kwargs):
        return (limited if has_text_query() else view)(*args, **kwargs)

    return wrapper
