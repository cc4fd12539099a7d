"""last-seen points projected once, when written: the network's "reported together"

The coordinator's network compares every filtered episode's last-seen point with the others'
in metres on the British National Grid. As with found points and sightings
(f1a1b1c1d011), a stored generated column projects each point once instead of a year of
them on every request (ST_Transform is immutable).

Revision ID: f1a1f1a1f101
Revises: fa1afa1afa10
Create Date: 2026-12-01 20:20:00

"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "f1a1f1a1f101"
down_revision = "fa1afa1afa10"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("episodes", sa.Column("last_seen_metric",
                                        Geometry("POINT", srid=27700, spatial_index=False),
                                        sa.Computed("ST_Transform(last_seen_geom, 27700)",
                                                    persisted=True)))


def downgrade():
    op.drop_column("episodes", "last_seen_metric")
