"""One notion of "is this an htmx request", and responses that switch on it."""

from flask import make_response, render_template, request


def wants_fragment() -> bool:
    """True for an htmx swap; a history restore must get the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_switching(page: str, fragment: str, /, status: int = 200, **context):
    """Render the full page or only its fragment, from the same context."""
    as_fragment = wants_fragment()
    # `oob`: the fragment also refreshes out-of-band parts (the language switch's links).
    html = render_template(fragment if as_fragment else page, oob=as_fragment, **context)
    response = make_response(html, status)
    response.vary.update(("HX-Request", "HX-History-Restore-Request"))
    return response
