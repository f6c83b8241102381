"""A short-lived cache of rendered directory pages and fragments, in this process.

A listing depends on the data and on the time (the "open now" badges), and opening hours are
whole minutes, so a rendered page stays right until the next minute starts: that is when it
expires. A moderator's change bumps a data-version counter in the database; every process
reads it once per request and drops what it rendered from older data, so a change is visible
through every worker and server at once. Requests with a text query are never cached: they may
signal a crisis, which is counted per request.

The key is built from what the page is rendered from, never from what a client may vary at
will: the path, the validated filter set, htmx or not, and the host only when absolute links
are built from it (no PUBLIC_BASE_URL). Only 200 responses are stored, so invalid values and
unknown slugs cannot fill the cache; a page never renders a parameter that is not in its key
(see `g.page_args`, used by the language switch).
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import current_app, g, make_response, request

from ..extensions import db
from ..web import caches
from ..web.htmx import wants_fragment
from . import data_version

# Deeper result pages are rare; rendering them each time keeps the key space small.
MAX_CACHED_PAGE = 20
# key -> (data version, body, status, headers), until the minute turns.
PAGES = caches.register(caches.Cache("page_cache", expiry=caches.next_minute, max_entries=2000))


def cache_key(view_key: Callable[[], tuple | None]) -> tuple | None:
    """What identifies a rendered page, or None when it must not be cached.

    `view_key()` names what the view renders from (for the listing: the validated filter set,
    see ListingRequest.key), so `?utm_source=…`, `fbclid`, `ttclid` or the order of the
    parameters never make a new entry. The host takes part only when absolute links are built
    from it (no PUBLIC_BASE_URL)."""
    key = view_key()
    if key is None:
        return None
    host = None if current_app.config.get("PUBLIC_BASE_URL") else (request.scheme, request.host)
    return (host, request.path, key, wants_fragment())


def no_query() -> tuple:
    """For pages that read no query parameter: every query string is the bare page."""
    g.page_args = ()
    return ()


def cached(view=None, *, key: Callable[[], tuple | None] = no_query):
    """Serve a GET view from the cache when the same page was rendered this minute from the
    same data. `key`: what the view's output depends on besides the path (None: don't cache)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            enabled = current_app.config["PAGE_CACHE_ENABLED"]
            key_ = cache_key(key) if enabled else None
            if key_ is None:
                return view(*args, **kwargs)
            version = data_version.rendered_from()
            hit = PAGES.peek(key_)
            if hit and hit[0] == version:
                _version, body, status, headers = hit
                return make_response(body, status, headers)
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.is_streamed:
                # The ETag is computed once per entry, not on every hit (web/revalidation.py
                # keeps an ETag that is there).
                response.add_etag()
                PAGES.put(key_, (version, response.get_data(), response.status_code,
                                 [(k, v) for k, v in response.headers.items()
                                  if k in ("Content-Type", "Vary", "ETag")]))
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def sync_with_data_version() -> None:
    """Once per request: drop this process's rendered pages and reference data if another
    process changed published data since. With the database unreachable, keep what we have."""
    config = current_app.config
    if not (config["PAGE_CACHE_ENABLED"] or config["CARD_CACHE_ENABLED"]) \
            or request.endpoint in (None, "static"):
        return
    if g.get("_jaga_version_checked"):
        return
    g._jaga_version_checked = True
    try:
        version = data_version.current()
    except sa.exc.SQLAlchemyError:
        return
    if data_version.rendered_from() != version:
        drop_rendered()
        caches.clear("reference")
        data_version.remember(version)


def drop_rendered() -> None:
    """This process's rendered pages and cards."""
    from . import cards

    PAGES.clear()
    cards.forget()


def clear() -> None:
    """This process, after it committed a change (its transaction bumped the data version,
    see data_version.bump): every other process drops its copies at its next request."""
    drop_rendered()


def init_app(app) -> None:
    app.before_request(sync_with_data_version)
