"""Fixtures that build on each other: a fresh PostGIS database per run, the app on it, and a
session per test that rolls back, so every test starts from the same empty schema."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa
from flask import Flask

os.environ.setdefault("LOCATE_ENV", "test")
# Apps made inside the test process talk to no message queue; the scale-out test hands Redis
# to its own server processes explicitly.
os.environ["SOCKETIO_MESSAGE_QUEUE"] = ""
# No session sweep in this process: one sweep thread serves the process's single Socket.IO
# server whichever app started it, and its own connection cannot see a test's uncommitted
# sessions, so it closed the sockets of any test that outlasted a round. Servers started as
# processes inherit this; test_sessions_scale_out.py gives its servers a 1 s sweep.
os.environ["SESSION_SWEEP_SECONDS"] = "0"


from locate import create_app  # noqa: E402
from locate.extensions import db  # noqa: E402

from . import databases, factories  # noqa: E402


@pytest.fixture(scope="session")
def database_url():
    """locate_test_<random> for this run, upgraded to head; dropped at the end. The URL is the
    app's least-privileged role: the whole suite runs as the app does in production."""
    with databases.scratch_database("locate_test") as url:
        databases.upgrade_database(url)
        yield url


@pytest.fixture(scope="session")
def seeded_database(database_url):
    """A database whose rows are really committed (for servers in other threads or
    processes), upgraded and holding factories.world(); yields (url, world ids)."""
    with databases.seeded_database("locate_live") as seeded:
        yield seeded


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({
        **databases.app_config(database_url),
        "TESTING": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Every test signs in; the limit itself is tested on an app of its own.
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "SOCKETIO_MESSAGE_QUEUE": None,
        # The sweep's own connection cannot see a test's uncommitted sessions and would close
        # every socket of a test that outlasts one round (test_sessions_scale_out covers it).
        "SESSION_SWEEP_SECONDS": 0,
        "SERVER_NAME": "localhost",
    })
    return app


class _FixtureScopedSession(sa.orm.scoped_session):
    """One Session for the test's thread, whatever app context asks: Flask-SQLAlchemy's
    per-request remove() is ignored there because the fixture owns that session's lifetime.
    Background threads (push delivery) get sessions of their own on other connections, as
    in production, and remove them as usual."""

    main_thread: int

    def remove(self):
        if threading.get_ident() != self.main_thread:
            super().remove()


@pytest.fixture()
def session(app):
    """db.session bound to one outer transaction that is rolled back after the test.
    Services still call commit(): it releases a savepoint, not the outer transaction.

    The test body runs in the app context of a bare stand-in app, so every request and socket
    event pushes an app context of its own, with its own `g`, as in production (otherwise
    Flask-Login's cached user and the CSRF token would leak from one client to the next)."""
    with app.app_context():
        engine = db.engine
        connection = engine.connect()
    outer = connection.begin()
    original = db.session
    main_thread = threading.get_ident()

    def make_session():
        if threading.get_ident() == main_thread:
            return sa.orm.Session(bind=connection, join_transaction_mode="create_savepoint")
        return sa.orm.Session(bind=engine)

    db.session = _FixtureScopedSession(make_session, scopefunc=threading.get_ident)
    db.session.main_thread = main_thread
    stand_in = Flask("locate-tests")
    stand_in.config.update(app.config)
    context = stand_in.app_context()
    context.push()
    try:
        yield db.session
    finally:
        context.pop()
        db.session.registry().close()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture()
def owner_session(app):
    """A session as the tables' owner (what migrations and flask demo-data use) on the test
    database, in a transaction rolled back after the test; the app's own role never gets one."""
    engine = sa.create_engine(app.config["MIGRATION_DATABASE_URI"], poolclass=sa.pool.NullPool)
    connection = engine.connect()
    outer = connection.begin()
    owner = sa.orm.Session(bind=connection, join_transaction_mode="create_savepoint")
    with app.app_context():
        try:
            yield owner
        finally:
            owner.close()
            outer.rollback()
            connection.close()
            engine.dispose()


@pytest.fixture()
def client(app, session):
    return app.test_client()


@pytest.fixture()
def world(session):
    """Two teams, users of every role, a child and an episode in each team."""
    return factories.world(session)


class ApiClient:
    """A test client signed in as one user, sending the CSRF token on writes."""

    def __init__(self, client, username, password=factories.PASSWORD):
        self.client = client
        response = client.post("/api/session", json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        self.csrf = response.get_json()["csrf_token"]
        self.user = response.get_json()["user"]

    def _headers(self, headers=None):
        return {"X-CSRFToken": self.csrf, **(headers or {})}

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, **kw):
        return self.client.post(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, **kw):
        return self.client.put(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, **kw):
        return self.client.patch(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)


@pytest.fixture()
def login(app, session):
    """login('username') -> an ApiClient signed in as that user (own cookie jar each)."""

    def _login(username):
        return ApiClient(app.test_client(), username)

    return _login
