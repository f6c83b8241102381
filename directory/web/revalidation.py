"""Conditional requests for pages: a repeat visit costs a 304 instead of the whole page."""

from flask import g, request, session


def keep_private_pages_private(response):
    """A page that carries a CSRF token or sets the session cookie belongs to one browser:
    no shared cache may keep it, and the browser need not either."""
    if session.modified or g.get("csrf_token"):
        response.cache_control.no_cache = None
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


def revalidate_pages(response):
    """Public HTML pages: an ETag from the body, and browsers must check before reusing it."""
    # On every page, cached ones included: the headers are read as strings, not parsed.
    directives = response.headers.get("Cache-Control", "")
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.headers.get("Content-Type", "").startswith("text/html")
            and "no-store" not in directives and not response.is_streamed):
        if "no-cache" not in directives:
            response.headers["Cache-Control"] = ", ".join(filter(None, (directives, "no-cache")))
        response.add_etag()
        # Only a conditional request can become a 304 (most requests are not: skip the work).
        if "HTTP_IF_NONE_MATCH" in request.environ or "HTTP_IF_MODIFIED_SINCE" in request.environ:
            response.make_conditional(request)
    return response


def init_app(app) -> None:
    # after_request runs in reverse order: private pages are marked before revalidation.
    app.after_request(revalidate_pages)
    app.after_request(keep_private_pages_private)
