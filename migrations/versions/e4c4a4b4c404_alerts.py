"""alerts: what the review clock raised, one row per key forever

The key is UNIQUE so that every process that ticks may try to insert an alert and the
database lets exactly one succeed (issue 10: "fires each alert exactly once, a database lock,
not hope").

Revision ID: e4c4a4b4c404
Revises: f1a1b1c1d011
Create Date: 2026-12-01 13:55:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e4c4a4b4c404"
down_revision = "f1a1b1c1d011"
branch_labels = None
depends_on = None

KINDS = ("review_overdue", "review_overdue_inspector", "high_risk_unacknowledged",
         "rhi_overdue", "escalation_unanswered")
RECIPIENTS = ("sergeants", "duty_inspector", "senior_officer", "carer")


def _one_of(column, values):
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})",
                              name=op.f(f"ck_alerts_{column}_valid"))


def upgrade():
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipients", sa.String(length=24), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=True),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("told_user_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        _one_of("kind", KINDS),
        _one_of("recipients", RECIPIENTS),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_alerts_team_id_teams")),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"],
                                name=op.f("fk_alerts_child_id_children")),
        sa.ForeignKeyConstraint(["episode_id"], ["episodes.id"],
                                name=op.f("fk_alerts_episode_id_episodes")),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"],
                                name=op.f("fk_alerts_escalation_id_escalations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("key", name=op.f("uq_alerts_key")),
    )
    op.create_index(op.f("ix_alerts_child_id"), "alerts", ["child_id"])
    op.create_index(op.f("ix_alerts_episode_id"), "alerts", ["episode_id"])
    op.create_index("ix_alerts_open_team", "alerts", ["team_id"],
                    postgresql_where=sa.text("resolved_at IS NULL"))


def downgrade():
    op.drop_index("ix_alerts_open_team", table_name="alerts")
    op.drop_index(op.f("ix_alerts_episode_id"), table_name="alerts")
    op.drop_index(op.f("ix_alerts_child_id"), table_name="alerts")
    op.drop_table("alerts")
