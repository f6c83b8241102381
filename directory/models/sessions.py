"""Live sessions with certified specialists."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime
from .directory import Bilingual, utcnow


class LiveSession(Bilingual, db.Model):
    __tablename__ = "live_sessions"
    __table_args__ = (sa.Index("ix_live_sessions_listing", "is_published", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    title_en: Mapped[str | None] = mapped_column(sa.String(200))
    title_ms: Mapped[str | None] = mapped_column(sa.String(200))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_ms: Mapped[str | None] = mapped_column(sa.Text)
    speaker_name: Mapped[str] = mapped_column(sa.String(200))
    speaker_credentials_en: Mapped[str | None] = mapped_column(sa.String(300))
    speaker_credentials_ms: Mapped[str | None] = mapped_column(sa.String(300))
    language: Mapped[str] = mapped_column(sa.String(5))  # the language the session is held in
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(sa.SmallInteger)
    watch_url: Mapped[str | None] = mapped_column(sa.String(500))
    watch_label_en: Mapped[str | None] = mapped_column(sa.String(200))
    watch_label_ms: Mapped[str | None] = mapped_column(sa.String(200))
    # Sample data for demonstrations: always labelled as such, loaded only on request.
    is_demo: Mapped[bool] = mapped_column(default=False)
    is_published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def is_live(self, now: dt.datetime) -> bool:
        return self.starts_at <= now < self.ends_at
