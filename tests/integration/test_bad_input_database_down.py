"""When the database goes away, every /api answer is still the API's JSON: a 503 with
Retry-After, never the server's HTML error page, and the app recovers by itself.

Two real outages, neither touching the cluster other tests share: the app's own backend is
terminated (pg_terminate_backend) while a request holds it mid-transaction, under the
production server (gunicorn + gevent); and an app whose database does not answer at all."""

from __future__ import annotations

import time

import pytest
import requests
import sqlalchemy as sa

from bench.servers import start_app_servers, stop
from locate import create_app
from locate.security.auth import SESSION_KEY
from tests.factories import PASSWORD


def assert_json_503(response):
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:300]
    assert int(response.headers["Retry-After"]) > 0
    body = response.get_json() if hasattr(response, "get_json") else response.json()
    assert body["code"] == 503 and body["message"]


@pytest.fixture()
def server(seeded_database):
    url, ids = seeded_database
    procs, (base,) = start_app_servers(url, "", 1)
    try:
        yield base, url, ids
    finally:
        stop(procs)


def _wait_for_blocked_backend(admin, database: str, answer: dict) -> int:
    """The pid of the app's backend waiting on our lock (polled, not timed)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = admin.execute(sa.text(
            "SELECT pid FROM pg_stat_activity WHERE datname = :d AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"), {"d": database}).scalar()
        admin.rollback()  # pg_stat_activity is a snapshot per transaction: take a fresh one
        if pid:
            return pid
        time.sleep(0.05)
        if "response" in answer:
            raise AssertionError(f"answered without waiting: {answer['response'].text}")
    raise AssertionError("the request never reached the database")


@pytest.mark.slow
def test_a_backend_killed_mid_request_answers_json_503_then_recovers(server):
    import threading

    base, url, ids = server
    http = requests.Session()
    signed_in = http.post(f"{base}/api/session",
                          json={"username": "constable_a", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    csrf = signed_in.json()["csrf_token"]
    engine = sa.create_engine(url)
    database = sa.engine.make_url(url).database
    try:
        for attempt in range(2):  # the second proves the pool threw the dead connection away
            with engine.connect() as holder, engine.connect() as admin:
                holder.execute(sa.text("SELECT 1 FROM users WHERE id = :i FOR UPDATE"),
                               {"i": ids["constable_a"]})
                answer = {}
                request = threading.Thread(target=lambda into=answer: into.update(
                    response=http.put(f"{base}/api/me/duty", json={"on_duty": True},
                                      headers={"X-CSRFToken": csrf}, timeout=60)))
                request.start()
                pid = _wait_for_blocked_backend(admin, database, answer)
                admin.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
                admin.commit()
                request.join(60)
                holder.rollback()
            assert_json_503(answer["response"])
            assert http.get(f"{base}/api/session").status_code == 200, attempt
        after = http.put(f"{base}/api/me/duty", json={"on_duty": True},
                         headers={"X-CSRFToken": csrf})
        assert after.status_code == 200, after.text
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def unreachable_app():
    # Port 1 on the loopback: nothing listens there, so every connection is refused at once.
    return create_app({
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg2://locate@127.0.0.1:1/locate",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                      "connect_args": {"connect_timeout": 2}},
        "RATELIMIT_STORAGE_URI": "memory://", "SOCKETIO_MESSAGE_QUEUE": None,
        "TESTING": True,
    })


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/session", {"username": "admin", "password": "x"}),
    ("get", "/api/session", None),
    ("get", "/api/episodes", None),
    ("get", "/api/children/1", None),
])
def test_an_unreachable_database_answers_json_503(unreachable_app, method, path, body):
    from flask_login.utils import _create_identifier

    client = unreachable_app.test_client()
    with unreachable_app.test_request_context(environ_base=client.environ_base):
        browser = _create_identifier()  # flask-login's "strong" check: address and agent
    # A signed-in session as the browser holds it: loading its user needs the database.
    with client.session_transaction() as cookie:
        cookie.update({"_user_id": "1", "_fresh": True, "_id": browser,
                       SESSION_KEY: "a-session-token-the-database-must-check"})
    response = getattr(client, method)(path, json=body)
    assert_json_503(response)


def test_a_page_with_the_database_away_is_a_plain_503(unreachable_app):
    from flask_login.utils import _create_identifier

    client = unreachable_app.test_client()
    with unreachable_app.test_request_context(environ_base=client.environ_base):
        browser = _create_identifier()
    with client.session_transaction() as cookie:
        cookie.update({"_user_id": "1", "_fresh": True, "_id": browser,
                       SESSION_KEY: "a-session-token-the-database-must-check"})
    response = client.get("/map")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0


@pytest.fixture()
def probe_app(database_url):
    """The app, plus one route that reads, then loses its connection before the request ends:
    the end-of-request rollback meets a dead connection."""
    from flask import jsonify

    from locate.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True,
                      "RATELIMIT_STORAGE_URI": "memory://", "SOCKETIO_MESSAGE_QUEUE": None})
    killer = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")

    @app.get("/api/probe-dead-connection")
    def probe():
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        with killer.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        return jsonify(pid=pid)

    from locate.security import auth

    auth.PUBLIC_ENDPOINTS = auth.PUBLIC_ENDPOINTS | {"probe"}
    try:
        yield app
    finally:
        auth.PUBLIC_ENDPOINTS = auth.PUBLIC_ENDPOINTS - {"probe"}
        killer.dispose()
        with app.app_context():
            db.engine.dispose()


def test_a_connection_dead_at_the_end_of_the_request_still_answers(probe_app):
    client = probe_app.test_client()
    response = client.get("/api/probe-dead-connection")
    assert response.status_code == 200, response.get_data()
    assert response.get_json()["pid"]
