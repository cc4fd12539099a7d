"""distance tables: a force's own table, uploaded on the desk, kept as append-only versions

The rings and the ranking's distance decay come from the force's own table when one is in
force (the latest row with points), else the deployment's setting, else Grampian 2007. A row
without points puts the default back. Each row is on record as which table was used when:
the app's role may add and read rows (locate/security/database_roles.py APPEND_ONLY_TABLES),
and locate_append_only() (eb1b1b1b1b11) refuses UPDATE, DELETE and TRUNCATE to every role.

Revision ID: f2b2c2d2e202
Revises: f1a1f1a1f101
Create Date: 2026-12-02 02:30:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "f2b2c2d2e202"
down_revision = "f1a1f1a1f101"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE TRIGGER distance_tables_no_update BEFORE UPDATE OR DELETE ON distance_tables
  FOR EACH ROW EXECUTE FUNCTION locate_append_only();
CREATE TRIGGER distance_tables_no_truncate BEFORE TRUNCATE ON distance_tables
  FOR EACH STATEMENT EXECUTE FUNCTION locate_append_only();
"""


def upgrade():
    op.create_table(
        "distance_tables",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("points", JSONB),
        sa.Column("source", sa.Text),
        sa.Column("age_band", sa.Text),
        sa.Column("by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.CheckConstraint("(points IS NULL) = (source IS NULL)",
                           name=op.f("ck_distance_tables_points_with_source")),
    )
    op.execute(APPEND_ONLY)


def downgrade():
    op.drop_table("distance_tables")
