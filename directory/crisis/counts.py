"""What the site keeps about crisis searches: a daily count per category, nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..hours import KL
from ..models import CrisisSignalCount


def count_signals(categories: Iterable[str], now: dt.datetime) -> None:
    """Add one to today's count for each category; never fails the page that calls it."""
    categories = sorted(set(categories))
    if not categories:
        return
    day = now.astimezone(KL).date()
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(CrisisSignalCount).values(
        [{"day": day, "category": c, "count": 1} for c in categories]
    )
    statement = statement.on_conflict_do_update(
        index_elements=["day", "category"],
        set_={"count": CrisisSignalCount.count + 1},
    )
    # On its own connection and transaction: committing the request's session here would
    # expire every object the page has loaded and make it load them all again.
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    except sa.exc.SQLAlchemyError:
        current_app.logger.warning("Could not count a crisis signal (category %s)", categories)
