"""escalations' own timeline and level, what was learnt when found, the interview referral

Issue 10: an escalation is answered by the duty inspector and goes up to a senior officer when
not decided in time, each step on its own timeline (escalation_steps); police see it in the
team that answers (team_id, filled from the episode or the child). Marking found records the
child's condition and whether harm was suffered (grading is judged against it); closing records
whether a return home interview was referred.

Revision ID: e5c5a5b5c505
Revises: e4c4a4b4c404
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e5c5a5b5c505"
down_revision = "e4c4a4b4c404"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("episodes", sa.Column("found_condition", sa.Text(), nullable=True))
    op.add_column("episodes", sa.Column("harm_suffered", sa.String(length=8), nullable=True))
    op.add_column("episodes", sa.Column("rhi_referred", sa.Boolean(), nullable=True))
    op.create_check_constraint(op.f("ck_episodes_harm_suffered_valid"), "episodes",
                               "harm_suffered IN ('yes', 'no', 'unknown')")

    op.add_column("escalations", sa.Column("team_id", sa.Integer(), nullable=True))
    op.execute("UPDATE escalations e SET team_id = COALESCE("
               "(SELECT team_id FROM episodes WHERE id = e.episode_id), "
               "(SELECT team_id FROM children WHERE id = e.child_id))")
    op.alter_column("escalations", "team_id", nullable=False)
    op.add_column("escalations", sa.Column("subject", sa.String(length=32), nullable=False,
                                           server_default="risk_grade"))
    op.alter_column("escalations", "subject", server_default=None)
    op.add_column("escalations", sa.Column("risk_assessment_id", sa.Integer(), nullable=True))
    op.add_column("escalations", sa.Column("level", sa.String(length=16), nullable=False,
                                           server_default="duty_inspector"))
    op.alter_column("escalations", "level", server_default=None)
    op.add_column("escalations", sa.Column("outcome", sa.String(length=16), nullable=True))
    op.add_column("escalations", sa.Column("decided_by_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_escalations_team_id"), "escalations", ["team_id"])
    op.create_foreign_key(op.f("fk_escalations_team_id_teams"), "escalations", "teams",
                          ["team_id"], ["id"])
    op.create_foreign_key(op.f("fk_escalations_risk_assessment_id_risk_assessments"),
                          "escalations", "risk_assessments", ["risk_assessment_id"], ["id"])
    op.create_foreign_key(op.f("fk_escalations_decided_by_id_users"), "escalations", "users",
                          ["decided_by_id"], ["id"])
    op.create_check_constraint(
        op.f("ck_escalations_subject_valid"), "escalations",
        "subject IN ('risk_grade', 'no_police_response', 'review', 'search', 'other')")
    op.create_check_constraint(op.f("ck_escalations_level_valid"), "escalations",
                               "level IN ('duty_inspector', 'senior')")
    op.create_check_constraint(op.f("ck_escalations_outcome_valid"), "escalations",
                               "outcome IN ('upheld', 'partly_upheld', 'not_upheld')")
    op.create_check_constraint(
        op.f("ck_escalations_resolved_has_outcome"), "escalations",
        "status <> 'resolved' OR (outcome IS NOT NULL AND resolved_at IS NOT NULL)")

    op.create_table(
        "escalation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("user_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("step IN ('raised', 'notified', 'escalated', 'decided')",
                           name=op.f("ck_escalation_steps_step_valid")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_escalation_steps_actor_id_users")),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"],
                                name=op.f("fk_escalation_steps_escalation_id_escalations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_steps")),
    )
    op.create_index(op.f("ix_escalation_steps_escalation_id"), "escalation_steps",
                    ["escalation_id"])


def downgrade():
    op.drop_index(op.f("ix_escalation_steps_escalation_id"), table_name="escalation_steps")
    op.drop_table("escalation_steps")
    for name in ("resolved_has_outcome", "outcome_valid", "level_valid", "subject_valid"):
        op.drop_constraint(op.f(f"ck_escalations_{name}"), "escalations", type_="check")
    op.drop_constraint(op.f("fk_escalations_decided_by_id_users"), "escalations",
                       type_="foreignkey")
    op.drop_constraint(op.f("fk_escalations_risk_assessment_id_risk_assessments"), "escalations",
                       type_="foreignkey")
    op.drop_constraint(op.f("fk_escalations_team_id_teams"), "escalations", type_="foreignkey")
    op.drop_index(op.f("ix_escalations_team_id"), table_name="escalations")
    for column in ("decided_by_id", "outcome", "level", "risk_assessment_id", "subject",
                   "team_id"):
        op.drop_column("escalations", column)
    op.drop_constraint(op.f("ck_episodes_harm_suffered_valid"), "episodes", type_="check")
    for column in ("rhi_referred", "harm_suffered", "found_condition"):
        op.drop_column("episodes", column)
