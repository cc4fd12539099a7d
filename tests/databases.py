"""Throw-away databases in the project's PostgreSQL cluster, for tests and benchmarks: made
with a random name, dropped (connections and all) when done."""

from __future__ import annotations

import contextlib
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def cluster_url() -> str:
    """The URL the app would use (DATABASE_URL or the private cluster)."""
    from locate.config import Settings

    return Settings.from_env().values["SQLALCHEMY_DATABASE_URI"]


@contextlib.contextmanager
def scratch_database(prefix: str, base_url: str | None = None):
    """Yield the URL of a new empty database <prefix>_<random>; drop it afterwards."""
    base = make_url(base_url or cluster_url())
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :n"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def upgrade_database(url: str, *, seed_world: bool = False) -> dict:
    """Build the schema by the migrations; with seed_world, commit factories.world() and
    return its ids by name (for servers in other threads or processes)."""
    from flask_migrate import upgrade

    from locate import create_app
    from locate.extensions import db
    from tests import factories

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    ids = {}
    with app.app_context():
        upgrade()
        if seed_world:
            world = factories.world(db.session)
            db.session.commit()
            ids = {k: getattr(v, "id", None) for k, v in vars(world).items()}
        db.session.remove()
        db.engine.dispose()
    return ids


@contextlib.contextmanager
def seeded_database(prefix: str, base_url: str | None = None):
    """A fresh database upgraded to head and holding the test world: yields (url, ids)."""
    with scratch_database(prefix, base_url) as url:
        yield url, upgrade_database(url, seed_world=True)
