"""child transfers append-only: a transfer of placement is evidence, like the audit log

The row says when the old organisation lost access to the child, who moved it and why: the
app's role may add and read rows (locate/security/database_roles.py APPEND_ONLY_TABLES), and
this trigger refuses UPDATE, DELETE and TRUNCATE to every role, the owner included.

Revision ID: e8c8a8b8c808
Revises: e6c6a6b6c606
Create Date: 2026-12-01 17:00:00

"""
from alembic import op

revision = "e8c8a8b8c808"
down_revision = "e6c6a6b6c606"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE FUNCTION child_transfers_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'child_transfers is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER child_transfers_no_update BEFORE UPDATE OR DELETE ON child_transfers
  FOR EACH ROW EXECUTE FUNCTION child_transfers_append_only();
CREATE TRIGGER child_transfers_no_truncate BEFORE TRUNCATE ON child_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION child_transfers_append_only();
"""


def upgrade():
    op.execute(APPEND_ONLY)


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS child_transfers_no_update ON child_transfers")
    op.execute("DROP TRIGGER IF EXISTS child_transfers_no_truncate ON child_transfers")
    op.execute("DROP FUNCTION IF EXISTS child_transfers_append_only()")
