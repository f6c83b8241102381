"""One page of a listing: a capped count and the page's rows, in two queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db


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
             count_cap: int | None = CONFIGURED, text: bool = False) -> Page:
    """Two queries whatever the page: a narrow count, then the page's rows with `options`.

    Counting stops after `count_cap` rows ("more than 200 found"), so a broad search costs
    the same with ten thousand services as with one thousand; a text query (`text`), whose
    every row costs a text match, stops sooner (TEXT_COUNT_CAP).
    """
    if count_cap == CONFIGURED:
        count_cap = configured_cap(text)
    counted = stmt.with_only_columns(sa.literal(1), maintain_column_froms=True).order_by(None)
    if count_cap is not None:
        counted = counted.limit(count_cap + 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
    capped = count_cap is not None and total > count_cap
    query = stmt.options(*options).limit(per_page + 1).offset((page - 1) * per_page)
    rows = db.session.scalars(query).all()
    return Page(list(rows[:per_page]), count_cap if capped else total, page, per_page,
                has_next=len(rows) > per_page, capped=capped)


def configured_cap(text: bool) -> int | None:
    return current_app.config["TEXT_COUNT_CAP" if text else "LISTING_COUNT_CAP"]


def from_counted_rows(rows, page: int, per_page: int, cap: int | None) -> Page:
    """A Page from the rows of query.counted_ids: (total, id, position)."""
    total = rows[0].total if rows else 0
    ids = [row.id for row in rows if row.id is not None]
    capped = cap is not None and total > cap
    return Page(ids[:per_page], cap if capped else total, page, per_page,
                has_next=len(ids) > per_page, capped=capped)
