"""Fingerprinted static URLs, so static files can be cached for a year."""

import hashlib
from pathlib import Path

from flask import current_app, request, url_for

ONE_YEAR = 365 * 24 * 3600


def static_url(filename: str) -> str:
    cache = current_app.extensions.setdefault("jaga_asset_hashes", {})
    if filename not in cache:
        path = Path(current_app.static_folder) / filename
        cache[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return url_for("static", filename=filename, v=cache[filename])


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
