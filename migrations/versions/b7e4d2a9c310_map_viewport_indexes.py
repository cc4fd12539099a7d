"""map viewport indexes: one GiST index over place and time for each map layer

The map asks "in this box, since then". With separate spatial and time indexes PostgreSQL
ANDs two bitmaps, and the time one covers a month of the whole force (85,000 rows at the
national scale) to keep 400: most of the query's time. A GiST index over (geometry, time)
answers both at once (btree_gist supplies the time operators). docs/benchmarks.md has the
before and after.

Revision ID: b7e4d2a9c310
Revises: 91c0ac923b7d
Create Date: 2026-11-23 01:55:00

"""
from alembic import op

from locate.security.database_roles import drop_own_extension

revision = "b7e4d2a9c310"
down_revision = "91c0ac923b7d"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_sightings_geom_observed_at", "sightings", "geom", "observed_at"),
    ("ix_episodes_last_seen_geom_reported_at", "episodes", "last_seen_geom", "reported_at"),
    ("ix_tasks_geom_updated_at", "tasks", "geom", "updated_at"),
)


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, table, geom, time_col in INDEXES:
        op.create_index(name, table, [geom, time_col], postgresql_using="gist")


def downgrade():
    for name, table, _geom, _time in INDEXES:
        op.drop_index(name, table_name=table)
    op.execute(drop_own_extension("btree_gist"))
