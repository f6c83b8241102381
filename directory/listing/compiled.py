"""The listing's SQL, compiled once per filter set and run straight on the connection.

Building and compiling a Select costs more than running it; a listing without text has few
distinct filter sets, so each is compiled once (per process, language and page) and run with
`exec_driver_sql`. Bounded; dropped with the rendered pages when the data version changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db

MAX_STATEMENTS = 2000
STORE = "jaga_listing_sql"


@dataclass(frozen=True)
class CompiledSql:
    sql: str
    params: dict | tuple


def _store() -> dict:
    return current_app.extensions.setdefault(STORE, {})


def get(key) -> CompiledSql | None:
    return _store().get(key)


def compile(stmt: sa.Select, key=None) -> CompiledSql:
    """`stmt` as SQL text and parameters for this database's driver; kept under `key`."""
    compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    found = CompiledSql(str(compiled), params)
    if key is not None:
        store = _store()
        if len(store) >= MAX_STATEMENTS:
            store.clear()
        store[key] = found
    return found


def run(sql: CompiledSql) -> list:
    return db.session.connection().exec_driver_sql(sql.sql, sql.params).all()


def forget() -> None:
    current_app.extensions.pop(STORE, None)
