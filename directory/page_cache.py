"""A short-lived cache of rendered directory pages and fragments, in this process.

A listing depends on the data and on the time (the "open now" badges), and opening hours are
whole minutes, so a rendered page stays right until the next minute starts: that is when it
expires. A moderator's change empties this process's cache at once; other workers catch up
within the minute. Requests with a text query are never cached: they may signal a crisis,
which is counted per request.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from functools import wraps

from flask import current_app, make_response, request

from .clock import now
from .htmx import wants_fragment

MAX_ENTRIES = 2000


def _store() -> OrderedDict:
    return current_app.extensions.setdefault("jaga_page_cache", OrderedDict())


def next_minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def cached(view):
    """Serve a GET view from the cache when the same URL was rendered this minute."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_app.config.get("PAGE_CACHE_ENABLED", True) or request.args.get("q"):
            return view(*args, **kwargs)
        key = (request.full_path, wants_fragment())
        store, moment = _store(), now()
        hit = store.get(key)
        if hit and moment < hit[0]:
            _expires, body, status, headers = hit
            return make_response(body, status, headers)
        response = make_response(view(*args, **kwargs))
        if response.status_code in (200, 400, 404) and not response.is_streamed:
            store[key] = (next_minute(moment), response.get_data(), response.status_code,
                          [(k, v) for k, v in response.headers.items() if k in ("Content-Type", "Vary")])
            while len(store) > MAX_ENTRIES:
                store.popitem(last=False)
        return response

    return wrapper


def clear() -> None:
    current_app.extensions.pop("jaga_page_cache", None)
