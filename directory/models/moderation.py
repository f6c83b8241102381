"""Moderators, NGO submissions and the audit trail."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE

from ..extensions import db
from .directory import utcnow
from .types import UTCDateTime, one_of

ROLES = ("moderator", "admin")
SUBMISSION_KINDS = ("new_service", "update", "report")
SUBMISSION_STATES = ("received", "approved", "rejected")
REPORT_REASONS = ("number_not_working", "closed", "wrong_hours", "other")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Part of every signed-in session (see get_id); bumping it ends them all, on every server.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this account out everywhere: at sign-out, password or role change."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@sa.event.listens_for(User.password_hash, "set")
@sa.event.listens_for(User.role, "set")
def _credentials_changed(user: User, value, oldvalue, _initiator) -> None:
    """A new password or role ends the account's sessions, whatever code path changed it."""
    if oldvalue not in (NO_VALUE, NEVER_SET) and oldvalue != value:
        user.end_sessions()


class Submission(db.Model):
    """Something an NGO or a member of the public sent: kept forever, never deleted."""

    __tablename__ = "submissions"
    __table_args__ = (
        one_of("kind", SUBMISSION_KINDS),
        one_of("status", SUBMISSION_STATES),
        sa.Index("ix_submissions_queue", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default="received")
    service_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("services.id", ondelete="RESTRICT"), index=True
    )
    # What was proposed, as the form's cleaned values (see moderation.EDITABLE_FIELDS).
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # For updates: the published values the proposal was made against.
    base: Mapped[dict | None] = mapped_column(sa.JSON)
    report_reason: Mapped[str | None] = mapped_column(sa.String(30))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    submitter_name: Mapped[str | None] = mapped_column(sa.String(200))
    submitter_organisation: Mapped[str | None] = mapped_column(sa.String(200))
    submitter_contact: Mapped[str | None] = mapped_column(sa.String(254))
    locale: Mapped[str] = mapped_column(sa.String(10), default="ms")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)

    service = relationship("Service")
    decided_by: Mapped[User | None] = relationship()


class AuditEntry(db.Model):
    """One change to published data: who, when, what (before and after)."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    entity: Mapped[str] = mapped_column(sa.String(40))  # "service", "live_session", "user"
    entity_id: Mapped[int | None]
    submission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("submissions.id"))
    # {field: [before, after]}
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user: Mapped[User | None] = relationship()
    submission: Mapped[Submission | None] = relationship()
