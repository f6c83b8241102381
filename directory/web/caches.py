"""The one registry of in-process caches: one expiry scheme, one way to clear them.

Every cache the app keeps in memory is declared here, by name, with its expiry:

    STATES = caches.register(caches.Cache("reference", expiry=caches.after(60)))
    STATES.get("states", load_states)        # load_states() runs when missing or expired

One expiry scheme: an `expiry` is a function from the moment an entry is stored (the app's
clock, `web.clock.now()`, so tests can move time) to the moment it expires, or to None for
"never" (data that changes only with a deploy: guide files, static files, the synonyms).
`after(seconds)`, `next_minute` and `never` are the three in use.

Per-app caches live in `app.extensions["jaga_<name>"]` (each app, hence each test, has its
own); `memoized` is for loaders of files shipped with the code (the crisis lexicon and
model), kept once per process. `clear_all()` empties every one of them; `clear(name)` one.

A cache like the page cache (listing/page_cache) registers the same way, with the extra
options it needs:

    PAGES = caches.register(caches.Cache("page_cache", expiry=caches.next_minute,
                                         max_entries=2000))
    hit = PAGES.peek(key)               # the value, or None when missing or expired
    PAGES.put(key, (version, body, status, headers))

`max_entries` evicts the least recently stored entry first; a version counter stays in the
value (compare it on `peek`), and `PAGES.clear()` drops this process's pages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import OrderedDict
from typing import Callable, Hashable

Expiry = Callable[[dt.datetime], "dt.datetime | None"]


def never(_stored_at: dt.datetime) -> None:
    """Kept until cleared (or the process ends)."""
    return None


def after(seconds: float) -> Expiry:
    """Expires `seconds` after it was stored."""
    def expires(stored_at: dt.datetime) -> dt.datetime:
        return stored_at + dt.timedelta(seconds=seconds)

    expires.__doc__ = f"Expires {seconds:g} seconds after it was stored."
    return expires


def next_minute(stored_at: dt.datetime) -> dt.datetime:
    """Expires when the minute turns (what "open now" depends on)."""
    return stored_at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def _now(app=None) -> dt.datetime:
    from .clock import now, now_in

    return now() if app is None else now_in(app)


class Cache:
    """A named cache in the current app: key -> (expires at or None, value)."""

    def __init__(self, name: str, *, expiry: Expiry = never, max_entries: int | None = None,
                 keep_stale_on_error: tuple[type[BaseException], ...] = ()):
        self.name = name
        self.expiry = expiry
        self.max_entries = max_entries
        # Errors on which get() serves an expired value rather than failing (the database is
        # down for a moment); the load's error is raised when there is nothing to serve.
        self.keep_stale_on_error = keep_stale_on_error

    @property
    def extension_key(self) -> str:
        return f"jaga_{self.name}"

    def store(self, app=None) -> OrderedDict:
        """This cache's entries in `app` (default: the current app)."""
        if app is None:
            from flask import current_app as app

        return app.extensions.setdefault(self.extension_key, OrderedDict())

    def peek(self, key: Hashable, default=None, *, app=None):
        """The stored value, or `default` when missing or expired."""
        saved = self.store(app).get(key)
        if saved is None or (saved[0] is not None and _now(app) >= saved[0]):
            return default
        return saved[1]

    def put(self, key: Hashable, value, *, app=None):
        store = self.store(app)
        store[key] = (self.expiry(_now(app)), value)
        store.move_to_end(key)
        if self.max_entries is not None:
            while len(store) > self.max_entries:
                store.popitem(last=False)
        return value

    def get(self, key: Hashable, load: Callable[[], object]):
        """The stored value, or `load()`'s (stored) when missing or expired."""
        missing = object()
        value = self.peek(key, missing)
        if value is not missing:
            return value
        try:
            value = load()
        except self.keep_stale_on_error:
            saved = self.store().get(key)
            if saved is not None:
                return saved[1]  # stale but useful
            raise
        return self.put(key, value)

    def clear(self) -> None:
        """Forget everything this cache holds in the current app."""
        from flask import current_app

        current_app.extensions.pop(self.extension_key, None)

    def __len__(self) -> int:
        return len(self.store())


REGISTRY: dict[str, Cache] = {}
MEMOIZED: dict[str, Callable] = {}


def register(cache: Cache) -> Cache:
    """Declare a cache; its name must be new (one name, one cache)."""
    if REGISTRY.get(cache.name, cache) is not cache:
        raise ValueError(f"a cache named {cache.name!r} is already registered")
    REGISTRY[cache.name] = cache
    return cache


def memoized(name: str):
    """A loader of files shipped with the code, run once per process (expiry: never)."""
    def decorate(load):
        cached = functools.cache(load)
        MEMOIZED[name] = cached
        return cached

    return decorate


def get(name: str) -> Cache:
    return REGISTRY[name]


def clear(name: str) -> None:
    if name in REGISTRY:
        REGISTRY[name].clear()
    else:
        MEMOIZED[name].cache_clear()


def clear_all() -> None:
    """Empty every in-process cache: this app's (when there is one), and the process-wide
    memoized loaders."""
    from flask import has_app_context

    if has_app_context():
        for cache in REGISTRY.values():
            cache.clear()
    for load in MEMOIZED.values():
        load.cache_clear()
