"""The listing's SQL: published services by the filters, in the directory's order.

Builders return Select objects and run nothing; `paging.paginate` runs them.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload

from .. import hours, search
from ..extensions import db
from ..models import Phone, Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage, ServiceType
from .filters import Filters


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


def published_services(filters: Filters, now: dt.datetime, locale: str,
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
        stmt = stmt.where(search.sql_clause(Service.search_text, text.concepts, search_vector()))
    return stmt.order_by(*listing_order(locale))


# The words of search_text, indexed (PostgreSQL only: migration 8e4b2c6d1f07).
SEARCH_VECTOR = sa.literal_column("services.search_vector")


def search_vector():
    return SEARCH_VECTOR if db.engine.dialect.name == "postgresql" else None


def counted_ids(stmt: sa.Select, locale: str, page: int, per_page: int,
                count_cap: int | None) -> sa.Select:
    """One statement for a page of ids and the capped count: rows of (total, id, position),
    the ids of the page in order (one row with a null id when the page is empty). `stmt`
    is `published_services(...)`.

    One scan serves both: the first matches in the directory's order, up to the cap or the
    end of the page (whichever is further), numbered; their count is the capped total and
    the page is a slice of them. Scanning (and, for a text query, planning the text match)
    once instead of twice is what makes a search cheap."""
    window = None if count_cap is None else max(count_cap, page * per_page) + 1
    matching = (stmt.with_only_columns(
        Service.id.label("id"),
        sa.func.row_number().over(order_by=listing_order(locale)).label("position"))
        .limit(window).cte("matching"))
    total = sa.select(sa.func.count().label("total")).select_from(matching).subquery("total")
    first = (page - 1) * per_page
    ids = (sa.select(matching.c.id, matching.c.position)
           .where(matching.c.position > first, matching.c.position <= first + per_page + 1)
           .subquery("ids"))
    return (sa.select(total.c.total, ids.c.id, ids.c.position)
            .select_from(total.outerjoin(ids, sa.true()))
            .order_by(ids.c.position))


def listing_order(locale: str):
    first, second = (Service.name_en, Service.name_ms) if locale == "en" else (
        Service.name_ms, Service.name_en)
    return (Service.is_24_7.desc(), sa.func.lower(sa.func.coalesce(first, second)), Service.id)


# What a result card shows, loaded in a fixed number of queries (cards.py loads it only for
# cards it has not rendered since the data last changed).
CARD_DETAILS = (
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


def with_card_details(stmt: sa.Select) -> sa.Select:
    return stmt.options(*CARD_DETAILS)


def services_by_id(ids) -> sa.Select:
    return with_card_details(sa.select(Service).where(Service.id.in_(list(ids))))
