"""episode acknowledgement: the duty inspector's acknowledgement of a high-risk episode

A high-risk episode needs the duty inspector's acknowledgement and is chased until it gets
one (issue 10). Who acknowledged and when sit on the episode, beside its grade.

Revision ID: e0a0b0c0d010
Revises: d6e4f9c5d006
Create Date: 2026-12-01 13:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e0a0b0c0d010"
down_revision = "d6e4f9c5d006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("episodes", sa.Column("acknowledged_at", sa.DateTime(timezone=True),
                                        nullable=True))
    op.add_column("episodes", sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
    op.create_foreign_key(op.f("fk_episodes_acknowledged_by_id_users"), "episodes", "users",
                          ["acknowledged_by_id"], ["id"])


def downgrade():
    op.drop_constraint(op.f("fk_episodes_acknowledged_by_id_users"), "episodes",
                       type_="foreignkey")
    op.drop_column("episodes", "acknowledged_by_id")
    op.drop_column("episodes", "acknowledged_at")
