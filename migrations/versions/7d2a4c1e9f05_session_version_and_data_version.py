"""Session revocation per user, and a data-version counter shared by all app processes

Revision ID: 7d2a4c1e9f05
Revises: 7d3a9c41e2b8
Create Date: 2026-12-01 23:20:00

users.session_version: part of every signed-in session; changing it (sign-out, password or
role change, deactivation) ends every session of that account on every server.
data_versions: bumped on each change to published data, read once per request by every
process, so cached pages never outlive a moderator's change on another server.
"""
import sqlalchemy as sa
from alembic import op

revision = "7d2a4c1e9f05"
down_revision = "7d3a9c41e2b8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                   server_default="0"))
    table = op.create_table(
        "data_versions",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.bulk_insert(table, [{"name": "published", "version": 0}])


def downgrade():
    op.drop_table("data_versions")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
