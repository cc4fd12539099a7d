"""action times: when an officer acted, kept beside when the server received it

A task step or a duty change made on a phone with no signal reaches the server when the
signal returns, perhaps hours later. task_transitions.at stays the time received; acted_at is
the time of the tap (existing rows: the same as at). duty_changes records each going on and off
duty with both times.

Revision ID: d6e4f9c5d006
Revises: d2a0c5e1f002
Create Date: 2026-12-01 10:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d6e4f9c5d006"
down_revision = "d2a0c5e1f002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("task_transitions", sa.Column("acted_at", sa.DateTime(timezone=True),
                                                nullable=True))
    op.execute("UPDATE task_transitions SET acted_at = at")
    op.alter_column("task_transitions", "acted_at", nullable=False,
                    server_default=sa.text("now()"))
    op.create_table(
        "duty_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_duty_changes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_changes")),
        sa.UniqueConstraint("client_id", name=op.f("uq_duty_changes_client_id")),
    )
    op.create_index(op.f("ix_duty_changes_user_id"), "duty_changes", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_duty_changes_user_id"), table_name="duty_changes")
    op.drop_table("duty_changes")
    op.drop_column("task_transitions", "acted_at")
