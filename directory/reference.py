"""Small, rarely-changing data that almost every page shows, kept in memory for a while.

States, service types and the emergency strip's 24-hour lines are read at most once a minute per process
instead of on every request. If the database is unreachable, the last copy is used: the
emergency strip and the forms keep working while PostgreSQL restarts. A moderator's change
clears this process's copy at once; other workers see it within a minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask import current_app

from . import queries
from .extensions import db
from .models import Bilingual
from .web import caches

TTL_SECONDS = 60
# Stale data beats no data while the database restarts: the strip and the forms keep working.
CACHE = caches.register(caches.Cache("reference", expiry=caches.after(TTL_SECONDS),
                                     keep_stale_on_error=(sa.exc.SQLAlchemyError,)))


@dataclass(frozen=True)
class StateRef(Bilingual):
    code: str
    name_en: str
    name_ms: str


@dataclass(frozen=True)
class TypeRef(Bilingual):
    slug: str
    name_en: str
    name_ms: str
    description_en: str | None
    description_ms: str | None


@dataclass(frozen=True)
class PhoneRef:
    number: str
    display: str
    kind: str


@dataclass(frozen=True)
class LineRef(Bilingual):
    """A nationwide 24-hour line (or 999), as the emergency strip shows it."""

    slug: str
    name_en: str | None
    name_ms: str | None
    alternate_name_en: str | None
    alternate_name_ms: str | None
    phones: tuple[PhoneRef, ...]
    cost: str = "unknown"
    cost_note_en: str | None = None
    cost_note_ms: str | None = None


def _load_states() -> tuple[StateRef, ...]:
    return tuple(StateRef(s.code, s.name_en, s.name_ms)
                 for s in db.session.scalars(queries.all_states()))


def _load_types() -> tuple[TypeRef, ...]:
    return tuple(TypeRef(t.slug, t.name_en, t.name_ms, t.description_en, t.description_ms)
                 for t in db.session.scalars(queries.all_service_types()))


def _load_lines(query=queries.crisis_lines) -> tuple[LineRef, ...]:
    lines = db.session.scalars(query(current_app.config["EMERGENCY_SERVICE_SLUG"])).all()
    return tuple(
        LineRef(s.slug, s.name_en, s.name_ms, s.alternate_name_en, s.alternate_name_ms,
                tuple(PhoneRef(p.number, p.display, p.kind) for p in s.phones),
                s.cost, s.cost_note_en, s.cost_note_ms)
        for s in lines)


def _cached(key: str, load: Callable[[], tuple]) -> tuple:
    def load_or_roll_back():
        try:
            return load()
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            raise

    return CACHE.get(key, load_or_roll_back)


def states() -> tuple[StateRef, ...]:
    return _cached("states", _load_states)


def service_types() -> tuple[TypeRef, ...]:
    return _cached("service_types", _load_types)


def emergency_lines() -> tuple[LineRef, ...]:
    """The emergency strip's lines: 999 and the nationwide 24-hour lines
    (queries.crisis_lines)."""
    return _cached("emergency_lines", _load_lines)


def call_now_lines() -> tuple[LineRef, ...]:
    """The 24-hour lines the guides and the help page name (queries.call_now_lines)."""
    return _cached("call_now_lines", lambda: _load_lines(queries.call_now_lines))


def published_type_slugs() -> frozenset[str]:
    return _cached("published_type_slugs",
                   lambda: frozenset(db.session.scalars(queries.published_type_slugs())))


def filter_codes() -> dict[str, tuple[str, ...]]:
    """The codes the listing's filters accept, by vocabulary (listing.filters.Filter.choices)."""
    return _cached("filter_codes", lambda: {
        "states": tuple(s.code for s in states()),
        "service_types": tuple(t.slug for t in service_types())})


def state_names(locale: str) -> dict:
    return {s.code: s.localized("name", locale) for s in states()}


def forget() -> None:
    """After a change to published data, in this process: this data and rendered pages."""
    from .listing import page_cache

    CACHE.clear()
    page_cache.clear()
