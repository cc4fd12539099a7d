"""audit log: one index on (viewer, child, time) for the justification's look-backs

Every audited view of a child's data asks the audit log two questions about the viewer and
that child over the last minutes (did they change the record; did they give a reason). With
only single-column indexes each walked all of one viewer's rows or all of one child's; a
coordinator reviewing a repeat child paid ~3-5 ms per view for it. The composite index,
carrying the two columns those questions read, answers both from the index alone.

Revision ID: e9c9a9b9c909
Revises: e8c8a8b8c808
Create Date: 2026-12-01 17:00:00

"""
from alembic import op

revision = "e9c9a9b9c909"
down_revision = "e8c8a8b8c808"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_log_user_id_child_id_at", "audit_log", ["user_id", "child_id", "at"],
                    postgresql_include=["action", "justification"])


def downgrade():
    op.drop_index("ix_audit_log_user_id_child_id_at", table_name="audit_log")
