"""Aggregate counts that keep nothing about the person: no query text, no IP, no time of day."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class CrisisSignalCount(db.Model):
    """How many searches signalled each crisis category on a day (in Kuala Lumpur)."""

    __tablename__ = "crisis_signal_counts"
    day: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class DataVersion(db.Model):
    """A counter bumped on every change to published data (see page_cache.py)."""

    __tablename__ = "data_versions"
    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
