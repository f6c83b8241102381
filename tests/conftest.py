"""Fixtures: an app per database backend (SQLite and a real PostgreSQL), client and runner.

Each backend gets a template database once per session (migrations applied with
`flask db upgrade`, bundled data seeded); every test then works on its own copy, so tests can
write freely. PostgreSQL tests are skipped with a clear message when no server answers,
unless JAGA_REQUIRE_POSTGRES=1 (as in CI), where that is a failure.
"""

from __future__ import annotations

import itertools
import shutil
import uuid

import pytest
import sqlalchemy as sa

from directory.extensions import db
from helpers.accounts import make_user, sign_in
from helpers.apps import WEDNESDAY_10AM, make_app
from helpers.databases import PG_ADMIN_URL, REQUIRE_PG, build_template, pg_admin_engine, pg_url
from helpers.queries import count_statements

_counter = itertools.count()
_pg_skipped: list[str] = []


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    build_template(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template():
    try:
        engine = pg_admin_engine()
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        message = f"PostgreSQL at {PG_ADMIN_URL} is not reachable ({error.orig.__class__.__name__})"
        if REQUIRE_PG:
            pytest.fail(message + " and JAGA_REQUIRE_POSTGRES=1", pytrace=False)
        _pg_skipped.append(message)
        pytest.skip(message)
    name = f"jaga_tpl_{uuid.uuid4().hex[:10]}"
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    build_template(pg_url(name))
    yield name
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh, migrated and seeded database for one test, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / f"test-{next(_counter)}.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"jaga_t_{uuid.uuid4().hex[:12]}"
    engine = pg_admin_engine()
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield pg_url(name)
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def app_config():
    """Per-test settings; override this fixture (or update the dict) to change them."""
    return {"CLOCK": lambda: WEDNESDAY_10AM}


@pytest.fixture
def app(database_url, app_config):
    app = make_app(database_url, **app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def count_queries(app):
    """Usage: `with count_queries() as queries: ...; len(queries)`."""
    return lambda: count_statements(app)


def pytest_terminal_summary(terminalreporter):
    if _pg_skipped:
        terminalreporter.write_sep("!", "PostgreSQL part SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(_pg_skipped[0])
        terminalreporter.write_line("Start PostgreSQL or set JAGA_TEST_POSTGRES_URL to run it.")


@pytest.fixture
def moderator_client(app, client):
    make_user(app)
    sign_in(client)
    return client
