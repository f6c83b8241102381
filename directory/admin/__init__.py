"""The moderators' area under /admin/: sign-in, the review queue, verification, live
sessions, the audit log and accounts. Every page needs a signed-in user and is never cached."""

from flask import Blueprint, request
from flask_login import current_user

from ..moderation.accounts import unauthorized

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_sign_in():
    if request.endpoint != "admin.login" and not current_user.is_authenticated:
        return unauthorized()
    return None


@bp.after_request
def never_cache(response):
    response.cache_control.no_store = True
    response.cache_control.private = True
    response.headers["Pragma"] = "no-cache"
    return response


from . import (  # noqa: E402,F401  (register the views)
    account_views, audit_views, queue_views, service_views, session_views, translation_views,
    verification_views,
)
