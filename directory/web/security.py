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


def set_security_headers(response):
    headers = response.headers
    ancestors = getattr(response, "frame_ancestors", None)
    frameable = bool(ancestors) and request.path.startswith(EMBED_PREFIX)
    headers.setdefault("Content-Security-Policy",
                       content_security_policy(ancestors) if frameable else CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if not frameable:
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    )
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    return response
