"""Tasks API: create (and assign) on an episode, map list with filters, read with transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Event, Task, TaskTransition

TABLES = (Task, TaskTransition, Event, AuditEntry)
SQUARE = {"type": "Polygon", "coordinates": [[[-1.55, 53.79], [-1.54, 53.79], [-1.54, 53.80],
                                              [-1.55, 53.80], [-1.55, 53.79]]]}


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def body(**over):
    data = {"kind": "area_search", "title": "Search Woodhouse Moor", "geometry": SQUARE,
            "instructions": "Check the bandstand and the skate park", "priority": "high",
            "due_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}
    data.update(over)
    return data


def url(episode):
    return f"/api/episodes/{episode.id}/tasks"


def events_since(session, event_id):
    return session.execute(sa.select(Event).where(Event.id > event_id)
                           .order_by(Event.id)).scalars().all()


def last_event_id(session):
    return session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()


@pytest.mark.parametrize("geometry", [
    SQUARE, {"type": "Point", "coordinates": [-1.55, 53.8]},
    {"type": "LineString", "coordinates": [[-1.55, 53.8], [-1.54, 53.81]]},
])
def test_create_unassigned(login, session, world, geometry):
    api = login("sergeant_a")
    before, mark = counts(session), last_event_id(session)
    response = api.post(url(world.episode_a), json=body(geometry=geometry))
    assert response.status_code == 201, response.get_json()
    props = response.get_json()["properties"]
    assert (props["status"], props["team_id"]) == ("unassigned", world.team_a.id)
    assert response.get_json()["geometry"]["type"] == geometry["type"]
    assert counts(session) == tuple(b + 1 for b in before)
    [event] = events_since(session, mark)
    assert (event.type, event.team_id, event.episode_id) == (
        "task.created", world.team_a.id, world.episode_a.id)
    assert errors_for(event.type, event.payload) == {}


def test_create_assigned_notifies_the_officer(login, session, world):
    api = login("sergeant_a")
    mark = last_event_id(session)
    response = api.post(url(world.episode_a), json=body(
        assignee_user_id=world.constable_a.id, source_place_id=world.place_a.id,
        source_sighting_id=world.sighting_a.id))
    assert response.status_code == 201, response.get_json()
    feature = response.get_json()
    assert (feature["properties"]["status"], feature["properties"]["assignee_user_id"]) == (
        "assigned", world.constable_a.id)
    recorded = events_since(session, mark)
    types = [(e.type, list(e.user_ids or ())) for e in recorded]
    assert types == [("task.created", []), ("task.assigned", [world.constable_a.id])]
    assert [errors_for(e.type, e.payload) for e in recorded] == [{}, {}]
    assert recorded[1].payload["task"]["id"] == feature["id"]
    read = login("constable_a").get(f"/api/tasks/{feature['id']}")
    assert read.status_code == 200
    assert [t["action"] for t in read.get_json()["properties"]["transitions"]] == [
        "create", "assign"]
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert (audit.action, audit.entity, audit.child_id) == ("view", "task", world.child_a.id)


BAD = {
    "unknown_field": lambda w: body(colour="red"),
    "bad_kind": lambda w: body(kind="vibes"),
    "title_number": lambda w: body(title=5),
    "assignee_string": lambda w: body(assignee_user_id="7"),
    "naive_due": lambda w: body(due_at="2026-11-22T21:00:00"),
    "multipoint": lambda w: body(geometry={"type": "MultiPoint",
                                           "coordinates": [[-1.5, 53.8]]}),
    "bowtie": lambda w: body(geometry={"type": "Polygon", "coordinates": [[
        [-1.55, 53.79], [-1.54, 53.80], [-1.54, 53.79], [-1.55, 53.80], [-1.55, 53.79]]]}),
    "huge": lambda w: body(geometry={"type": "Polygon", "coordinates": [[
        [-3, 53], [-1, 53], [-1, 54], [-3, 54], [-3, 53]]]}),
    "out_of_range": lambda w: body(geometry={"type": "Point", "coordinates": [-1.5, 91]}),
    "nan": lambda w: body(geometry={"type": "Point", "coordinates": [float("nan"), 53.8]}),
    "other_team_officer": lambda w: body(assignee_user_id=w.constable_b.id),
    "inspector_assignee": lambda w: body(assignee_user_id=w.inspector_a.id),
    "other_team": lambda w: body(assignee_team_id=w.team_b.id),
    "other_child_place": lambda w: body(source_place_id=w.place_b.id),
    "other_episode_sighting": lambda w: body(source_sighting_id=w.sighting_b.id),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_task_is_422_and_writes_nothing(login, session, world, case):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(url(world.episode_a), json=BAD[case](world))
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


@pytest.mark.parametrize("user, episode, status", [
    ("sergeant_a", "episode_b", 404), ("constable_a", "episode_a", 403),
    ("partner_a", "episode_a", 403), ("coordinator", "episode_a", 403),
])
def test_refused_task_writes_nothing(login, session, world, user, episode, status):
    api = login(user)
    before = counts(session)
    response = api.post(url(getattr(world, episode)), json=body())
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


def test_malformed_json_is_400(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(url(world.episode_a), data="{{", content_type="application/json")
    assert response.status_code == 400 and counts(session) == before


def _ids(response):
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/geo+json"
    return [f["id"] for f in response.get_json()["features"]]


def test_list_scope_filters_paging_and_audit(login, session, world):
    a, b = world.task_a.id, world.task_b.id
    sergeant = login("sergeant_a")
    new = sergeant.post(url(world.episode_a), json=body()).get_json()["id"]
    assert sorted(_ids(sergeant.get("/api/tasks"))) == sorted([a, new])
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert audit.entity == "task_list" and sorted(audit.details["task_ids"]) == sorted([a, new])
    assert _ids(login("constable_a").get("/api/tasks?assignee=me")) == [a]
    assert _ids(sergeant.get("/api/tasks?status=unassigned")) == [new]
    assert _ids(sergeant.get("/api/tasks?assignee=me")) == []
    boss = login("coordinator")
    assert _ids(boss.get(f"/api/tasks?episode_id={world.episode_b.id}")) == [b]
    assert sorted(_ids(boss.get("/api/tasks?bbox=-1.7,53.7,-1.4,53.9"))) == sorted([a, new])
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert _ids(boss.get("/api/tasks", query_string={"since": later})) == []
    page = boss.get("/api/tasks?per_page=2&page=2").get_json()
    assert page["total"] == 3 and len(page["features"]) == 1


@pytest.mark.parametrize("user, task, status", [
    ("constable_a", "task_b", 404), ("partner_a", "task_a", 403),
    ("sergeant_a", "task_a", 200), ("coordinator", "task_b", 200),
])
def test_read_scope(login, world, user, task, status):
    assert login(user).get(f"/api/tasks/{getattr(world, task).id}").status_code == status


@pytest.mark.parametrize("query", ["assignee=you", "status=done", "colour=red"])
def test_bad_list_query_is_422(login, world, query):
    assert login("sergeant_a").get(f"/api/tasks?{query}").status_code == 422


def test_partner_never_lists_tasks(login, world):
    assert login("partner_a").get("/api/tasks").status_code == 403
