"""A short-lived cache of rendered directory pages and fragments, in this process.

A listing depends on the data and on the time (the "open now" badges), and opening hours are
whole minutes, so a rendered page stays right until the next minute starts: that is when it
expires. A moderator's change bumps a data-version counter in the database; every process
reads it once per request and drops what it rendered from older data, so a change is visible
through every worker and server at once. Requests with a text query are never cached: they may
signal a crisis, which is counted per request.

The key is built from what the page is rendered from, never from what a client may vary at
will: the path, the known filter parameters (normalised), htmx or not, and the host only when
absolute links are built from it (no PUBLIC_BASE_URL). Only 200 responses are stored, so
invalid values and unknown slugs cannot fill the cache.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, make_response, request

from .web.clock import now
from .extensions import db
from .web.htmx import wants_fragment

MAX_ENTRIES = 2000
# Deeper result pages are rare; rendering them each time keeps the key space small.
MAX_CACHED_PAGE = 20
DATA_VERSION = "published"
_VERSION_KEY = "jaga_page_cache_version"


def _store() -> OrderedDict:
    return current_app.extensions.setdefault("jaga_page_cache", OrderedDict())


def next_minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def cache_key(params: tuple[str, ...] = ()) -> tuple | None:
    """What identifies a rendered page, or None when it must not be cached.

    Only the parameters a view reads (`params`) take part, with empty values dropped and
    values sorted: `?utm_source=…`, `fbclid`, `gclid` and any other unknown parameter give the
    same key as the bare URL."""
    if request.args.get("q", "").strip():
        return None
    args = tuple(sorted((name, value.strip()) for name in params
                        for value in request.args.getlist(name) if value.strip()))
    page = dict(args).get("page", "1")
    if not page.isdigit() or int(page) > MAX_CACHED_PAGE:
        return None
    host = None if current_app.config.get("PUBLIC_BASE_URL") else (request.scheme, request.host)
    return (host, request.path, args, wants_fragment())


def cached(view=None, *, params: tuple[str, ...] = ()):
    """Serve a GET view from the cache when the same page was rendered this minute from the
    same data. `params`: the query parameters the view's output depends on."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            key = cache_key(params) if current_app.config.get("PAGE_CACHE_ENABLED", True) else None
            if key is None:
                return view(*args, **kwargs)
            store, moment, version = _store(), now(), current_app.extensions.get(_VERSION_KEY)
            hit = store.get(key)
            if hit and moment < hit[0] and hit[1] == version:
                _expires, _version, body, status, headers = hit
                return make_response(body, status, headers)
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.is_streamed:
                store[key] = (next_minute(moment), version, response.get_data(),
                              response.status_code,
                              [(k, v) for k, v in response.headers.items()
                               if k in ("Content-Type", "Vary")])
                store.move_to_end(key)
                while len(store) > MAX_ENTRIES:
                    store.popitem(last=False)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def read_data_version() -> int | None:
    return db.session.scalar(sa.text("SELECT version FROM data_versions WHERE name = :name"),
                             {"name": DATA_VERSION})


def bump_data_version() -> None:
    """After a change to published data: every process drops its rendered pages."""
    try:
        updated = db.session.execute(
            sa.text("UPDATE data_versions SET version = version + 1 WHERE name = :name"),
            {"name": DATA_VERSION}).rowcount
        if not updated:
            db.session.execute(sa.text("INSERT INTO data_versions (name, version) VALUES (:name, 1)"),
                               {"name": DATA_VERSION})
        db.session.commit()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Could not bump the data version: other processes serve "
                                     "their cached pages until the minute turns")


def sync_with_data_version() -> None:
    """Once per request: drop this process's rendered pages and reference data if another
    process changed published data since. With the database unreachable, keep what we have."""
    if not current_app.config.get("PAGE_CACHE_ENABLED", True) or request.endpoint in (None, "static"):
        return
    if g.get("_jaga_version_checked"):
        return
    g._jaga_version_checked = True
    try:
        version = read_data_version()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return
    extensions = current_app.extensions
    if extensions.get(_VERSION_KEY) != version:
        extensions.pop("jaga_page_cache", None)
        extensions.pop("jaga_reference", None)
        extensions[_VERSION_KEY] = version


def clear() -> None:
    current_app.extensions.pop("jaga_page_cache", None)
    bump_data_version()


def init_app(app) -> None:
    app.before_request(sync_with_data_version)
