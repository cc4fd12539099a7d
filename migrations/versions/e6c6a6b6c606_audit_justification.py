"""audit justification: why each consultation of a child's record happened (DPA 2018 s.62)

The law on police processing wants the justification of each consultation in the log. The
column is filled for every view of a child's data: automatically where the viewer works on
the record (locate/domain/justification.py), otherwise with the reason the viewer picked.
Rows written before it have none. The table stays append-only (the trigger is unchanged).

Revision ID: e6c6a6b6c606
Revises: e3c3a3b3c303
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e6c6a6b6c606"
down_revision = "e3c3a3b3c303"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("audit_log", sa.Column("justification", sa.String(length=240), nullable=True))


def downgrade():
    op.drop_column("audit_log", "justification")
