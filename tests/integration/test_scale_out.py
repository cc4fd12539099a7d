"""Two real app processes (the production gunicorn + gevent command) sharing real Redis:
a task assigned through one reaches an officer whose socket is on the other."""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

import pytest
import requests
import socketio as socketio_client

from bench.servers import start_app_servers, stop
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def two_servers(seeded_database):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with bin/test, which starts Redis")
    url, ids = seeded_database
    procs, bases = start_app_servers(url, redis_url, 2)
    try:
        yield bases, ids
    finally:
        stop(procs)


def _sign_in(base: str, username: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    response = http.post(f"{base}/api/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return http, response.json()["csrf_token"]


def _subscribers(redis_url: str, channel: str = "flask-socketio") -> int:
    import redis

    return dict(redis.Redis.from_url(redis_url).pubsub_numsub(channel)).get(channel.encode(), 0)


def _wait_for_listener(redis_url: str, more_than: int) -> None:
    """Redis pub/sub keeps nothing for a subscriber that is not there yet: the officer's
    process starts listening when its first socket connects, in a thread of its own. Wait
    until it has subscribed (a readiness condition, not a speed: the deadline only bounds a
    process that never listens)."""
    deadline = time.monotonic() + 60
    while _subscribers(redis_url) <= more_than:
        if time.monotonic() > deadline:
            pytest.fail("the officer's server process never subscribed to the queue in Redis")
        time.sleep(0.1)


def test_assign_on_one_process_reaches_officer_on_the_other(two_servers):
    (base_a, base_b), ids = two_servers
    officer_http, _ = _sign_in(base_b, "constable_a")
    received: queue.Queue = queue.Queue()
    client = socketio_client.Client(reconnection=False)
    client.on("event", received.put)
    cookie = "; ".join(f"{c.name}={c.value}" for c in officer_http.cookies)
    listening = _subscribers(os.environ["REDIS_URL"])
    client.connect(base_b, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    _wait_for_listener(os.environ["REDIS_URL"], more_than=listening)
    try:
        sergeant, csrf = _sign_in(base_a, "sergeant_a")
        assert sergeant.get(f"{base_a}/api/events/last").status_code == 200
        response = sergeant.post(
            f"{base_a}/api/tasks/{ids['task_a']}/actions",
            json={"action": "unassign", "version": 1}, headers={"X-CSRFToken": csrf})
        assert response.status_code == 200, response.text
        version = response.json()["properties"]["version"]
        response = sergeant.post(
            f"{base_a}/api/tasks/{ids['task_a']}/actions",
            json={"action": "assign", "version": version, "assignee_user_id": ids["constable_a"]},
            headers={"X-CSRFToken": csrf})
        assert response.status_code == 200, response.text
        types = []
        deadline = time.monotonic() + 15
        while "task.assigned" not in types and time.monotonic() < deadline:
            try:
                types.append(received.get(timeout=1)["type"])
            except queue.Empty:
                continue
        assert types[-2:] == ["task.unassigned", "task.assigned"]
    finally:
        client.disconnect()
