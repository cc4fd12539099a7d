"""A reconnect storm across two processes: twenty clients following the catch-up protocol
(tests/feed_client.py, the port of live.js) drop and reconnect at random, to either process,
while four writers create sightings and tasks through both. Afterwards each client's applied
events are counted against the events table: no gaps, no doubles, nothing outside what the
client may hear."""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests

from bench.servers import start_app_servers, stop
from locate.domain.audience import user_keys
from tests.factories import PASSWORD
from tests.feed_client import FeedClient
from tests.integration.test_feed_guarantee import _expected, _wait_for, feed_app  # noqa: F401

CLIENTS = [("sergeant_a", 8), ("sergeant_b", 5), ("coordinator", 4), ("constable_a", 2),
           ("partner_a", 1)]
WRITES_PER_WRITER = 20


def _keys(app, username: str) -> list[str]:
    ids = app.world
    role = username[:-2] if username.endswith(("_a", "_b")) else username
    team = ids.get(f"team_{username[-1]}") if role not in ("coordinator", "partner") else None
    org = ids["org_a"] if username == "partner_a" else None
    return user_keys(role=role, user_id=ids[username], team_id=team, organisation_id=org)


def _writer(bases, username, episode_id, seed, failures):
    rng = random.Random(seed)
    sessions = []
    for base in bases:
        http = requests.Session()
        csrf = http.post(f"{base}/api/session", json={"username": username,
                                                      "password": PASSWORD},
                         timeout=20).json()["csrf_token"]
        sessions.append((base, http, csrf))
    for i in range(WRITES_PER_WRITER):
        base, http, csrf = rng.choice(sessions)
        if rng.random() < 0.6:
            response = http.post(f"{base}/api/episodes/{episode_id}/sightings", headers={
                "X-CSRFToken": csrf}, timeout=30, json={
                "client_id": str(uuid.uuid4()),
                "observed_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
                "location": {"type": "Point", "coordinates": [-1.54 + rng.random() / 100,
                                                              53.79 + rng.random() / 100]},
                "accuracy_m": 10.0, "source": "officer", "confidence": "medium",
                "description": f"storm sighting {seed}-{i}"})
        else:
            response = http.post(f"{base}/api/episodes/{episode_id}/tasks", headers={
                "X-CSRFToken": csrf}, timeout=30, json={
                "kind": "address_check", "title": f"Storm check {seed}-{i}",
                "geometry": {"type": "Point", "coordinates": [-1.55, 53.80]},
                "priority": "normal"})
        if response.status_code != 201:
            failures.append(f"{username} write {i}: {response.status_code} {response.text[:200]}")
        time.sleep(rng.random() * 0.1)


@pytest.mark.slow
def test_no_gaps_and_no_doubles_under_a_reconnect_storm(feed_app):  # noqa: F811
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with bin/test, which starts Redis")
    procs, bases = start_app_servers(feed_app.url, redis_url, 2,
                                     extra_env={"EVENT_RESYNC_SECONDS": "2"})
    rng = random.Random(20261201)
    clients: list[FeedClient] = []
    try:
        for username, count in CLIENTS:
            for _ in range(count):
                client = FeedClient(rng.choice(bases), username)
                client.mark()
                client.connect(rng.choice(bases))
                client.start_resync()
                clients.append(client)
        starts = {id(c): c.cursor for c in clients}

        stop_churn = threading.Event()

        def churn():
            while not stop_churn.is_set():
                client = rng.choice(clients)
                client.disconnect()
                time.sleep(rng.random() * 0.5)
                # A refused connect is tried again below, after the storm.
                with contextlib.suppress(Exception):
                    client.connect(rng.choice(bases))
                time.sleep(rng.random() * 0.2)

        churner = threading.Thread(target=churn, daemon=True)
        churner.start()
        failures: list[str] = []
        writers = [threading.Thread(target=_writer, args=(
            bases, who, feed_app.world[episode], seed, failures)) for seed, (who, episode) in
            enumerate([("sergeant_a", "episode_a"), ("sergeant_a", "episode_a"),
                       ("sergeant_b", "episode_b"), ("sergeant_b", "episode_b")])]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=240)
        stop_churn.set()
        churner.join(timeout=30)
        assert not failures, failures[:5]
        for client in clients:
            if client.sio is None or not client.sio.connected:
                client.connect(rng.choice(bases))

        expected = {id(c): _expected(feed_app.engine, starts[id(c)],
                                     _keys(feed_app, c.username)) for c in clients}
        assert all(expected.values()), "the writers made no events"
        assert _wait_for(lambda: all(not c.gaps(expected[id(c)]) for c in clients), 60)
        report = []
        for client in clients:
            extra = sorted(set(client.applied) - expected[id(client)])
            gaps, doubles = client.gaps(expected[id(client)]), client.doubles()
            if gaps or doubles or extra or client.reloads:
                report.append(f"{client.username}: gaps {gaps[:5]} doubles {doubles[:5]} "
                              f"not theirs {extra[:5]} reloads {client.reloads}")
        assert not report, "\n".join(report)
    finally:
        for client in clients:
            client.close()
        stop(procs)
