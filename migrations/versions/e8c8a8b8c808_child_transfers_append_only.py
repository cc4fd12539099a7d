"""child transfers append-only: a transfer of placement is evidence, like the audit log

The row says when the old organisation lost access to the child, who moved it and why: the
app's role may add and read rows (locate/security/database_roles.py APPEND_ONLY_TABLES), and
this trigger refuses UPDATE, DELETE and TRUNCATE to every role, the owner included.

Revision ID: e8c8a8b8c808
Revises: eb1b1b1b1b11
Create Date: 2026-12-01 17:00:00

"""
from alembic import op

revision = "e8c8a8b8c808"
down_revision = "eb1b1b1b1b11"
branch_labels = None
depends_on = None

# locate_append_only() is eb1b1b1b1b11's: one function names the table it refuses.
APPEND_ONLY = """
CREATE TRIGGER child_transfers_no_update BEFORE UPDATE OR DELETE ON child_transfers
  FOR EACH ROW EXECUTE FUNCTION locate_append_only();
CREATE TRIGGER child_transfers_no_truncate BEFORE TRUNCATE ON child_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION locate_append_only();
"""


def upgrade():
    op.execute(APPEND_ONLY)


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS child_transfers_no_update ON child_transfers")
    op.execute("DROP TRIGGER IF EXISTS child_transfers_no_truncate ON child_transfers")
