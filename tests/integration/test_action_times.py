"""When an officer acted, kept beside when the server received it: task steps and duty changes
sent late by a phone out of signal carry the time of the tap, checked like a sighting's time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry, DutyChange, Event, TaskTransition


def _counts(session):
    return tuple(session.execute(sa.select(sa.func.count()).select_from(m)).scalar()
                 for m in (TaskTransition, DutyChange, Event, AuditEntry))


def _iso(when):
    return when.isoformat().replace("+00:00", "Z")


def test_a_step_sent_late_keeps_the_time_of_the_tap(login, session, world):
    api = login("constable_a")
    task = world.task_a
    session.execute(sa.text("UPDATE tasks SET created_at = now() - interval '2 hours' "
                            "WHERE id = :id"), {"id": task.id})
    session.commit()
    tapped = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=25)
    response = api.post(f"/api/tasks/{task.id}/actions", json={
        "action": "accept", "version": task.version, "acted_at": _iso(tapped),
        "client_id": str(uuid.uuid4())})
    assert response.status_code == 200, response.get_json()
    props = response.get_json()["properties"]
    assert datetime.fromisoformat(props["status_acted_at"]) == tapped
    received = datetime.fromisoformat(props["status_received_at"])
    assert received - tapped > timedelta(minutes=24)
    row = session.execute(sa.select(TaskTransition).where(
        TaskTransition.task_id == task.id, TaskTransition.action == "accept")).scalar_one()
    assert row.acted_at == tapped and row.at == received
    detail = api.get(f"/api/tasks/{task.id}").get_json()["properties"]["transitions"][-1]
    assert datetime.fromisoformat(detail["acted_at"]) == tapped
    assert datetime.fromisoformat(detail["received_at"]) == received
    # Listed for the board with both times, too.
    listed = api.get("/api/tasks?assignee=me").get_json()["features"]
    mine = next(f for f in listed if f["id"] == task.id)["properties"]
    assert datetime.fromisoformat(mine["status_acted_at"]) == tapped


def test_a_step_without_acted_at_is_timed_on_arrival(login, session, world):
    api = login("constable_a")
    response = api.post(f"/api/tasks/{world.task_a.id}/actions",
                        json={"action": "accept", "version": world.task_a.version})
    props = response.get_json()["properties"]
    assert props["status_acted_at"] == props["status_received_at"]


@pytest.mark.parametrize("acted_at", [
    "not a time", 1733040000, True, ["2026-12-01T09:26:18Z"], "2026-12-01T09:26:18",
    "2026-12-01T09:26:18Z\x00", "\x00",
    "FUTURE", "BEFORE_TASK",
])
def test_bad_acted_at_on_a_task_step_is_refused_and_nothing_is_written(login, session, world,
                                                                      acted_at):
    api = login("constable_a")
    if acted_at == "FUTURE":
        acted_at = _iso(datetime.now(UTC) + timedelta(hours=1))
    elif acted_at == "BEFORE_TASK":
        acted_at = _iso(world.task_a.created_at - timedelta(days=2))
    before = _counts(session)
    response = api.post(f"/api/tasks/{world.task_a.id}/actions", json={
        "action": "accept", "version": world.task_a.version, "acted_at": acted_at})
    assert response.status_code == 422, response.get_json()
    assert "acted_at" in str(response.get_json())
    assert _counts(session) == before


def test_duty_changes_keep_both_times_and_a_resend_is_harmless(login, session, world):
    api = login("constable_a")
    tapped = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=40)
    client_id = str(uuid.uuid4())
    body = {"on_duty": True, "acted_at": _iso(tapped), "client_id": client_id}
    assert api.put("/api/me/duty", json=body).status_code == 200
    assert api.put("/api/me/duty", json=body).status_code == 200
    rows = session.execute(sa.select(DutyChange).where(
        DutyChange.user_id == world.constable_a.id)).scalars().all()
    assert len(rows) == 1 and rows[0].acted_at == tapped and rows[0].on_duty is True
    assert rows[0].received_at - tapped > timedelta(minutes=39)
    event = session.execute(sa.select(Event).where(Event.type == "officer.duty")).scalars().all()
    assert len(event) == 1 and event[0].payload["acted_at"].startswith(tapped.isoformat()[:19])


@pytest.mark.parametrize("acted_at", ["yesterday", 5, None, "2026-12-01T09:26:18",
                                      "2026-12-01T09:26:18Z\x00", "FUTURE", "BEFORE_PREVIOUS"])
def test_bad_acted_at_on_duty_is_refused_and_nothing_is_written(login, session, world, acted_at):
    api = login("constable_a")
    assert api.put("/api/me/duty", json={"on_duty": True}).status_code == 200
    if acted_at == "FUTURE":
        acted_at = _iso(datetime.now(UTC) + timedelta(hours=1))
    elif acted_at == "BEFORE_PREVIOUS":
        acted_at = _iso(datetime.now(UTC) - timedelta(hours=3))
    before = _counts(session)
    response = api.put("/api/me/duty", json={"on_duty": False, "acted_at": acted_at})
    if acted_at is None:  # null is the default: now
        assert response.status_code == 200
        return
    assert response.status_code == 422, response.get_json()
    assert _counts(session) == before
    session.expire_all()
    assert world.constable_a.on_duty is True
