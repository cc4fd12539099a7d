"""Task state changes through the API: who may, against which version, what is recorded."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry, Event, Task, TaskTransition


def _counts(session):
    return tuple(session.execute(sa.select(sa.func.count()).select_from(m)).scalar()
                 for m in (TaskTransition, Event, AuditEntry))


def _act(api, task, **body):
    return api.post(f"/api/tasks/{task.id}/actions", json=body)


def test_constable_moves_own_task_to_completed(login, session, world):
    api = login("constable_a")
    task = world.task_a
    version = task.version
    for action in ("accept", "start", "arrive"):
        response = _act(api, task, action=action, version=version)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["properties"]["version"]
    done = _act(api, task, action="complete", version=version, result="Not there; flat empty")
    props = done.get_json()["properties"]
    assert props["status"] == "completed" and props["result"] == "Not there; flat empty"
    assert done.get_json()["geometry"]["type"] == "Point"
    steps = session.execute(sa.select(TaskTransition.from_status, TaskTransition.to_status,
                                      TaskTransition.by_user_id)
                            .where(TaskTransition.task_id == task.id)
                            .order_by(TaskTransition.id)).all()
    assert [(a, b) for a, b, _ in steps] == [("assigned", "accepted"), ("accepted", "en_route"),
                                            ("en_route", "on_scene"), ("on_scene", "completed")]
    assert {u for *_, u in steps} == {world.constable_a.id}
    events = session.execute(sa.select(Event).order_by(Event.id)).scalars().all()
    assert [e.type for e in events] == ["task.updated"] * 4
    assert events[-1].payload["task"]["properties"]["status"] == "completed"
    assert events[-1].user_ids == [world.constable_a.id]
    audits = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "task")).scalars().all()
    assert len(audits) == 4 and all(a.child_id == world.child_a.id for a in audits)


def test_illegal_transition_answers_409_with_allowed_actions(login, session, world):
    api = login("constable_a")
    before = _counts(session)
    response = _act(api, world.task_a, action="complete",
                    version=world.task_a.version, result="x")
    assert response.status_code == 409
    body = response.get_json()
    assert body["allowed"] == ["reassign", "unassign", "accept", "decline", "cancel"]
    assert "cannot" in body["message"]
    assert _counts(session) == before


def test_stale_version_changes_nothing(login, session, world):
    api = login("constable_a")
    old = world.task_a.version
    assert _act(api, world.task_a, action="accept", version=old).status_code == 200
    sergeant = login("sergeant_a")
    before = _counts(session)
    stale = _act(sergeant, world.task_a, action="cancel", version=old)
    assert stale.status_code == 409, stale.get_json()
    assert "changed since" in stale.get_json()["message"]
    assert _counts(session) == before
    assert session.get(Task, world.task_a.id).status == "accepted"


def test_sergeant_reassigns_and_both_officers_hear(login, session, world):
    from tests import factories

    other = factories.user(session, role="constable", team_row=world.team_a, username="pc2")
    response = _act(login("sergeant_a"), world.task_a, action="reassign",
                    version=world.task_a.version, assignee_user_id=other.id)
    assert response.status_code == 200
    assert response.get_json()["properties"]["assignee_name"] == "Test constable"
    event = session.execute(sa.select(Event)).scalar_one()
    assert event.type == "task.reassigned"
    assert event.user_ids == sorted([world.constable_a.id, other.id])


@pytest.mark.parametrize(("who", "body", "status"), [
    ("sergeant_a", {"action": "reassign", "assignee_user_id": "constable_b"}, 422),
    ("sergeant_a", {"action": "reassign", "assignee_user_id": "coordinator"}, 422),
    ("sergeant_a", {"action": "reassign", "assignee_user_id": 999999}, 422),
    ("sergeant_a", {"action": "reassign", "assignee_team_id": "team_b"}, 422),
    ("sergeant_a", {"action": "reassign"}, 422),
    ("constable_a", {"action": "cancel"}, 403),
    ("constable_b", {"action": "accept"}, 404),
    ("partner_a", {"action": "accept"}, 404),
    ("coordinator", {"action": "cancel"}, 403),
    ("sergeant_a", {"action": "teleport"}, 422),
    ("sergeant_a", {"action": "cancel", "version": "1"}, 422),
    ("sergeant_a", {"action": "cancel", "extra": True}, 422),
    ("constable_a", {"action": "complete", "result": "   "}, 409),
])
def test_refusals_write_nothing(login, session, world, who, body, status):
    body = dict(body)
    for key in ("assignee_user_id", "assignee_team_id"):
        if isinstance(body.get(key), str):
            ref = getattr(world, body[key])
            body[key] = ref.id
    body.setdefault("version", world.task_a.version)
    api = login(who)
    before = _counts(session)
    response = _act(api, world.task_a, **body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert _counts(session) == before


def test_result_needed_even_from_on_scene(login, session, world):
    api = login("constable_a")
    v = world.task_a.version
    for action in ("accept", "arrive"):
        v = _act(api, world.task_a, action=action, version=v).get_json()["properties"]["version"]
    response = _act(api, world.task_a, action="complete", version=v)
    assert response.status_code == 422 and "result" in response.get_json()["message"]


def test_phone_resend_with_same_client_id_is_a_no_op(login, session, world):
    api = login("constable_a")
    client_id = str(uuid.uuid4())
    first = _act(api, world.task_a, action="accept", version=world.task_a.version,
                 client_id=client_id)
    again = _act(api, world.task_a, action="accept", version=world.task_a.version,
                 client_id=client_id)
    assert first.status_code == again.status_code == 200
    assert again.get_json()["properties"]["status"] == "accepted"
    assert _counts(session)[0] == 1


def test_malformed_json(login, session, world):
    response = login("constable_a").post(f"/api/tasks/{world.task_a.id}/actions", data="{",
                                         content_type="application/json")
    assert response.status_code == 400
