"""Counting the SQL statements a block of code runs (every connection of the app's engine)."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from directory.extensions import db


@contextmanager
def count_statements(app):
    """`with count_statements(app) as statements: ...`; then `len(statements)`."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
