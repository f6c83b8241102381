"""Conditional requests for pages: a repeat visit costs a 304 instead of the whole page."""

from flask import request


def revalidate_pages(response):
    """Public HTML pages: an ETag from the body, and browsers must check before reusing it."""
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.mimetype == "text/html" and not response.cache_control.no_store
            and not response.is_streamed):
        response.cache_control.no_cache = True
        response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app) -> None:
    app.after_request(revalidate_pages)
