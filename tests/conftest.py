"""Fixtures: an app per database backend (SQLite and a real PostgreSQL), client and runner.

Each backend gets a template database once per session (migrations applied with
`flask db upgrade`, bundled data seeded); every test then works on its own copy, so tests can
write freely. PostgreSQL tests are skipped with a clear message when no server answers,
unless JAGA_REQUIRE_POSTGRES=1 (as in CI), where that is a failure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from directory import create_app
from directory.extensions import db
from directory.seed import seed

PG_ADMIN_URL = os.environ.get(
    "JAGA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("JAGA_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()
_pg_skipped: list[str] = []

# A fixed moment for tests that depend on opening hours: Wednesday 25 Nov 2026, 10:00 in KL.
KL = dt.timezone(dt.timedelta(hours=8))
WEDNESDAY_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=KL)

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
    "SERVER_NAME": None,
    "RATELIMIT_ENABLED": False,  # the rate-limit tests turn it on
    "PAGE_CACHE_ENABLED": False,  # tests change data between requests; test_page_cache turns it on
    "CARD_CACHE_ENABLED": False,  # likewise; test_page_cache turns it on
}


def make_app(database_url: str, **overrides):
    config = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    return create_app(config)


def build_template(database_url: str) -> None:
    app = make_app(database_url)
    with app.app_context():
        upgrade()
        seed()
        db.engine.dispose()


def pg_admin_engine():
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


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
    """Usage: `with count_queries() as queries: ...; len(queries)`. Counts the statements of
    every engine (the data-version check runs on an engine of its own)."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(sa.engine.Engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            sa.event.remove(sa.engine.Engine, "before_cursor_execute", listener)

    return counting


def pytest_terminal_summary(terminalreporter):
    if _pg_skipped:
        terminalreporter.write_sep("!", "PostgreSQL part SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(_pg_skipped[0])
        terminalreporter.write_line("Start PostgreSQL or set JAGA_TEST_POSTGRES_URL to run it.")


# --- Forms and accounts -------------------------------------------------------------------

MODERATOR_PASSWORD = "correct horse battery staple"


def csrf_token(client, url: str) -> str:
    """The CSRF token from a form page, as a browser would get it."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def make_user(app, email="mod@example.org", role="moderator"):
    from directory.auth import create_user

    with app.app_context():
        return create_user(email, MODERATOR_PASSWORD, role).id


def sign_in(client, email="mod@example.org"):
    token = csrf_token(client, "/admin/login")
    response = client.post("/admin/login", data={"csrf_token": token, "email": email,
                                                 "password": MODERATOR_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def moderator_client(app, client):
    make_user(app)
    sign_in(client)
    return client


def new_service_data(**overrides) -> dict:
    data = {
        "organisation_name": "Pertubuhan Contoh",
        "name_ms": "Talian Sokongan Contoh",
        "name_en": "Example Support Line",
        "description_ms": "Sokongan emosi melalui telefon.",
        "description_en": "Emotional support by phone.",
        "phones-0-number": "03-2345 6789", "phones-0-kind": "voice",
        "phones-1-number": "012-345 6789", "phones-1-kind": "whatsapp",
        "hours_en": "Monday to Friday, 9am to 5pm", "hours_ms": "Isnin hingga Jumaat, 9 pagi hingga 5 petang",
        "states": ["MY-10", "MY-14"],
        "languages": ["ms", "en"], "cost": "free", "audiences": ["general", "youth"],
        "service_types": ["counselling"],
        "website": "https://example.org", "email": "help@example.org",
        "sources": "https://example.org/contact",
        "submitter_name": "Aminah", "submitter_organisation": "Pertubuhan Contoh",
        "submitter_contact": "aminah@example.org",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
