"""The one emitter: events go out after commit, never after rollback, to the rooms of their
audience only; sockets are authenticated and catch up from the cursor they hold.

These run inside the test's one transaction (the fixture rolls it back). The guarantee under
concurrent transactions, reconnects and Redis loss is proven on committed data in
test_feed_guarantee.py and test_feed_storm.py."""

from __future__ import annotations

import sqlalchemy as sa

from locate.access import task_audience
from locate.domain.audience import addressed_keys, record_keys
from locate.extensions import socketio
from locate.live import events
from locate.models import AuditEntry, Event
from locate.services import feed
from tests.factories import PASSWORD


def _socket(app, client, username):
    client.post("/api/session", json={"username": username, "password": PASSWORD})
    return socketio.test_client(app, flask_test_client=client)


def _received(sock):
    return [m["args"][0] for m in sock.get_received() if m["name"] == "event"]


def _team_task_event(session, world, team, type="task.updated", **payload):
    return events.record(session, type=type, payload=payload,
                         audience=record_keys("task", teams=[team.id]), team_id=team.id)


def test_socket_refuses_anonymous(app, client):
    sock = socketio.test_client(app, flask_test_client=client)
    assert not sock.is_connected()


def test_event_is_sent_after_commit_to_its_audience_only(app, session, world):
    own = _socket(app, app.test_client(), "constable_a")
    other = _socket(app, app.test_client(), "constable_b")
    manager = _socket(app, app.test_client(), "coordinator")
    carer = _socket(app, app.test_client(), "partner_a")
    for sock in (own, other, manager, carer):
        sock.get_received()
    events.record(session, type="task.updated", payload={"n": 1},
                  audience=task_audience(world.task_a), team_id=world.team_a.id,
                  episode_id=world.episode_a.id)
    assert _received(own) == []  # recorded, not yet committed: nothing sent
    session.commit()
    got = _received(own)
    assert [m["type"] for m in got] == ["task.updated"] and got[0]["payload"] == {"n": 1}
    assert isinstance(got[0]["xid"], int)
    assert _received(other) == []  # another team hears nothing
    assert _received(carer) == []  # police tasking: never a carer's
    assert [m["id"] for m in _received(manager)] == [got[0]["id"]]  # force-wide


def test_an_event_without_audience_is_refused(session, world):
    try:
        events.record(session, type="task.updated", payload={}, audience=[])
    except ValueError as error:
        assert "no audience" in str(error)
    else:
        raise AssertionError("an event nobody could hear was recorded")


def test_rolled_back_event_is_never_sent(app, session, world):
    own = _socket(app, app.test_client(), "constable_a")
    own.get_received()
    nested = session.begin_nested()
    _team_task_event(session, world, world.team_a)
    nested.rollback()
    session.rollback()
    session.commit()
    assert _received(own) == []


def test_addressed_event_reaches_that_user_alone(app, session, world):
    constable = _socket(app, app.test_client(), "constable_b")
    sergeant = _socket(app, app.test_client(), "sergeant_b")
    for sock in (constable, sergeant):
        sock.get_received()
    events.record(session, type="sighting.near", payload={"task_id": 9},
                  audience=addressed_keys("sighting", [world.constable_b.id]),
                  user_ids=[world.constable_b.id])
    session.commit()
    assert [m["type"] for m in _received(constable)] == ["sighting.near"]
    assert _received(sergeant) == []


def test_catch_up_sends_what_was_missed_in_order(app, session, world):
    cursor = feed.mark(session)["cursor"]
    first = _team_task_event(session, world, world.team_a, type="a")
    _team_task_event(session, world, world.team_b, type="b")
    third = _team_task_event(session, world, world.team_a, type="c")
    session.commit()
    sock = _socket(app, app.test_client(), "sergeant_a")
    answer = sock.emit("catch_up", {"cursor": cursor}, callback=True)
    assert answer["ok"] and not answer["reload"]
    assert [e["id"] for e in answer["events"]] == [first.id, third.id]
    assert [e["type"] for e in answer["events"]] == ["a", "c"]
    assert feed.parse_cursor(answer["cursor"]) == answer["cursor"]


def test_catch_up_too_far_behind_says_reload_with_a_fresh_cursor(app, session, world):
    app.config["EVENT_CATCHUP_LIMIT"], limit = 2, app.config["EVENT_CATCHUP_LIMIT"]
    try:
        cursor = feed.mark(session)["cursor"]
        for i in range(3):
            _team_task_event(session, world, world.team_a, type=f"e{i}")
        session.commit()
        sock = _socket(app, app.test_client(), "sergeant_a")
        answer = sock.emit("catch_up", {"cursor": cursor}, callback=True)
        assert answer["reload"] and answer["events"] == []
        assert feed.parse_cursor(answer["cursor"])
    finally:
        app.config["EVENT_CATCHUP_LIMIT"] = limit


def test_catch_up_rejects_bad_input_and_writes_nothing(app, session, world):
    sock = _socket(app, app.test_client(), "sergeant_a")
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    for bad in (None, "x", {"cursor": 5}, {"cursor": "x"}, {"cursor": "5:3:"},
                {"cursor": "1:9:12"}, {"cursor": "0:0:"}, {"cursor": "1:2:\x00"},
                {"cursor": "9" * 30 + ":1:"}, {"cursor": "1:" + "9" * 5000 + ":"},
                {"last_id": 5}):
        answer = sock.emit("catch_up", bad, callback=True)
        assert answer["ok"] is False and "cursor" in answer["error"], bad
    assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before


def test_watch_episode_joins_nothing_and_says_whether_visible(app, session, world):
    sock = _socket(app, app.test_client(), "constable_a")
    assert sock.emit("watch_episode", {"episode_id": world.episode_a.id}, callback=True)["ok"]
    refused = sock.emit("watch_episode", {"episode_id": world.episode_b.id}, callback=True)
    assert refused["ok"] is False
    for bad in (None, {"episode_id": "1"}, {"episode_id": True}):
        assert sock.emit("watch_episode", bad, callback=True)["ok"] is False
    assert session.execute(sa.select(sa.func.count(Event.id))).scalar() == 0


def test_http_mark_and_missed_events_audited(login, session, world):
    api = login("sergeant_a")
    mark = api.get("/api/events/last").get_json()
    assert set(mark) == {"cursor", "last_event_id", "resync_seconds"}
    first = _team_task_event(session, world, world.team_a, type="a",
                             task={"properties": {"child_id": world.child_a.id}})
    _team_task_event(session, world, world.team_b, type="b")
    session.commit()
    body = api.get("/api/events", query_string={"cursor": mark["cursor"]}).get_json()
    assert [e["id"] for e in body["events"]] == [first.id]
    row = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "event_list")
                          .order_by(AuditEntry.id.desc())).scalars().first()
    assert row.username == "sergeant_a" and row.details["event_ids"] == [first.id]
    assert row.child_id == world.child_a.id
    for bad in ({"cursor": "x"}, {"cursor": "1:2:3"}, {"after": "5"}, {"cursor": "1:1:\x00"}, {}):
        assert api.get("/api/events", query_string=bad).status_code == 422, bad


def test_socket_connect_is_audited_with_the_rooms_joined(app, session, world):
    _socket(app, app.test_client(), "partner_a")
    row = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "live_feed")
                          .order_by(AuditEntry.id.desc())).scalars().first()
    assert row.username == "partner_a"
    assert not any(k.startswith(("task.", "user.")) for k in row.details["rooms"])
