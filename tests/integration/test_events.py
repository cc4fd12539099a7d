"""The one emitter: events go out after commit, never after rollback; sockets are
authenticated, hear only their rooms, and catch up from the last id they applied."""

from __future__ import annotations

import sqlalchemy as sa

from locate import events
from locate.extensions import socketio
from locate.models import Event
from tests.factories import PASSWORD


def _socket(app, client, username):
    client.post("/api/session", json={"username": username, "password": PASSWORD})
    return socketio.test_client(app, flask_test_client=client)


def _received(sock):
    return [m["args"][0] for m in sock.get_received() if m["name"] == "event"]


def test_socket_refuses_anonymous(app, client):
    sock = socketio.test_client(app, flask_test_client=client)
    assert not sock.is_connected()


def test_event_is_sent_after_commit_to_its_rooms_only(app, session, world):
    own = _socket(app, app.test_client(), "constable_a")
    other = _socket(app, app.test_client(), "constable_b")
    manager = _socket(app, app.test_client(), "coordinator")
    for sock in (own, other, manager):
        sock.get_received()
    events.record(session, type="task.updated", payload={"n": 1}, team_id=world.team_a.id,
                  episode_id=world.episode_a.id)
    assert _received(own) == []  # recorded, not yet committed: nothing sent
    session.commit()
    got = _received(own)
    assert [m["type"] for m in got] == ["task.updated"] and got[0]["payload"] == {"n": 1}
    assert _received(other) == []  # another team hears nothing
    assert [m["id"] for m in _received(manager)] == [got[0]["id"]]  # force-wide


def test_rolled_back_event_is_never_sent(app, session, world):
    own = _socket(app, app.test_client(), "constable_a")
    own.get_received()
    nested = session.begin_nested()
    events.record(session, type="task.updated", payload={}, team_id=world.team_a.id)
    nested.rollback()
    session.rollback()
    session.commit()
    assert _received(own) == []


def test_user_targeted_event_reaches_that_user(app, session, world):
    constable = _socket(app, app.test_client(), "constable_b")
    constable.get_received()
    events.record(session, type="task.assigned", payload={"task_id": 9}, user_ids=[world.constable_b.id])
    session.commit()
    assert [m["type"] for m in _received(constable)] == ["task.assigned"]


def test_catch_up_sends_what_was_missed_in_order(app, session, world):
    first = events.record(session, type="a", payload={}, team_id=world.team_a.id)
    events.record(session, type="b", payload={}, team_id=world.team_b.id)
    third = events.record(session, type="c", payload={}, team_id=world.team_a.id)
    session.commit()
    sock = _socket(app, app.test_client(), "sergeant_a")
    answer = sock.emit("catch_up", {"last_id": first.id - 1}, callback=True)
    assert answer["ok"] and not answer["reload"]
    assert [e["type"] for e in answer["events"]] == ["a", "c"]
    assert answer["last_id"] == third.id


def test_catch_up_too_far_behind_says_reload(app, session, world):
    app.config["EVENT_CATCHUP_LIMIT"], limit = 2, app.config["EVENT_CATCHUP_LIMIT"]
    try:
        for i in range(3):
            events.record(session, type=f"e{i}", payload={}, team_id=world.team_a.id)
        session.commit()
        sock = _socket(app, app.test_client(), "sergeant_a")
        answer = sock.emit("catch_up", {"last_id": 0}, callback=True)
        assert answer["reload"] and answer["events"] == []
    finally:
        app.config["EVENT_CATCHUP_LIMIT"] = limit


def test_catch_up_rejects_bad_input(app, session, world):
    sock = _socket(app, app.test_client(), "sergeant_a")
    for bad in (None, "x", {"last_id": "5"}, {"last_id": -1}, {"last_id": True}):
        answer = sock.emit("catch_up", bad, callback=True)
        assert answer["ok"] is False and "last_id" in answer["error"]


def test_watch_episode_only_when_visible(app, session, world):
    sock = _socket(app, app.test_client(), "constable_a")
    assert sock.emit("watch_episode", {"episode_id": world.episode_a.id}, callback=True)["ok"]
    refused = sock.emit("watch_episode", {"episode_id": world.episode_b.id}, callback=True)
    assert refused["ok"] is False
    assert session.execute(sa.select(sa.func.count(Event.id))).scalar() == 0


def test_http_last_id_and_missed_events(login, session, world):
    first = events.record(session, type="a", payload={}, team_id=world.team_a.id)
    events.record(session, type="b", payload={}, team_id=world.team_b.id)
    session.commit()
    api = login("sergeant_a")
    assert api.get("/api/events/last").get_json()["last_event_id"] >= first.id
    body = api.get(f"/api/events?after={first.id - 1}").get_json()
    assert [e["type"] for e in body["events"]] == ["a"]
    assert api.get("/api/events?after=-1").status_code == 422
    assert api.get("/api/events?after=x").status_code == 422
    assert api.get("/api/events").status_code == 422
