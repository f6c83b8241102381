"""Query builders for the public directory: they return Select objects, run nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import defer, selectinload

from . import hours, search
from .extensions import db
from .models import (
    LiveSession, Phone, Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage, ServiceType,
    State,
)
from .models.directory import service_type_links


@dataclass(frozen=True)
class DirectoryFilters:
    state: str | None = None
    services: tuple[str, ...] = ()
    speaks: str | None = None
    open: str | None = None  # "24h" or "now"
    cost: str | None = None  # "free"
    audience: str | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.state, self.services, self.speaks, self.open, self.cost,
                    self.audience, self.q))


def open_now_clause(now: dt.datetime):
    """SQL twin of hours.is_open(): a schedule period covers `now` in Kuala Lumpur."""
    day, minute = hours.local_minute(now)
    yesterday = (day - 1) % 7
    overnight = Schedule.closes_minute <= Schedule.opens_minute
    # A line's own hours count only while the line is published.
    shown = sa.or_(Schedule.phone_id.is_(None),
                   sa.exists().where(Phone.id == Schedule.phone_id, Phone.is_published.is_(True)))
    return sa.or_(
        Service.is_24_7.is_(True),
        Service.schedules.any(sa.and_(shown, sa.or_(
            sa.and_(Schedule.weekday == day, Schedule.opens_minute <= minute,
                    sa.or_(Schedule.closes_minute > minute, overnight)),
            sa.and_(Schedule.weekday == yesterday, overnight, Schedule.closes_minute > minute),
        ))),
    )


def published_services(filters: DirectoryFilters, now: dt.datetime, locale: str,
                       text: search.ParsedQuery | None = None) -> sa.Select:
    """Published services by the directory's filters; `text` is the parsed `q`."""
    # A plain boolean test, so PostgreSQL can use the partial listing-order indexes.
    stmt = sa.select(Service).where(Service.is_published)
    state = filters.state or (text.state if text else None)
    if state:
        stmt = stmt.where(sa.or_(
            Service.nationwide.is_(True),
            Service.areas.any(ServiceArea.state_code == state),
        ))
    if filters.services:
        stmt = stmt.where(Service.types.any(ServiceType.slug.in_(filters.services)))
    if filters.speaks:
        stmt = stmt.where(Service.languages.any(ServiceLanguage.code == filters.speaks))
    if filters.open == "24h":
        stmt = stmt.where(Service.is_24_7.is_(True))
    elif filters.open == "now":
        # never on conflicting hours (such records carry no schedule; this guards edits too)
        stmt = stmt.where(open_now_clause(now), ~Service.conflicts.contains("hours"))
    if filters.cost == "free":
        stmt = stmt.where(Service.cost == "free")
    if filters.audience:
        stmt = stmt.where(Service.audiences.any(ServiceAudience.code == filters.audience))
    if text and text.concepts:
        stmt = stmt.where(search.sql_clause(Service.search_text, text.concepts))
    return stmt.order_by(*listing_order(locale))


def listing_order(locale: str):
    first, second = (Service.name_en, Service.name_ms) if locale == "en" else (
        Service.name_ms, Service.name_en)
    return (Service.is_24_7.desc(), sa.func.lower(sa.func.coalesce(first, second)), Service.id)


@dataclass(frozen=True)
class Page:
    """One page of results and the arithmetic the templates need.

    `total` is exact unless `capped`: then there are more than `total` results.
    """

    items: list
    total: int
    page: int
    per_page: int
    has_next: bool
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


UNCAPPED = None
CONFIGURED = -1


def paginate(stmt: sa.Select, page: int, per_page: int, *options,
             count_cap: int | None = CONFIGURED) -> Page:
    """Two queries whatever the page: a narrow count, then the page's rows with `options`.

    Counting stops after `count_cap` rows ("more than 1,000 found"), so a broad search costs
    the same with ten thousand services as with one thousand.
    """
    if count_cap == CONFIGURED:
        count_cap = current_app.config.get("LISTING_COUNT_CAP", 1000)
    counted = stmt.with_only_columns(sa.literal(1), maintain_column_froms=True).order_by(None)
    if count_cap is not None:
        counted = counted.limit(count_cap + 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
    capped = count_cap is not None and total > count_cap
    rows = db.session.scalars(
        stmt.options(*options).limit(per_page + 1).offset((page - 1) * per_page)).all()
    return Page(list(rows[:per_page]), count_cap if capped else total, page, per_page,
                has_next=len(rows) > per_page, capped=capped)


LISTING_DETAILS = (
    selectinload(Service.types),
    selectinload(Service.phones),
    selectinload(Service.schedules),
    selectinload(Service.sources),  # for "number last seen in a public source in ..."
    selectinload(Service.languages),
    selectinload(Service.audiences),
    selectinload(Service.areas),
    defer(Service.search_text),
    defer(Service.notes),
)


def with_listing_details(stmt: sa.Select) -> sa.Select:
    """Load what a result card shows, in a fixed number of queries."""
    return stmt.options(*LISTING_DETAILS)


def service_page(slug: str) -> sa.Select:
    return with_listing_details(
        sa.select(Service).where(Service.slug == slug, Service.is_published.is_(True))
    ).options(selectinload(Service.sources), selectinload(Service.organization))


def crisis_lines(emergency_slug: str) -> sa.Select:
    """Nationwide 24/7 crisis lines for the emergency strip, the emergency number first."""
    return (
        sa.select(Service)
        .where(Service.is_published.is_(True), Service.is_24_7.is_(True),
               Service.nationwide.is_(True),
               Service.types.any(ServiceType.slug == "crisis-helpline"))
        .order_by((Service.slug != emergency_slug), Service.id)
        .options(selectinload(Service.phones))
    )


# The 24-hour lines a guide names for "call a line together": lines for a suicidal crisis
# or for young people's worries (not 999, which the text names on its own).
CALL_NOW_TYPES = ("suicide-prevention", "youth-support")


def call_now_lines(emergency_slug: str) -> sa.Select:
    """Published nationwide 24/7 lines of CALL_NOW_TYPES, suicide-prevention lines first."""
    return (
        sa.select(Service)
        .where(Service.is_published.is_(True), Service.is_24_7.is_(True),
               Service.nationwide.is_(True), Service.slug != emergency_slug,
               Service.types.any(ServiceType.slug.in_(CALL_NOW_TYPES)))
        .order_by(~Service.types.any(ServiceType.slug == "suicide-prevention"), Service.id)
        .options(selectinload(Service.phones))
    )


def published_type_slugs() -> sa.Select:
    """The service types that at least one published service has."""
    return (sa.select(ServiceType.slug).distinct()
            .join(service_type_links, service_type_links.c.service_type_id == ServiceType.id)
            .join(Service, Service.id == service_type_links.c.service_id)
            .where(Service.is_published.is_(True)))


def all_states() -> sa.Select:
    return sa.select(State).order_by(State.code)


def all_service_types() -> sa.Select:
    return sa.select(ServiceType).order_by(ServiceType.position)


def published_search_texts() -> sa.Select:
    return sa.select(Service.search_text).where(Service.is_published.is_(True))


def upcoming_and_recent_sessions(now: dt.datetime, recent_days: int = 30) -> sa.Select:
    """Published sessions that have not ended, or ended in the last `recent_days` days."""
    return (
        sa.select(LiveSession)
        .where(LiveSession.is_published.is_(True),
               LiveSession.starts_at >= now - dt.timedelta(days=recent_days, hours=12))
        .order_by(LiveSession.starts_at, LiveSession.id)
    )
