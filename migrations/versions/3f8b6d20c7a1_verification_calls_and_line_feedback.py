"""Verification calls per line, "Did you get through?" counts, and unpublished lines

Revision ID: 3f8b6d20c7a1
Revises: 7d2a4c1e9f05
Create Date: 2026-12-02 02:30:00

phones.is_published: a line found "not in service" on a call is taken off the site on its own.
verification_calls: every call a moderator made to a line and what it found.
line_feedback_counts: the public's answers, as counts per line, day and answer, nothing else.
"""
import sqlalchemy as sa
from alembic import op

revision = "3f8b6d20c7a1"
down_revision = "7d2a4c1e9f05"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("phones") as batch:
        batch.add_column(sa.Column("is_published", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    op.create_table(
        "verification_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("phone_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("called_on", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('answered_confirmed', 'answered_changes', 'no_answer', "
            "'not_in_service', 'wrong_organisation')",
            name=op.f("ck_verification_calls_outcome")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_verification_calls_service_id_services"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["phone_id"], ["phones.id"],
                                name=op.f("fk_verification_calls_phone_id_phones"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_verification_calls_user_id_users")),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name=op.f("fk_verification_calls_submission_id_submissions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_calls")),
    )
    with op.batch_alter_table("verification_calls") as batch:
        batch.create_index(batch.f("ix_verification_calls_service_id"), ["service_id"])
        batch.create_index("ix_verification_calls_phone_day", ["phone_id", "called_on"])
    op.create_table(
        "line_feedback_counts",
        sa.Column("phone_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answer", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("answer IN ('got_through', 'no_answer', 'wrong_number', 'closed')",
                           name=op.f("ck_line_feedback_counts_answer")),
        sa.ForeignKeyConstraint(["phone_id"], ["phones.id"],
                                name=op.f("fk_line_feedback_counts_phone_id_phones"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("phone_id", "day", "answer", name=op.f("pk_line_feedback_counts")),
    )


def downgrade():
    op.drop_table("line_feedback_counts")
    with op.batch_alter_table("verification_calls") as batch:
        batch.drop_index("ix_verification_calls_phone_day")
        batch.drop_index(batch.f("ix_verification_calls_service_id"))
    op.drop_table("verification_calls")
    with op.batch_alter_table("phones") as batch:
        batch.drop_column("is_published")
