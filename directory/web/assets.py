"""Fingerprinted static URLs, so static files can be cached for a year."""

import hashlib
from pathlib import Path

from flask import current_app, request, url_for

from . import caches

ONE_YEAR = 365 * 24 * 3600


# Static files change only with a deploy: each file is hashed once per process.
HASHES = caches.register(caches.Cache("asset_hashes"))


def fingerprint(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    return url_for("static", filename=filename, v=HASHES.get(filename, lambda: fingerprint(filename)))


def prepare_static(response):
    """Buffer static files (all small) so they are compressed, and cache fingerprinted ones.

    Buffering closes the file as soon as it is read; compressing a streamed file would leave
    the handle open until garbage collection.
    """
    if request.endpoint != "static":
        return response
    if response.is_streamed and response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
    if request.args.get("v") and response.status_code == 200:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response


def init_app(app) -> None:
    app.jinja_env.globals["static_url"] = static_url
    app.after_request(prepare_static)
