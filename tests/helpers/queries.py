"""Counting the SQL statements a block of code runs, on every engine (the data-version check
runs on a small engine of its own)."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def count_statements(app=None):
    """`with count_statements(app) as statements: ...`; then `len(statements)`."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", listener)
