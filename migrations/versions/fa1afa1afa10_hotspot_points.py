"""hotspot points: every found point and sighting on one narrow row, kept by triggers

Force-wide hot spots over a national year joined a million sightings to a third of a million
episodes and hashed a million (cell, child) pairs on every request: 6 to 10 seconds. This
table holds each point once, in whole metres with its 500 m cell as one sortable key, beside
the episode's child, team and report time, and an index in (cell, child) order carrying the
rest: the count is then one ordered pass with no join. Triggers on episodes and sightings
keep it in the same transaction as the point, whoever writes (the app, an import, a fix by
hand); they run as the table's owner, and the app's role may only read it. A point's rows
have no foreign keys: the triggers follow deletes too.

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

# Statement-level triggers with transition tables: an import or the demo builder writes a
# million sightings in a few statements, and one INSERT ... SELECT per statement costs a
# fraction of a function call per row (row triggers doubled the time of a bulk insert). No
# foreign keys for the same reason (their checks run per row): deletes are followed here.
POINTS_OF_EPISODES = """
    SELECT a.id, NULL::int, a.child_id, a.team_id, a.reported_at,
           floor(ST_X(a.found_metric)), floor(ST_Y(a.found_metric))"""
POINTS_OF_SIGHTINGS = """
    SELECT e.id, s.id, e.child_id, e.team_id, e.reported_at,
           floor(ST_X(s.geom_metric)), floor(ST_Y(s.geom_metric))"""
COLUMNS = "(episode_id, sighting_id, child_id, team_id, reported_at, x, y)"

FUNCTIONS = f"""
CREATE FUNCTION locate_hotspot_points_episodes_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO hotspot_points {COLUMNS}
    {POINTS_OF_EPISODES} FROM added a WHERE a.found_metric IS NOT NULL;
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_episodes_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE hotspot_points h
    SET child_id = a.child_id, team_id = a.team_id, reported_at = a.reported_at
    FROM after a JOIN before b ON b.id = a.id
    WHERE h.episode_id = a.id AND (a.child_id, a.team_id, a.reported_at)
          IS DISTINCT FROM (b.child_id, b.team_id, b.reported_at);
    DELETE FROM hotspot_points h USING after a JOIN before b ON b.id = a.id
    WHERE h.episode_id = a.id AND h.sighting_id IS NULL
      AND ST_AsEWKB(a.found_metric) IS DISTINCT FROM ST_AsEWKB(b.found_metric);
    INSERT INTO hotspot_points {COLUMNS}
    {POINTS_OF_EPISODES} FROM after a JOIN before b ON b.id = a.id
    WHERE a.found_metric IS NOT NULL
      AND ST_AsEWKB(a.found_metric) IS DISTINCT FROM ST_AsEWKB(b.found_metric);
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_episodes_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM hotspot_points h USING removed r WHERE h.episode_id = r.id;
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_sightings_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO hotspot_points {COLUMNS}
    {POINTS_OF_SIGHTINGS} FROM added s JOIN episodes e ON e.id = s.episode_id;
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_sightings_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM hotspot_points h USING after s JOIN before b ON b.id = s.id
    WHERE h.sighting_id = s.id AND (s.episode_id <> b.episode_id
                                    OR ST_AsEWKB(s.geom) <> ST_AsEWKB(b.geom));
    INSERT INTO hotspot_points {COLUMNS}
    {POINTS_OF_SIGHTINGS} FROM after s JOIN before b ON b.id = s.id
    JOIN episodes e ON e.id = s.episode_id
    WHERE s.episode_id <> b.episode_id OR ST_AsEWKB(s.geom) <> ST_AsEWKB(b.geom);
    RETURN NULL;
END $$;

CREATE FUNCTION locate_hotspot_points_sightings_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM hotspot_points h USING removed r WHERE h.sighting_id = r.id;
    RETURN NULL;
END $$;
""" + "".join(f"""
CREATE TRIGGER hotspot_points_{table}_{verb} AFTER {event} ON {table}
REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION locate_hotspot_points_{table}_{verb}();
""" for table in ("episodes", "sightings") for verb, event, refs in (
    ("added", "INSERT", "NEW TABLE AS added"),
    ("changed", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("removed", "DELETE", "OLD TABLE AS removed")))

TRIGGERS = [(table, verb) for table in ("episodes", "sightings")
            for verb in ("added", "changed", "removed")]

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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot_points")),
        sa.UniqueConstraint("sighting_id", name=op.f("uq_hotspot_points_sighting_id")),
    )
    op.create_index("ix_hotspot_points_episode_id", "hotspot_points", ["episode_id"])
    op.create_index("ix_hotspot_points_cell_child", "hotspot_points", ["cell500", "child_id"],
                    postgresql_include=["reported_at", "team_id", "found"])
    op.execute(FUNCTIONS)
    op.execute(BACKFILL)


def downgrade():
    for table, verb in TRIGGERS:
        op.execute(f"DROP TRIGGER hotspot_points_{table}_{verb} ON {table}")
        op.execute(f"DROP FUNCTION locate_hotspot_points_{table}_{verb}()")
    op.drop_table("hotspot_points")
