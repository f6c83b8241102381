"""Security headers on every response."""

from flask import request

EMBED_PREFIX = "/embed/"


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


CSP = content_security_policy()


def allow_framing(response, ancestors: str = "*"):
    """Let other sites frame this response: only honoured for the /embed/ pages."""
    response.frame_ancestors = ancestors
    return response


ALWAYS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy",
     "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def set_security_headers(response):
    """Each header unless the view set its own (the API's CORS policy, say); the headers are
    read once, not searched per header (this runs on every response, cached ones too)."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    ancestors = getattr(response, "frame_ancestors", None)
    frameable = bool(ancestors) and request.path.startswith(EMBED_PREFIX)
    wanted = [("Content-Security-Policy", content_security_policy(ancestors) if frameable else CSP),
              *ALWAYS]
    if not frameable:
        wanted.append(("X-Frame-Options", "DENY"))
    if request.is_secure:
        wanted.append(HSTS)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response
