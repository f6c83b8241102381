"""Every setting, in one place: read from the environment once, when the app is created.

Settings without an environment variable are app settings: their defaults are here, and
`create_app(test_config)` (tests, the load benches) overrides them.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Refused in production by check_production(); only for a laptop.
DEV_SECRET_KEY = "dev-only-not-secret"  # nosec B105


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str] | None:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] or None


def public_origin(base_url: str | None) -> tuple[str, str, str] | None:
    """(scheme, host[:port], host) of PUBLIC_BASE_URL, which must be an origin: no path, no query."""
    if not base_url:
        return None
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise RuntimeError(f"PUBLIC_BASE_URL must look like https://jaga.example (got {base_url!r}).")
    return parts.scheme, parts.netloc.lower(), parts.hostname


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    from .content.guides import GUIDES_DIR, HELP_DIR

    default_db = "sqlite:///" + str(Path(instance_path) / "jaga.sqlite3")
    database_url = os.environ.get("DATABASE_URL", default_db)
    # Heroku-style URLs and plain psycopg URLs both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix):]
    return {
        "ENV_NAME": os.environ.get("JAGA_ENV", "development"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: error messages and logs never carry what people typed or searched.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "BABEL_DEFAULT_LOCALE": "ms",
        # The language the msgids are written in: its catalog may leave strings empty.
        "SOURCE_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Kuala_Lumpur",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        # Locales the site is served in; the first is the default.
        "LANGUAGES": os.environ.get("JAGA_LANGUAGES", "ms,en").split(","),
        "TIMEZONE": "Asia/Kuala_Lumpur",
        # Where "Quick exit" goes: a neutral page that says nothing about this site.
        "QUICK_EXIT_URL": os.environ.get("JAGA_QUICK_EXIT_URL", "https://www.google.com/"),
        "PAGE_SIZE": int(os.environ.get("JAGA_PAGE_SIZE", "20")),
        "TRUST_PROXY_HOPS": int(os.environ.get("TRUST_PROXY_HOPS", "0")),
        # Absolute links (share links, feeds, the API) are built from this origin, never from the
        # request's Host header; its host is also the default for TRUSTED_HOSTS.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or None,
        # Host names the site answers to (Flask: any other Host gets a 400). None: any host.
        "TRUSTED_HOSTS": _list("TRUSTED_HOSTS"),
        "PREFERRED_URL_SCHEME": "https" if _bool("JAGA_HTTPS", False) else "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("JAGA_HTTPS", False),
        # Jaga never sets a remember-me cookie; these flags cover Flask-Login's deletion of one.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("JAGA_HTTPS", False),
        "MAX_CONTENT_LENGTH": int(os.environ.get("JAGA_MAX_CONTENT_LENGTH", str(64 * 1024))),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        # Rendered listings reused until the minute turns (see listing/page_cache.py).
        "PAGE_CACHE_ENABLED": _bool("JAGA_PAGE_CACHE", True),
        # Counting results stops here: "more than 200 services found" (an exact count beyond
        # that helps nobody and costs a scan that grows with the data). A text query costs a
        # text match per row, so its count stops sooner.
        "LISTING_COUNT_CAP": int(os.environ.get("JAGA_LISTING_COUNT_CAP", "200")),
        "TEXT_COUNT_CAP": int(os.environ.get("JAGA_TEXT_COUNT_CAP", "100")),
        # Result cards rendered once per service, language and data version (listing/cards.py).
        "CARD_CACHE_ENABLED": _bool("JAGA_CARD_CACHE", True),
        # PostgreSQL: learn of data changes from LISTEN/NOTIFY instead of a read per request
        # (listing/data_version.py).
        "DATA_VERSION_LISTEN": _bool("JAGA_DATA_VERSION_LISTEN", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: limits keep working per process (a warning is logged), pages keep serving.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        # How many processes serve the app on this machine (gunicorn.conf.py sets it).
        "WORKER_COUNT": int(os.environ.get("JAGA_WORKERS", "1")),
        # How old a line's "last verified" date may be before it is due for a verification call.
        "VERIFY_MAX_AGE_MONTHS": int(os.environ.get("JAGA_VERIFY_MAX_AGE_MONTHS", "12")),
        "COMPRESS_MIMETYPES": [
            "text/html", "text/css", "text/javascript", "application/javascript",
            "application/json", "application/manifest+json", "image/svg+xml", "text/calendar",
            "text/csv",
        ],
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_STREAMS": False,  # static files are buffered first (see web/assets.py)
        # App settings (no environment variable).
        # The slug of the 999 listing, shown first on the emergency strip and never with a cost.
        "EMERGENCY_SERVICE_SLUG": "emergency-999",
        # Per-client limit on the whole API (one budget for all its routes).
        "API_RATE_LIMIT": "120 per minute",
        # Who may frame the /embed/ widget (CSP frame-ancestors); any site by default.
        "EMBED_FRAME_ANCESTORS": "*",
        # Where the guides and the help pages are read from (tests point them elsewhere).
        "GUIDES_DIR": GUIDES_DIR,
        "HELP_DIR": HELP_DIR,
        # The current time: None is the system clock; tests set a function returning a moment.
        "CLOCK": None,
        # Flask-Login's remember cookie (Jaga never sets one; only its deletion uses these).
        "REMEMBER_COOKIE_NAME": "remember_token",
        "REMEMBER_COOKIE_DOMAIN": None,
        "REMEMBER_COOKIE_PATH": "/",
    }


def check_production(config) -> None:
    """Refuse to start in production with settings that are only safe on a laptop."""
    if config["ENV_NAME"] != "production":
        return
    if config["SECRET_KEY"] in ("", DEV_SECRET_KEY) or len(config["SECRET_KEY"]) < 32:
        raise RuntimeError("SECRET_KEY must be set to a random value of 32+ characters in production.")
    if not config.get("PUBLIC_BASE_URL"):
        raise RuntimeError("PUBLIC_BASE_URL must be set in production (e.g. https://jaga.example): "
                           "absolute links must never come from the request's Host header.")
    storage = config.get("RATELIMIT_STORAGE_URI", "memory://")
    if config.get("RATELIMIT_ENABLED", True) and storage.startswith("memory://") \
            and config.get("WORKER_COUNT", 1) > 1:
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI is memory:// with several workers: every limit would count per "
            "process. Use Redis (redis://host:6379/0) or run one worker.")


def apply_public_origin(config) -> None:
    """Absolute URLs from PUBLIC_BASE_URL; its host is trusted unless TRUSTED_HOSTS says more."""
    origin = public_origin(config.get("PUBLIC_BASE_URL"))
    if origin is None:
        return
    scheme, netloc, hostname = origin
    config["SERVER_NAME"] = netloc
    config["PREFERRED_URL_SCHEME"] = scheme
    if not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = [hostname]
