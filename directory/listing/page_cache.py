"""A short-lived cache of rendered directory pages and fragments, in this process.

A listing depends on the data and on the time (the "open now" badges), and opening hours are
whole minutes, so a rendered page stays right until the next minute starts: that is when it
expires. A moderator's change bumps a data-version counter in the database; every process
reads it once per request and drops what it rendered from older data, so a change is visible
through every worker and server at once. Requests with a text query are never cached: they may
signal a crisis, which is counted per request.

The key is built from what the page is rendered from, never from what a client may vary at
will: the path, the filters asked for in canonical form, htmx or not, and the host only when
absolute links are built from it (no PUBLIC_BASE_URL). Only 200 responses are stored, so
invalid values and unknown slugs cannot fill the cache (every entry is a valid filter set); a
page never renders a parameter that is not in its key (see `g.page_args`, used by the
language switch). Each page it may cache is offered to replay.py, which sends the whole
response again to the next anonymous request for it without running Flask.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import current_app, g, make_response, request
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..web import caches, clock
from ..web.htmx import wants_fragment
from . import data_version, replay

# Deeper result pages are rare; rendering them each time keeps the key space small.
MAX_CACHED_PAGE = 20
# key -> (data version, body, status, headers), until the minute turns.
PAGES = caches.register(caches.Cache("page_cache", expiry=caches.next_minute, max_entries=2000))


def cache_key(view_key: Callable[[MultiDict], tuple | None]) -> tuple | None:
    """What identifies a rendered page, or None when it must not be cached.

    `view_key(args)` names what the view renders from in the query string (for the listing:
    the filters and page it asks for, see listing.cache_key), so `?utm_source=…`, `fbclid`,
    `ttclid` or the order of the parameters never make a new entry. The host takes part only
    when absolute links are built from it (no PUBLIC_BASE_URL)."""
    key = view_key(request.args)
    if key is None:
        return None
    host = None if current_app.config.get("PUBLIC_BASE_URL") else (request.scheme, request.host)
    return (host, request.path, key, wants_fragment())


def no_query(_args: MultiDict) -> tuple:
    """For pages that read no query parameter: every query string is the bare page."""
    return ()


def cached(view=None, *, key: Callable[[MultiDict], tuple | None] = no_query):
    """Serve a GET view from the cache when the same page was rendered this minute from the
    same data. `key(args)`: what the view's output depends on in the query string, a pure
    function of it (None: don't cache); the replay layer (listing/replay.py) calls it too."""

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
                response = make_response(body, status, headers)
            else:
                # The page renders nothing that is not in its key (the listing sets its
                # canonical filters): the language switch then carries no tracking argument.
                g.setdefault("page_args", ())
                response = make_response(view(*args, **kwargs))
                if response.status_code == 200 and not response.is_streamed:
                    # The ETag is computed once per entry, not on every hit
                    # (web/revalidation.py keeps an ETag that is there).
                    response.add_etag()
                    PAGES.put(key_, (version, response.get_data(), response.status_code,
                                     [(k, v) for k, v in response.headers.items()
                                      if k in ("Content-Type", "Vary", "ETag")]))
            if response.status_code == 200 and not response.is_streamed:
                replay.offer(request.environ, key, version, caches.next_minute(clock.now()))
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
    replay.SENT.clear()
    cards.forget()


def clear() -> None:
    """This process, after it committed a change (its transaction bumped the data version,
    see data_version.bump): every other process drops its copies at its next request."""
    drop_rendered()


def init_app(app) -> None:
    app.before_request(sync_with_data_version)
    app.wsgi_app = replay.ReplayStoredPages(app, app.wsgi_app)
