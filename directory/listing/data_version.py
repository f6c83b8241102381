"""One data version for every process and every server.

A change to published data bumps the `data_versions` row ("published"). Each process remembers
the version it rendered from; before a request it compares it with the current one and, when
another process (or server) changed the data, drops what it rendered: pages, cards, reference
data. So an unpublished line leaves the emergency strip on every worker at once.

How a process knows the current version:
- PostgreSQL: a listener thread holds a `LISTEN jaga_data_version` connection, and a bump
  sends `pg_notify` with the new version in its transaction (PostgreSQL delivers it when the
  transaction commits, before the moderator's response is sent). The listener also re-reads the
  row every few seconds, so a request costs nothing. Until the listener is connected, and
  whenever it loses its connection, requests read the row themselves.
- SQLite (one machine): each request reads the row (a local read).
Requests read on a small autocommit engine of their own: one statement, no session.
"""

from __future__ import annotations

import os
import threading
import time

import sqlalchemy as sa
from flask import current_app

from ..extensions import db

NAME = "published"
CHANNEL = "jaga_data_version"
_READ = "SELECT version FROM data_versions WHERE name = 'published'"
# The listener re-reads the row this often even without a notice (and so notices a dead link).
HEARTBEAT_SECONDS = 5.0
RETRIES = 5
# After the listener gave up (the database was down), a request may start a new one this late.
RESTART_AFTER_SECONDS = 30.0


class Listener(threading.Thread):
    """Keeps `version` current from PostgreSQL's notices; `live` while it is connected."""

    def __init__(self, conninfo: str):
        super().__init__(name="jaga-data-version", daemon=True)
        self.conninfo = conninfo
        self.version: int | None = None
        self.live = False
        self.stopped = False
        self.pid = os.getpid()
        self.started_at = time.monotonic()

    def run(self) -> None:
        import psycopg

        failures = 0
        while not self.stopped and failures < RETRIES:
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=2) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._read(conn)
                    self.live, failures = True, 0
                    while not self.stopped:
                        for notice in conn.notifies(timeout=HEARTBEAT_SECONDS):
                            # The payload is the new version: no round trip before it counts.
                            self.version = int(notice.payload) if notice.payload.isdigit() \
                                else self.version
                        self._read(conn)
            except psycopg.Error:
                failures += 1
            self.live = False
            time.sleep(min(2 ** failures * 0.1, 2.0))

    def _read(self, conn) -> None:
        row = conn.execute(_READ).fetchone()
        self.version = row[0] if row else None


def _engine() -> sa.Engine:
    extensions = current_app.extensions
    engine = extensions.get("jaga_version_engine")
    if engine is None:
        engine = extensions["jaga_version_engine"] = sa.create_engine(
            db.engine.url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=4,
            hide_parameters=True)
        # Closed with the app's own engine (tests dispose of it; so does a fork-safe restart).
        sa.event.listen(db.engine, "engine_disposed",
                        lambda _engine: extensions.pop("jaga_version_engine").dispose())
    return engine


def _listener() -> Listener | None:
    """This process's listener on PostgreSQL, started on first use (after a fork)."""
    if db.engine.dialect.name != "postgresql" or not current_app.config["DATA_VERSION_LISTEN"]:
        return None
    extensions = current_app.extensions
    listener = extensions.get("jaga_version_listener")
    gave_up = listener is not None and not listener.is_alive() \
        and time.monotonic() - listener.started_at > RESTART_AFTER_SECONDS
    if listener is None or listener.pid != os.getpid() or gave_up:
        url = db.engine.url.set(drivername="postgresql")
        listener = extensions["jaga_version_listener"] = Listener(
            url.render_as_string(hide_password=False))
        listener.start()
        sa.event.listen(db.engine, "engine_disposed", lambda _engine: _stop(listener))
    return listener


def current() -> int | None:
    """The current data version: from the listener when it is live, else one read."""
    listener = _listener()
    if listener is not None and listener.live:
        return listener.version
    with _engine().connect() as connection:
        return connection.exec_driver_sql(_READ).scalar()


def current_in(app) -> int | None:
    """current(), outside a request: no app context at all while the listener is live."""
    listener = app.extensions.get("jaga_version_listener")
    if listener is not None and listener.live and listener.pid == os.getpid():
        return listener.version
    with app.app_context():
        return current()


def rendered_from() -> int | None:
    """The version this process's cached pages, cards and reference data come from."""
    return current_app.extensions.get("jaga_rendered_version")


def remember(version: int | None) -> None:
    current_app.extensions["jaga_rendered_version"] = version


def bump() -> None:
    """In the current transaction: published data changed (visible to all at its commit)."""
    session = db.session
    updated = session.execute(
        sa.text("UPDATE data_versions SET version = version + 1 WHERE name = :name"),
        {"name": NAME}).rowcount
    if not updated:
        session.execute(sa.text("INSERT INTO data_versions (name, version) VALUES (:name, 1)"),
                        {"name": NAME})
    if db.engine.dialect.name == "postgresql":
        session.execute(sa.text(
            "SELECT pg_notify(:channel, (SELECT version FROM data_versions WHERE name = :name)::text)"),
            {"channel": CHANNEL, "name": NAME})


def _stop(listener: Listener) -> None:
    listener.stopped = True
