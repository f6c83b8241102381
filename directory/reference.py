"""Small, rarely-changing data that almost every page shows, kept in memory for a while.

States, service types and the 24-hour crisis lines are read at most once a minute per process
instead of on every request. If the database is unreachable, the last copy is used: the
emergency strip and the forms keep working while PostgreSQL restarts. A moderator's change
clears this process's copy at once; other workers see it within a minute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask import current_app

from . import queries
from .extensions import db
from .models import Bilingual

TTL_SECONDS = 60


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
    """A nationwide 24-hour crisis line, as the emergency strip shows it."""

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
    store = current_app.extensions.setdefault("jaga_reference", {})
    saved = store.get(key)
    if saved and time.monotonic() < saved[0]:
        return saved[1]
    try:
        value = load()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        if saved:
            return saved[1]  # stale but useful: the database is down for a moment
        raise
    store[key] = (time.monotonic() + TTL_SECONDS, value)
    return value


def states() -> tuple[StateRef, ...]:
    return _cached("states", _load_states)


def service_types() -> tuple[TypeRef, ...]:
    return _cached("service_types", _load_types)


def crisis_lines() -> tuple[LineRef, ...]:
    return _cached("crisis_lines", _load_lines)


def call_now_lines() -> tuple[LineRef, ...]:
    """The 24-hour lines the guides and the help page name (queries.call_now_lines)."""
    return _cached("call_now_lines", lambda: _load_lines(queries.call_now_lines))


def published_type_slugs() -> frozenset[str]:
    return _cached("published_type_slugs",
                   lambda: frozenset(db.session.scalars(queries.published_type_slugs())))


def state_names(locale: str) -> dict:
    return {s.code: s.localized("name", locale) for s in states()}


def forget() -> None:
    """After a change to published data, in this process: this data and rendered pages."""
    from .listing import page_cache

    current_app.extensions.pop("jaga_reference", None)
    page_cache.clear()
