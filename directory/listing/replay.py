"""The page cache's fast path: a stored page sent again, as it was sent, before Flask runs.

A page cache hit (page_cache.py) saves the rendering but still goes through all of Flask: a
request context, every before- and after-request hook, the security headers, the ETag and,
for the phones that ask for it (all of them), Brotli or gzip on every hit. This WSGI layer keeps
the response exactly as it went out, status, headers and compressed body, and sends it again
to a request that would get the same bytes.

Which requests: GET and HEAD without a cookie, credentials or a condition (If-None-Match,
Range…). Those are the people who follow a shared link; anyone else goes through Flask and
the page cache as before, and a conditional request still gets its 304 there.

Which responses: the 200s that the page cache itself offers (`offer()`, called by
`page_cache.cached` for a page it may cache), not private, setting no cookie.

When two requests are the same: the same scheme, host and path; the same key computed by the
view's own key function from the query string (so tracking arguments and the order of the
parameters do not matter, exactly as in the page cache); and the same values of the request
headers that the response names in Vary (HX-Request, Accept-Encoding…).

When a stored response is sent again: only while the page cache's entry would be (the same
data version, and before the minute turns), so a moderator's change is seen at once here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from werkzeug.wrappers import Request

from ..web import caches
from ..web.clock import now_in
from . import data_version

# key -> Stored; one entry per page, host and variant (encoding, fragment or page).
SENT = caches.register(caches.Cache("sent_pages", max_entries=2000))
# What makes a request someone's own or conditional: Flask answers it.
FLASK_ANSWERS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH",
                 "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
                 "HTTP_IF_RANGE", "HTTP_RANGE")
OFFERED = "jaga.page_cache.offered"

ViewKey = Callable[..., "tuple | None"]


@dataclass(frozen=True)
class Stored:
    headers: tuple[tuple[str, str], ...]
    body: bytes
    version: int | None
    expires: dt.datetime  # when the page cache's entry expires


def offer(environ: dict, view_key: ViewKey, version: int | None, expires) -> None:
    """From the page cache: this response may be kept and sent again (if the request and the
    final response qualify), until `expires` or a new data version."""
    environ[OFFERED] = (view_key, version, expires)


def _vary_keys(headers) -> tuple[str, ...]:
    """The environ keys of the request headers a response varies on."""
    names = [name.strip() for name, value in headers if name.lower() == "vary"
             for name in value.split(",")]
    return tuple(sorted({"HTTP_" + name.upper().replace("-", "_") for name in names if name}))


class ReplayStoredPages:
    """WSGI middleware around the Flask app (inside ProxyFix, so scheme and host are the
    client's)."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        # path -> (the view's key function, the Vary keys): learned from what was stored.
        self.pages: dict[str, tuple[ViewKey, tuple[str, ...]]] = {}

    def __call__(self, environ, start_response):
        if not self._may_replay(environ):
            return self.wsgi_app(environ, start_response)
        page = self.pages.get(environ.get("PATH_INFO", ""))
        key = self._key(environ, *page) if page else None
        stored = SENT.peek(key, app=self.app) if key is not None else None
        if stored is not None and self._still_right(stored):
            start_response("200 OK", list(stored.headers))
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [stored.body]
        return self._answer_and_keep(environ, start_response)

    def _may_replay(self, environ) -> bool:
        return (self.app.config["PAGE_CACHE_ENABLED"]
                and environ["REQUEST_METHOD"] in ("GET", "HEAD")
                and "HTTP_HOST" in environ
                and not any(name in environ for name in FLASK_ANSWERS))

    def _key(self, environ, view_key: ViewKey, vary: tuple[str, ...]) -> tuple | None:
        try:
            args = Request(environ).args  # parsed exactly as Flask parses request.args
        except ValueError:  # bytes that are not UTF-8: Flask decides what to answer
            return None
        page_key = view_key(args)
        if page_key is None:
            return None
        return (environ["wsgi.url_scheme"], environ["HTTP_HOST"], environ.get("SCRIPT_NAME", ""),
                environ.get("PATH_INFO", ""), page_key, tuple(environ.get(name) for name in vary))

    def _still_right(self, stored: Stored) -> bool:
        if now_in(self.app) >= stored.expires:
            return False
        try:
            return stored.version == data_version.current_in(self.app)
        except sa.exc.SQLAlchemyError:
            return False  # Flask decides (a stale page, or the database-down page)

    def _answer_and_keep(self, environ, start_response):
        sent = {}

        def keep_start_response(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, keep_start_response)
        offered = environ.get(OFFERED)
        if offered is None or environ["REQUEST_METHOD"] != "GET" \
                or sent.get("status") != "200 OK" or not _may_keep(sent["headers"]):
            return body
        try:
            data = b"".join(body)  # offered: never a streamed response
        finally:
            if hasattr(body, "close"):
                body.close()
        view_key, version, expires = offered
        # The server adds its own Date (gunicorn always does): a stored one would be stale.
        headers = tuple((name, value) for name, value in sent["headers"]
                        if name.lower() != "date")
        vary = _vary_keys(headers)
        key = self._key(environ, view_key, vary)
        if key is not None:
            self.pages[environ.get("PATH_INFO", "")] = (view_key, vary)
            SENT.put(key, Stored(headers, data, version, expires), app=self.app)
        return [data]


def _may_keep(headers) -> bool:
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie" or (name == "cache-control"
                                    and ("private" in value or "no-store" in value)):
            return False
    return True
