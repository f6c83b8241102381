"""Indexes for search and listing order at scale (PostgreSQL only)

Revision ID: 5c1e2f7a9b30
Revises: 09a4883a8510
Create Date: 2026-11-25 11:00:00

A trigram index lets `search_text LIKE '% word%'` use an index; the listing-order indexes let
"24-hour lines first, then by name" stop after one page instead of sorting every match.
SQLite needs neither at the directory's size.
"""
from alembic import op

revision = "5c1e2f7a9b30"
down_revision = "09a4883a8510"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_services_search_trgm ON services "
               "USING gin (search_text gin_trgm_ops)")
    op.execute("CREATE INDEX ix_services_order_ms ON services "
               "(is_24_7 DESC, lower(coalesce(name_ms, name_en)), id) WHERE is_published")
    op.execute("CREATE INDEX ix_services_order_en ON services "
               "(is_24_7 DESC, lower(coalesce(name_en, name_ms)), id) WHERE is_published")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_services_order_en")
    op.execute("DROP INDEX IF EXISTS ix_services_order_ms")
    op.execute("DROP INDEX IF EXISTS ix_services_search_trgm")
