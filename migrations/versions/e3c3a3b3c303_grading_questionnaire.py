"""grading questionnaire: answers with their sources, the suggestion, reviews, harm suffered

Issue 10. An assessment keeps the APP questionnaire's answers (each with who supplied it, how
to reach them and when), what was on record when graded, the suggested grade with its reasons
and, for a grade below the suggestion, why. Its kind says whether it came with the report, as
a grading again, or from a review (confirmed or regraded). Episodes record whether harm was
suffered while missing, read at the next grading.

Older assessments keep their factors/sources and are read through answers_from_legacy; the
first assessment of each episode is marked as the one given with the report.

Revision ID: e3c3a3b3c303
Revises: e2c2a2b2c202
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e3c3a3b3c303"
down_revision = "e2c2a2b2c202"
branch_labels = None
depends_on = None

GRADES = "'no_apparent_risk', 'low', 'medium', 'high'"


def upgrade():
    # episodes.harm_suffered comes with e5c5a5b5c505 (found and closed), which runs first.
    add = op.add_column
    add("risk_assessments", sa.Column("kind", sa.String(length=16), nullable=False,
                                      server_default="assessment"))
    add("risk_assessments", sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()),
                                      nullable=False, server_default="{}"))
    add("risk_assessments", sa.Column("record_indicators",
                                      postgresql.JSONB(astext_type=sa.Text()),
                                      nullable=False, server_default="{}"))
    add("risk_assessments", sa.Column("suggested_grade", sa.String(length=24), nullable=True))
    add("risk_assessments", sa.Column("suggestion_reasons",
                                      postgresql.JSONB(astext_type=sa.Text()),
                                      nullable=False, server_default="[]"))
    add("risk_assessments", sa.Column("below_suggestion_rationale", sa.Text(), nullable=True))
    op.create_check_constraint(op.f("ck_risk_assessments_kind_valid"), "risk_assessments",
                               "kind IN ('report', 'assessment', 'confirmed', 'regraded')")
    op.create_check_constraint(op.f("ck_risk_assessments_suggested_grade_valid"),
                               "risk_assessments", f"suggested_grade IN ({GRADES})")
    op.execute("""
        UPDATE risk_assessments SET kind = 'report'
        WHERE id IN (SELECT DISTINCT ON (episode_id) id FROM risk_assessments
                     ORDER BY episode_id, assessed_at, id)
    """)


def downgrade():
    op.drop_constraint(op.f("ck_risk_assessments_suggested_grade_valid"), "risk_assessments",
                       type_="check")
    op.drop_constraint(op.f("ck_risk_assessments_kind_valid"), "risk_assessments",
                       type_="check")
    for column in ("below_suggestion_rationale", "suggestion_reasons", "suggested_grade",
                   "record_indicators", "answers", "kind"):
        op.drop_column("risk_assessments", column)
