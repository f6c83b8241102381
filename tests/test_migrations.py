"""The committed migrations build exactly the schema the models describe, on both backends."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from directory.extensions import db
from directory.models import DATABASE_ONLY_COLUMNS, DATABASE_ONLY_INDEXES, include_in_autogenerate


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_in_autogenerate})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_and_upgrade_again(app):
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        downgrade(revision="base")
        upgrade()
        assert db.session.execute(db.text("SELECT count(*) FROM services")).scalar() == 0


def test_postgresql_gets_its_search_and_order_indexes_and_word_vector(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only: SQLite needs no such indexes")
        names = set(connection.execute(db.text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'services'")).scalars())
        columns = set(connection.execute(db.text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'services'"
        )).scalars())
    assert DATABASE_ONLY_INDEXES <= names
    assert {column for _table, column in DATABASE_ONLY_COLUMNS} <= columns
