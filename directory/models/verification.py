"""Keeping numbers true: moderators' verification calls and the public's "Did you get through?"."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .directory import utcnow
from .types import UTCDateTime, one_of

CALL_OUTCOMES = ("answered_confirmed", "answered_changes", "no_answer", "not_in_service",
                 "wrong_organisation")
FAILED_OUTCOMES = frozenset({"no_answer", "not_in_service", "wrong_organisation"})
FEEDBACK_ANSWERS = ("got_through", "no_answer", "wrong_number", "closed")


class VerificationCall(db.Model):
    """One call a moderator made to one line, and what it found. Kept forever."""

    __tablename__ = "verification_calls"
    __table_args__ = (
        one_of("outcome", CALL_OUTCOMES),
        sa.Index("ix_verification_calls_phone_day", "phone_id", "called_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("services.id", ondelete="CASCADE"),
                                            index=True)
    # NULL once the line itself is removed by an approved update; `number` keeps what was called.
    phone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("phones.id", ondelete="SET NULL"))
    number: Mapped[str] = mapped_column(sa.String(20))
    outcome: Mapped[str] = mapped_column(sa.String(30))
    # The day of the call in Kuala Lumpur (a moderator may record yesterday's call today).
    called_on: Mapped[dt.date] = mapped_column(sa.Date)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(sa.Text)
    # "Answered with changes": the proposal it opened in the review queue.
    submission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("submissions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")
    submission = relationship("Submission")

    @property
    def failed(self) -> bool:
        return self.outcome in FAILED_OUTCOMES


class LineFeedbackCount(db.Model):
    """How many people answered "Did you get through?" each way, per line and day (in Kuala
    Lumpur). Nothing else: no address, no cookie, no time of day, no identifier."""

    __tablename__ = "line_feedback_counts"
    __table_args__ = (one_of("answer", FEEDBACK_ANSWERS),)
    phone_id: Mapped[int] = mapped_column(sa.ForeignKey("phones.id", ondelete="CASCADE"),
                                          primary_key=True)
    day: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    answer: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
