import sqlalchemy as sa
from flask import render_template, request
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AuditEntry
from . import bp

ENTITIES = ("service", "live_session", "user")


@bp.route("/audit")
def audit():
    """Every change to published data, newest first: who, when, and before / after."""
    entity = request.args.get("entity", "")
    stmt = sa.select(AuditEntry).options(selectinload(AuditEntry.user),
                                         selectinload(AuditEntry.submission))
    if entity in ENTITIES:
        stmt = stmt.where(AuditEntry.entity == entity)
    page = db.paginate(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
                       per_page=50, error_out=False)
    return render_template("admin/audit.html", page=page, entity=entity, entities=ENTITIES)
