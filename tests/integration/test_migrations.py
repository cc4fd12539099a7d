"""An empty database upgrades to the full schema (PostGIS included) and downgrades to base."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from geoalchemy2 import alembic_helpers

from locate import create_app
from locate.extensions import db
from tests.databases import app_config, scratch_database


def test_upgrade_then_downgrade_round_trip(database_url):
    with scratch_database("locate_mig") as url:
        app = create_app(app_config(url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                # The models and the migrations describe the same schema (indexes included).
                context = MigrationContext.configure(conn, opts={
                    "include_object": alembic_helpers.include_object})
                assert compare_metadata(context, db.metadata) == []
            inspector = sa.inspect(db.engine)
            tables = set(inspector.get_table_names())
            assert {"children", "child_profiles", "episodes", "sightings", "tasks",
                    "task_transitions", "risk_assessments", "places", "audit_log", "events",
                    "push_subscriptions", "escalations", "return_home_interviews",
                    "episode_links", "teams", "users", "organisations"} <= tables
            with db.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT postgis_lib_version()")).scalar()
                gist = conn.execute(sa.text(
                    "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist%'"
                )).scalar()
                assert gist >= 10  # every geometry column has a spatial index
                srids = dict(conn.execute(sa.text(
                    "SELECT f_table_name || '.' || f_geometry_column, srid "
                    "FROM geometry_columns")).all())
                # WGS84 everywhere, except the stored metric copies the analysis counts in
                metric = {c for c, srid in srids.items() if srid != 4326}
                assert metric == {"episodes.found_metric", "episodes.last_seen_metric",
                                  "sightings.geom_metric"}
                assert {srids[c] for c in metric} == {27700}
            downgrade(revision="base")
            # PostGIS (and its spatial_ref_sys) stays: the cluster's administrator made it
            # with the database, and the owner role running the migrations may not drop it.
            remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert remaining == {"spatial_ref_sys"}
            with db.engine.connect() as conn:
                assert conn.execute(sa.text(
                    "SELECT extname FROM pg_extension WHERE extname IN ('postgis', "
                    "'btree_gist')")).scalars().all() == ["postgis"]
            upgrade()  # and back up again, cleanly
            db.engine.dispose()
