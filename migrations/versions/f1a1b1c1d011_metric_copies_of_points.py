"""metric copies of points: found points and sightings projected once, when written

Force-wide hot spots count a year of found points and sightings per grid cell in metres.
Projecting about 1.3 million points to the British National Grid on every request cost
seconds; a stored generated column projects each point once (ST_Transform is immutable).

Revision ID: f1a1b1c1d011
Revises: e0a0b0c0d010
Create Date: 2026-12-01 14:10:00

"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "f1a1b1c1d011"
down_revision = "e0a0b0c0d010"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("episodes", sa.Column("found_metric",
                                        Geometry("POINT", srid=27700, spatial_index=False),
                                        sa.Computed("ST_Transform(found_geom, 27700)",
                                                    persisted=True)))
    op.add_column("sightings", sa.Column("geom_metric",
                                         Geometry("POINT", srid=27700, spatial_index=False),
                                         sa.Computed("ST_Transform(geom, 27700)",
                                                     persisted=True)))


def downgrade():
    op.drop_column("sightings", "geom_metric")
    op.drop_column("episodes", "found_metric")
