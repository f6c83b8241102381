"""Query builders for the public pages around the listing (the service page, the emergency
strip, reference data): they return Select objects, run nothing. The listing's own SQL is
in listing/query.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .listing.query import with_card_details
from .models import LiveSession, Service, ServiceType, State
from .models.directory import service_type_links


def service_page(slug: str) -> sa.Select:
    return with_card_details(
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
