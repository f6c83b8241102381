"""Site-level routes outside the language prefix: the root redirect and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, url_for

from .extensions import db
from .i18n import negotiated_locale

bp = Blueprint("ops", __name__)


@bp.route("/")
def root():
    """Send the visitor to the site in their browser's language (Malay by default)."""
    response = redirect(url_for("public.home", lang=negotiated_locale()), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        healthy = True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        healthy = False
    response = jsonify(status="ok" if healthy else "unavailable", database=healthy)
    response.status_code = 200 if healthy else 503
    response.cache_control.no_store = True
    return response
