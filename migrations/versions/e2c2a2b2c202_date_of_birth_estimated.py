"""date of birth estimated: a child reported with an age, not a date

A call taker reporting a child with no profile often knows an approximate age only. The date
of birth stored is then derived from it and flagged, so the report (and the profile) can say
the real date is still missing (issue 10).

Revision ID: e2c2a2b2c202
Revises: e1c1a1b1c101
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e2c2a2b2c202"
down_revision = "e1c1a1b1c101"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("child_profiles", sa.Column("date_of_birth_estimated", sa.Boolean(),
                                              server_default="false", nullable=False))


def downgrade():
    op.drop_column("child_profiles", "date_of_birth_estimated")
