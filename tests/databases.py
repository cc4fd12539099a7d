"""Throw-away databases in the project's PostgreSQL cluster, for tests and benchmarks: made
with a random name by the cluster's administrator, owned by the owner role, used by the app's
least-privileged role (so every test proves the app needs no more), dropped when done."""

from __future__ import annotations

import contextlib
import uuid

from sqlalchemy.engine import make_url

from locate.config import database_urls
from locate.security.database_roles import drop_database, prepare_database


def _admin_url() -> str:
    urls = database_urls()
    if urls.admin is None:
        raise RuntimeError("Tests make throw-away databases: with DATABASE_URL set, also set "
                           "DATABASE_ADMIN_URL to a role that may create databases and roles")
    return urls.admin


def owner_url(app_url: str) -> str:
    """The owner role's URL for the database `app_url` names."""
    database = make_url(app_url).database
    return make_url(database_urls().owner).set(database=database).render_as_string(
        hide_password=False)


def app_config(app_url: str) -> dict:
    """create_app() settings for a throw-away database: the app's URL and the owner's."""
    return {"SQLALCHEMY_DATABASE_URI": app_url, "MIGRATION_DATABASE_URI": owner_url(app_url)}


@contextlib.contextmanager
def scratch_database(prefix: str):
    """Yield the app role's URL of a new empty database <prefix>_<random>; drop it afterwards."""
    urls = database_urls()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    prepare_database(_admin_url(), name, owner=make_url(urls.owner).username,
                     app=make_url(urls.app).username)
    try:
        yield make_url(urls.app).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(_admin_url(), name)


def upgrade_database(url: str, *, seed_world: bool = False) -> dict:
    """Build the schema by the migrations (as the owner); with seed_world, commit
    factories.world() as the app and return its ids by name (for servers in other threads or
    processes)."""
    from flask_migrate import upgrade

    from locate import create_app
    from locate.extensions import db
    from tests import factories

    app = create_app(app_config(url))
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
def seeded_database(prefix: str):
    """A fresh database upgraded to head and holding the test world: yields (url, ids)."""
    with scratch_database(prefix) as url:
        yield url, upgrade_database(url, seed_world=True)
