"""Test databases: a migrated, seeded template per backend, copied for every test."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask_migrate import upgrade

from directory.extensions import db
from directory.seed import seed

from .apps import make_app

PG_ADMIN_URL = os.environ.get(
    "JAGA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("JAGA_REQUIRE_POSTGRES") == "1"


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
