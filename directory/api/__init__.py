"""The open-data API under /api/v1: Open Referral HSDS 3.0 JSON, exports, OpenAPI.

Read-only and published data only. Every answer allows any origin (CORS, no credentials),
carries a strong ETag (304 on If-None-Match) and is rate-limited per client.
"""

from flask import Blueprint, current_app

from ..extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

def rate_limit() -> str:
    """Per-client limit on the whole API (one budget for all its routes): API_RATE_LIMIT."""
    return current_app.config["API_RATE_LIMIT"]


limiter.shared_limit(rate_limit, scope="api")(bp)

from . import api_views  # noqa: E402,F401
