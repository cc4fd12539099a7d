"""hotspot points: every found point and sighting on one narrow row, kept by triggers

Force-wide hot spots over a national year joined a million sightings to a third of a million
episodes and hashed a million (cell, child) pairs on every request: 6 to 10 seconds. This
table holds each point once, in whole metres with its 500 m cell as one sortable key, beside
the episode's child, team and report time, and an index in (cell, child) order carrying the
rest: the count is then one ordered pass with no join. Triggers on episodes and sightings
keep it in the same transaction as the point, whoever writes (the app, an import, a fix by
hand); they run as the table's owner, and the app's role may only read it.

Revision ID: fa1afa1afa10
Revises: e9c9a9b9c909
Create Date: 2026-12-01 20:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "fa1afa1afa10"
down_revision = "e9c9a9b9c909"
branch_labels = None
depends_on = None

CELL_KEY = ("((floor(x / CAST(500 AS float8)))::bigint << 32) "
            "+ (floor(y / CAST(500 AS float8)))::bigint + 2147483648")

FUNCTIONS = """
CREATE FUNCTION locate_hotspot_points_from_episode() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.child_id, NEW.team_id, NEW.reported_at)
            IS DISTINCT FROM (OLD.child_id, OLD.team_id, OLD.reported_at) THEN
        UPDATE hotspot_points SET child_id = NEW.child_id, team_id = NEW.team_id,
                                  reported_at = NEW.reported_at
        WHERE episode_id = NEW.id;
    END IF;
    IF TG_OP = 'INSERT'
            OR ST_AsEWKB(NEW.found_metric) IS DISTINCT FROM ST_AsEWKB(OLD.found_metric) THEN
        DELETE FROM hotspot_points WHERE episode_id = NEW.id AND sighting_id IS NULL;
        IF NEW.found_metric IS NOT NULL THEN
            INSERT INTO hotspot_points (episode_id, child_id, team_id, reported_at, x, y)
            VALUES (NEW.id, NEW.child_id, NEW.team_id, NEW.reported_at,
                    floor(ST_X(NEW.found_metric)), floor(ST_Y(NEW.found_metric)));
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_from_sighting() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM hotspot_points WHERE sighting_id = NEW.id;
    END IF;
    INSERT INTO hotspot_points (episode_id, sighting_id, child_id, team_id, reported_at, x, y)
    SELECT e.id, NEW.id, e.child_id, e.team_id, e.reported_at,
           floor(ST_X(NEW.geom_metric)), floor(ST_Y(NEW.geom_metric))
    FROM episodes e WHERE e.id = NEW.episode_id;
    RETURN NULL;
END $$;

CREATE TRIGGER hotspot_points_from_episode
AFTER INSERT OR UPDATE OF found_geom, child_id, team_id, reported_at ON episodes
FOR EACH ROW EXECUTE FUNCTION locate_hotspot_points_from_episode();

CREATE TRIGGER hotspot_points_from_sighting
AFTER INSERT OR UPDATE OF geom, episode_id ON sightings
FOR EACH ROW EXECUTE FUNCTION locate_hotspot_points_from_sighting();
"""

BACKFILL = """
INSERT INTO hotspot_points (episode_id, child_id, team_id, reported_at, x, y)
SELECT id, child_id, team_id, reported_at, floor(ST_X(found_metric)), floor(ST_Y(found_metric))
FROM episodes WHERE found_metric IS NOT NULL;
INSERT INTO hotspot_points (episode_id, sighting_id, child_id, team_id, reported_at, x, y)
SELECT e.id, s.id, e.child_id, e.team_id, e.reported_at,
       floor(ST_X(s.geom_metric)), floor(ST_Y(s.geom_metric))
FROM sightings s JOIN episodes e ON e.id = s.episode_id;
ANALYZE hotspot_points;
"""


def upgrade():
    op.create_table(
        "hotspot_points",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("sighting_id", sa.Integer(), nullable=True),
        sa.Column("found", sa.Boolean(), sa.Computed("sighting_id IS NULL", persisted=True),
                  nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("cell500", sa.BigInteger(), sa.Computed(CELL_KEY, persisted=True),
                  nullable=False),
        sa.ForeignKeyConstraint(["episode_id"], ["episodes.id"], ondelete="CASCADE",
                                name=op.f("fk_hotspot_points_episode_id_episodes")),
        sa.ForeignKeyConstraint(["sighting_id"], ["sightings.id"], ondelete="CASCADE",
                                name=op.f("fk_hotspot_points_sighting_id_sightings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot_points")),
        sa.UniqueConstraint("sighting_id", name=op.f("uq_hotspot_points_sighting_id")),
    )
    op.create_index("ix_hotspot_points_episode_id", "hotspot_points", ["episode_id"])
    op.create_index("ix_hotspot_points_cell_child", "hotspot_points", ["cell500", "child_id"],
                    postgresql_include=["reported_at", "team_id", "found"])
    op.create_index("uq_hotspot_points_found", "hotspot_points", ["episode_id"], unique=True,
                    postgresql_where=sa.text("sighting_id IS NULL"))
    op.execute(FUNCTIONS)
    op.execute(BACKFILL)


def downgrade():
    op.execute("DROP TRIGGER hotspot_points_from_sighting ON sightings")
    op.execute("DROP TRIGGER hotspot_points_from_episode ON episodes")
    op.execute("DROP FUNCTION locate_hotspot_points_from_sighting()")
    op.execute("DROP FUNCTION locate_hotspot_points_from_episode()")
    op.drop_table("hotspot_points")
