"""The live feed's guarantee, each way it used to break reproduced on committed data in real
concurrent transactions: a commit that lands after a higher id, a mark taken while a write is
open, an event delivered before the connect handshake completes, and Redis going away while
clients stay connected. docs/decisions.md, "The live feed's guarantee"."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.servers import free_port, start_app_servers, stop
from locate import create_app
from locate.domain.audience import record_keys, user_keys
from locate.extensions import db, socketio
from locate.live import events, realtime
from tests import databases
from tests.factories import PASSWORD
from tests.feed_client import FeedClient, FeedState


@pytest.fixture(scope="module")
def feed_app(database_url):
    """An app over a committed database of its own (the test world), so that transactions
    really are concurrent and really commit."""
    with databases.seeded_database("locate_feed") as (url, ids):
        app = create_app({**databases.app_config(url), "TESTING": True,
                          "RATELIMIT_ENABLED": False, "SOCKETIO_MESSAGE_QUEUE": None,
                          "SERVER_NAME": "localhost"})
        app.world = ids
        app.url = url
        with app.app_context():
            app.engine = db.engine
        yield app
        app.engine.dispose()


def _session(app) -> Session:
    """A transaction of its own, as another request's would be."""
    return Session(bind=app.engine, expire_on_commit=False)


def _signed_in(app, username):
    client = app.test_client()
    assert client.post("/api/session", json={"username": username,
                                              "password": PASSWORD}).status_code == 200
    return client


def _record(session, app, type):
    """A team A task event in the caller's own transaction (committed or not by the test)."""
    return events.record(session, type=type, payload={"what": type},
                         audience=record_keys("task", teams=[app.world["team_a"]]),
                         team_id=app.world["team_a"])


def _since(client, cursor):
    response = client.get("/api/events", query_string={"cursor": cursor})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_commit_that_lands_after_a_higher_id_is_still_caught_up(feed_app):
    sergeant = _signed_in(feed_app, "sergeant_a")
    cursor = sergeant.get("/api/events/last").get_json()["cursor"]
    late, early = _session(feed_app), _session(feed_app)
    try:
        held = _record(late, feed_app, "late")  # takes id N and waits (a lock wait is enough)
        first = _record(early, feed_app, "early")
        early.commit()  # N+1 commits first
        assert held.id < first.id
        answer = _since(sergeant, cursor)
        assert [e["id"] for e in answer["events"]] == [first.id]
        late.commit()
        # The old rule asked for ids above the highest seen (N+1) and never sent N.
        again = _since(sergeant, answer["cursor"])
        assert [e["id"] for e in again["events"]] == [held.id]
        assert _since(sergeant, again["cursor"])["events"] == []
    finally:
        late.close()
        early.close()


def test_a_mark_taken_while_a_write_is_open_does_not_hide_it(feed_app):
    sergeant = _signed_in(feed_app, "sergeant_a")
    open_write, other = _session(feed_app), _session(feed_app)
    try:
        held = _record(open_write, feed_app, "still-open")
        newer = _record(other, feed_app, "committed")
        other.commit()
        mark = sergeant.get("/api/events/last").get_json()
        # The old mark was the newest id, already above the open write's event: the page read
        # its state without it and then dropped it as older than the mark.
        assert mark["last_event_id"] >= newer.id > held.id
        open_write.commit()
        answer = _since(sergeant, mark["cursor"])
        got = [e["id"] for e in answer["events"]]
        assert held.id in got and newer.id not in got  # the state already holds `newer`
    finally:
        open_write.close()
        other.close()


def test_an_event_delivered_before_the_handshake_completes_hides_nothing(feed_app):
    """The server joins the rooms, then yields before it answers CONNECT: an event published
    in that moment reaches the client before 'connect' fires."""
    sergeant = _signed_in(feed_app, "sergeant_a")
    state = FeedState()
    state.reset(sergeant.get("/api/events/last").get_json()["cursor"])
    with _session(feed_app) as writer:  # committed while the client was away
        missed = _record(writer, feed_app, "while-away")
        writer.commit()
    during = {}

    def connect_then_publish(auth=None):
        accepted = realtime.on_connect(auth)
        with _session(feed_app) as writer:
            during["event"] = _record(writer, feed_app, "during-handshake")
            writer.commit()
        return accepted

    socketio.on_event("connect", connect_then_publish)
    try:
        sock = socketio.test_client(feed_app, flask_test_client=sergeant)
    finally:
        socketio.on_event("connect", realtime.on_connect)
    assert sock.is_connected()
    live = [m["args"][0] for m in sock.get_received() if m["name"] == "event"]
    assert [e["id"] for e in live] == [during["event"].id]
    for event in live:  # the client applies what arrived first...
        state.apply(event)
    assert missed.id < during["event"].id  # ...the old rule would now ask from above `missed`
    reply = sock.emit("catch_up", {"cursor": state.cursor}, callback=True)
    state.take(reply)
    assert state.gaps({missed.id, during["event"].id}) == []
    assert state.doubles() == []
    sock.disconnect()


def test_catch_up_delivers_to_a_partner_only_what_they_may_read(feed_app):
    """A carer hears their child's episode and sightings, never task traffic (see
    test_feed_audience.py for every type and role)."""
    carer = _signed_in(feed_app, "partner_a")
    cursor = carer.get("/api/events/last").get_json()["cursor"]
    with _session(feed_app) as writer:
        task_event = _record(writer, feed_app, "task.created")
        writer.commit()
    assert task_event.id not in [e["id"] for e in _since(carer, cursor)["events"]]


# --- Redis away ---------------------------------------------------------------------------

@pytest.fixture()
def own_redis():
    """A Redis of this test's own, so stopping it disturbs nothing else."""
    port = free_port()
    directory = tempfile.mkdtemp(prefix="locate-redis-")

    def start():
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no", "--dir", directory],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return proc
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    holder = {"proc": start()}
    yield f"redis://127.0.0.1:{port}/0", holder, start
    holder["proc"].kill()
    holder["proc"].wait()
    shutil.rmtree(directory, ignore_errors=True)


def _sighting(http, csrf, base, episode_id):
    response = http.post(f"{base}/api/episodes/{episode_id}/sightings", headers={
        "X-CSRFToken": csrf}, json={
        "client_id": str(uuid.uuid4()),
        "observed_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "location": {"type": "Point", "coordinates": [-1.541, 53.797]},
        "accuracy_m": 10.0, "source": "officer", "confidence": "high",
        "description": "Seen by the bus station"}, timeout=20)
    return response


def _expected(engine, cursor: str, keys: list[str]) -> set[int]:
    """What a client holding `keys` must have applied since `cursor`: from the events table."""
    with engine.connect() as conn:
        return set(conn.execute(sa.text(
            "SELECT id FROM events WHERE audience && CAST(:keys AS text[]) AND NOT "
            "pg_visible_in_snapshot(xid::text::xid8, CAST(:c AS pg_snapshot)) "
            "AND xid >= pg_snapshot_xmin(CAST(:c AS pg_snapshot))::text::bigint"),
            {"keys": keys, "c": cursor}).scalars())


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.slow
def test_events_written_while_redis_is_away_reach_connected_clients(feed_app, own_redis):
    redis_url, holder, start_redis = own_redis
    procs, (base_a, base_b) = start_app_servers(feed_app.url, redis_url, 2,
                                                extra_env={"EVENT_RESYNC_SECONDS": "2"})
    client = None
    try:
        client = FeedClient(base_b, "sergeant_a")
        first_cursor = client.mark()
        client.connect()
        client.start_resync()
        writer = requests.Session()
        csrf = writer.post(f"{base_a}/api/session", json={
            "username": "sergeant_a", "password": PASSWORD}, timeout=10).json()["csrf_token"]
        episode = feed_app.world["episode_a"]
        keys = user_keys(role="sergeant", user_id=feed_app.world["sergeant_a"],
                         team_id=feed_app.world["team_a"], organisation_id=None)

        def has_all():
            return not client.gaps(_expected(feed_app.engine, first_cursor, keys))

        assert _sighting(writer, csrf, base_a, episode).status_code == 201
        assert _wait_for(has_all, 30)

        holder["proc"].kill()  # Redis gone: the processes cannot hand events to each other
        holder["proc"].wait()
        for _ in range(5):
            response = _sighting(writer, csrf, base_a, episode)
            assert response.status_code == 201, response.text  # writes still succeed
        assert client.sio.connected  # the client stayed connected and heard nothing live
        assert _wait_for(has_all, 30), "missed events were not caught up while Redis was away"

        holder["proc"] = start_redis()
        for _ in range(3):
            assert _sighting(writer, csrf, base_a, episode).status_code == 201
        assert _wait_for(has_all, 30)
        assert client.doubles() == []
        assert client.gaps(_expected(feed_app.engine, first_cursor, keys)) == []
    finally:
        if client is not None:
            client.close()
        stop(procs)


def _workers(master_pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


@pytest.mark.slow
def test_worker_processes_killed_mid_stream_lose_nothing(feed_app):
    """kill -9 of the worker each client's socket is on, and of the writers' worker (its events
    may be committed and never emitted): clients reconnect, catch up, and miss nothing."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with bin/test, which starts Redis")
    procs, bases = start_app_servers(feed_app.url, redis_url, 2,
                                     extra_env={"EVENT_RESYNC_SECONDS": "1"})
    clients = []
    try:
        for base in bases:
            client = FeedClient(base, "sergeant_a")
            client.mark()
            client.connect()
            client.start_resync(reconnect_to=base)
            clients.append(client)
        starts = [c.cursor for c in clients]
        writer = requests.Session()
        csrf = {base: writer.post(f"{base}/api/session", json={
            "username": "sergeant_a", "password": PASSWORD}, timeout=20).json()["csrf_token"]
            for base in bases}
        episode = feed_app.world["episode_a"]

        def write(n):
            # Retried with the same client id until answered: a sighting is recorded once.
            body = {"client_id": str(uuid.uuid4()),
                    "observed_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
                    "location": {"type": "Point", "coordinates": [-1.541, 53.797]},
                    "accuracy_m": 10.0, "source": "officer", "confidence": "high",
                    "description": f"Sighting {n} through the kills"}
            for attempt in range(120):
                base = bases[(n + attempt) % 2]
                try:
                    response = writer.post(f"{base}/api/episodes/{episode}/sightings",
                                           headers={"X-CSRFToken": csrf[base]}, json=body,
                                           timeout=20)
                    if response.status_code in (200, 201):
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.25)
            raise AssertionError(f"sighting {n} was never answered")

        for n in range(8):
            write(n)
            if n == 3:  # the workers die; gunicorn's masters start new ones
                for proc in procs:
                    for pid in _workers(proc.pid):
                        os.kill(pid, 9)
        keys = user_keys(role="sergeant", user_id=feed_app.world["sergeant_a"],
                         team_id=feed_app.world["team_a"], organisation_id=None)
        expected = [_expected(feed_app.engine, start, keys) for start in starts]
        assert all(len(e) >= 8 for e in expected)
        assert _wait_for(lambda: all(not c.gaps(e) for c, e in zip(clients, expected,
                                                                     strict=True)), 90)
        for client in clients:
            assert client.doubles() == []
    finally:
        for client in clients:
            client.close()
        stop(procs)
