"""App wiring: what every request goes through, whatever blueprint answers it.

errors (error pages, the database-down 503), security (headers), i18n (/<lang>/ routing, the
locale, content fallback), htmx (fragment or page), templating (template globals and filters),
assets (fingerprinted static files), logs (no query strings, no forged lines), revalidation
(ETags and 304s for HTML pages), session_cookie (the signed session cookie), caches (the one registry of in-process caches) and clock
(the current time, replaceable in tests).

Nothing is imported here at module level, so pure packages (crisis/, search/) can use
`web.caches` without pulling in Flask's request machinery.
"""


def init_app(app) -> None:
    """Register the request hooks, error handlers and template globals, in this order
    (after_request hooks run in reverse: security headers first, static files last)."""
    from . import assets, errors, i18n, logs, revalidation, templating
    from .security import set_security_headers
    from .session_cookie import SessionCookie

    app.session_interface = SessionCookie()
    i18n.init_app(app)
    assets.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    revalidation.init_app(app)
    app.after_request(set_security_headers)
