"""Confidence rule inputs, costs as stated, hours per phone line

Revision ID: 7d3a9c41e2b8
Revises: 5c1e2f7a9b30
Create Date: 2026-12-01 23:30:00

Services get the research's unresolved conflicts, a cost note and the hours each source gives
where they disagree; cost may be "unknown". Phones get their own hours text and last
verification; a schedule period may belong to one phone line.
"""
import sqlalchemy as sa
from alembic import op

revision = "7d3a9c41e2b8"
down_revision = "5c1e2f7a9b30"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("cost_note_en", sa.Text(), nullable=True))
        batch.add_column(sa.Column("cost_note_ms", sa.Text(), nullable=True))
        batch.add_column(sa.Column("conflicts", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("hours_by_source", sa.JSON(), nullable=True))
        batch.drop_constraint(op.f("ck_services_cost"), type_="check")
        batch.create_check_constraint("cost", "cost IN ('free', 'paid', 'mixed', 'unknown')")
    with op.batch_alter_table("phones") as batch:
        batch.add_column(sa.Column("hours_en", sa.Text(), nullable=True))
        batch.add_column(sa.Column("hours_ms", sa.Text(), nullable=True))
        batch.add_column(sa.Column("last_verified", sa.Date(), nullable=True))
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("phone_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_schedules_phone_id_phones"), "phones", ["phone_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index(op.f("ix_schedules_phone_id"), ["phone_id"])


def downgrade():
    with op.batch_alter_table("schedules") as batch:
        batch.drop_index(op.f("ix_schedules_phone_id"))
        batch.drop_constraint(op.f("fk_schedules_phone_id_phones"), type_="foreignkey")
        batch.drop_column("phone_id")
    with op.batch_alter_table("phones") as batch:
        batch.drop_column("last_verified")
        batch.drop_column("hours_ms")
        batch.drop_column("hours_en")
    op.execute("UPDATE services SET cost = 'mixed' WHERE cost = 'unknown'")
    with op.batch_alter_table("services") as batch:
        batch.drop_constraint(op.f("ck_services_cost"), type_="check")
        batch.create_check_constraint("cost", "cost IN ('free', 'paid', 'mixed')")
        batch.drop_column("hours_by_source")
        batch.drop_column("conflicts")
        batch.drop_column("cost_note_ms")
        batch.drop_column("cost_note_en")
