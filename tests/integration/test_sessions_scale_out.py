"""Two real app processes (gunicorn + gevent) sharing a Redis of this test's own: a session
ended through one closes its socket on the other at once; with Redis stopped, nothing answers
5xx, and the other process still closes the socket within its sweep interval."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest
import requests
import socketio as socketio_client

from bench.servers import free_port, start_app_servers, stop
from tests.factories import PASSWORD


@pytest.fixture()
def redis_and_two_servers(seeded_database, tmp_path):
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url, ids = seeded_database
    procs, bases = start_app_servers(url, f"redis://127.0.0.1:{port}/0", 2, extra_env={
        "RATELIMIT_ENABLED": "1", "SESSION_SWEEP_SECONDS": "1"})
    try:
        yield redis, bases, ids
    finally:
        stop(procs)
        redis.kill()
        redis.wait()


def _sign_in(base: str, username: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    response = http.post(f"{base}/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return http, response.json()["csrf_token"]


def _socket(base: str, http: requests.Session):
    closed = threading.Event()
    client = socketio_client.Client(reconnection=False)
    client.on("disconnect", lambda *reason: closed.set())
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    client.connect(base, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    return client, closed


def _end_sessions(base: str, user_id: int) -> None:
    admin, csrf = _sign_in(base, "admin")
    response = admin.delete(f"{base}/api/users/{user_id}/sessions", headers={"X-CSRFToken": csrf})
    assert response.status_code == 200, response.text
    assert response.json()["ended"] >= 1


def test_ended_sessions_close_sockets_on_the_other_process_with_and_without_redis(
        redis_and_two_servers):
    redis, (base_a, base_b), ids = redis_and_two_servers
    officer, _ = _sign_in(base_b, "constable_b")
    client, closed = _socket(base_b, officer)
    bystander_http, _ = _sign_in(base_b, "sergeant_b")
    bystander, bystander_closed = _socket(base_b, bystander_http)
    try:
        started = time.monotonic()
        _end_sessions(base_a, ids["constable_b"])
        assert closed.wait(5), "the socket on the other process stayed open"
        # Through the channel, not the 1 s sweep: well under a sweep round in practice, but
        # only the closing is asserted (shared machines are slow).
        assert time.monotonic() - started < 5
        assert officer.get(f"{base_b}/api/session").status_code == 401
        assert not bystander_closed.is_set()

        redis.kill()
        redis.wait()
        officer, _ = _sign_in(base_b, "constable_b")  # signing in with Redis away: no 500
        assert officer.get(f"{base_b}/api/session").status_code == 200
        client, closed = _socket(base_b, officer)
        _end_sessions(base_a, ids["constable_b"])  # the channel is down: no 5xx either
        assert closed.wait(15), "the sweep did not close the socket"
        assert officer.get(f"{base_b}/api/session").status_code == 401
        assert not bystander_closed.is_set()
    finally:
        for c in (client, bystander):
            if c.connected:
                c.disconnect()
