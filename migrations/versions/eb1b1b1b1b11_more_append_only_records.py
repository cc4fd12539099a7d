"""more append-only records: the live feed's events, escalation steps, duty changes

Each is evidence of its own: what the feed told whom and when (events), each step an
escalation took and who decided (escalation_steps), when an officer went on and off duty
(duty_changes). The app only ever adds them; from here the database refuses UPDATE, DELETE
and TRUNCATE on them to everyone, as it does for audit_log, and the app's role holds only
SELECT and INSERT (locate/security/database_roles.py APPEND_ONLY_TABLES).

Revision ID: eb1b1b1b1b11
Revises: e6c6a6b6c606
Create Date: 2026-12-01 17:00:00

"""
from alembic import op

revision = "eb1b1b1b1b11"
down_revision = "e6c6a6b6c606"
branch_labels = None
depends_on = None

TABLES = ("events", "escalation_steps", "duty_changes")

FUNCTION = """
CREATE FUNCTION locate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def upgrade():
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION locate_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION locate_append_only()")


def downgrade():
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
    op.execute("DROP FUNCTION IF EXISTS locate_append_only()")
