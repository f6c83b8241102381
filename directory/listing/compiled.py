"""The listing's SQL, compiled once per filter set and run straight on the connection.

Building and compiling a Select costs more than running it; a listing without text has few
distinct filter sets, so each is compiled once (per process, language and page) and run with
`exec_driver_sql`. Bounded (web/caches.py); kept across data changes (the SQL does not
depend on the data).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from ..extensions import db
from ..web import caches

# (filters, language, page, …) -> CompiledSql. The SQL depends on the filters only.
STATEMENTS = caches.register(caches.Cache("listing_sql", max_entries=2000))


@dataclass(frozen=True)
class CompiledSql:
    sql: str
    params: dict | tuple


def get(key) -> CompiledSql | None:
    return STATEMENTS.peek(key)


def compile(stmt: sa.Select, key=None) -> CompiledSql:
    """`stmt` as SQL text and parameters for this database's driver; kept under `key`."""
    compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    found = CompiledSql(str(compiled), params)
    return STATEMENTS.put(key, found) if key is not None else found


def run(sql: CompiledSql) -> list:
    return db.session.connection().exec_driver_sql(sql.sql, sql.params).all()
