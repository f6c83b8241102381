"""Shared by the directory and the search page: the rate limit on text queries.

Parsing the text is search.parse_text(); its crisis signal is crisis.crisis_signal().
"""

from __future__ import annotations

from flask import request

from ..extensions import limiter

# Per client address, shared by the search page and the directory's text filter. Generous:
# many phones share one address behind a carrier's NAT.
TEXT_SEARCH_LIMIT = "60 per minute;600 per hour"


def has_text_query() -> bool:
    return bool(request.args.get("q", "").strip())


text_search_limit = limiter.shared_limit(TEXT_SEARCH_LIMIT, scope="text-search",
                                         exempt_when=lambda: not has_text_query())
