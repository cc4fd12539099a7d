"""'Check these first' on the fixture force: order and reasons, as_of, access, audit, and the
one click that makes tasks (events recorded, a second click adds nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Event, Task

from .analysis_fixtures import repeat_child


@pytest.fixture()
def force(session, world):
    return repeat_child(session, world)


def url(episode, tail="ranking"):
    return f"/api/analysis/episodes/{episode.id}/{tail}"


def test_the_flat_she_keeps_being_found_at_comes_first_with_its_reasons(login, session, force):
    response = login("coordinator").get(url(force.open))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    first = body["items"][0]
    assert first["label"] == "Friend's flat, Hyde Park"
    assert first["found_count"] == 3 and first["place_id"] == force.flat_place.id
    assert first["why"].startswith("Found here 3 times, last 3 weeks ago")
    labels = [i["label"] for i in body["items"]]
    # The far aunt is on the profile but 32 km away: below everything near.
    assert labels.index("Aunt in Wakefield") == len(labels) - 1
    assert body["cluster_radius_m"] == 150
    assert body["distance_table"]["source"].startswith("Grampian")
    audit = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "ranking")).scalar_one()
    assert (audit.child_id, audit.action) == (force.child.id, "view")


def test_as_of_uses_only_what_was_known_then(login, force):
    api = login("coordinator")
    # Just after the second find at the flat: one find there, the RHI house not yet known.
    as_of = force.past[2].reported_at.isoformat()
    items = api.get(url(force.open), query_string={"as_of": as_of}).get_json()["items"]
    flat = next(i for i in items if i["label"] == "Friend's flat, Hyde Park")
    assert flat["found_count"] == 1
    assert "Older associate's house" not in [i["label"] for i in items]
    before_all = (force.past[0].reported_at - timedelta(days=1)).isoformat()
    items = api.get(url(force.open), query_string={"as_of": before_all}).get_json()["items"]
    assert all(i["found_count"] == 0 for i in items)


@pytest.mark.parametrize(("username", "status"), [
    ("sergeant_a", 200), ("inspector_a", 200), ("admin", 200), ("coordinator", 200),
    ("sergeant_b", 404), ("constable_a", 403), ("partner_a", 403)])
def test_who_may_rank(login, force, username, status):
    assert login(username).get(url(force.open)).status_code == status
    assert login(username).get(url(force.open, "rings")).status_code == status


@pytest.mark.parametrize("query", [
    {"as_of": "2026-01-01T10:00:00"},              # no zone
    {"as_of": "yesterday"}, {"limit": "0"}, {"limit": "51"}, {"limit": "ten"},
    {"as_of": (datetime.now(UTC) + timedelta(days=2)).isoformat()},
    {"as_of": "\x00"}, {"colour": "red"}])
def test_bad_queries_are_4xx(login, session, force, query):
    api = login("coordinator")
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    response = api.get(url(force.open), query_string=query)
    assert response.status_code in (400, 422), query
    assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before


def test_one_click_makes_the_top_tasks_and_a_second_click_adds_nothing(login, session, force):
    api = login("coordinator")
    mark = session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()
    response = api.post(url(force.open, "ranking/tasks"), json={"top": 2})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()["created"]
    assert len(created) == 2
    assert created[0]["properties"]["title"] == "Check first #1: Friend's flat, Hyde Park"
    assert created[0]["properties"]["priority"] == "high"
    events = session.execute(sa.select(Event).where(Event.id > mark)).scalars().all()
    assert [e.type for e in events] == ["task.created", "task.created"]
    assert all(e.episode_id == force.open.id and errors_for(e.type, e.payload) == {}
               for e in events)
    again = api.post(url(force.open, "ranking/tasks"), json={"top": 2}).get_json()
    assert again["created"] == [] and len(again["skipped"]) == 2
    assert session.execute(sa.select(sa.func.count(Task.id)).where(
        Task.episode_id == force.open.id)).scalar() == 2


def test_chosen_items_only_and_unknown_keys_refused(login, session, force):
    api = login("sergeant_a")
    items = api.get(url(force.open)).get_json()["items"]
    response = api.post(url(force.open, "ranking/tasks"), json={"keys": [items[2]["key"]]})
    assert response.status_code == 201
    assert [t["properties"]["title"] for t in response.get_json()["created"]] == [
        f"Check first #3: {items[2]['label']}"]
    before = session.execute(sa.select(sa.func.count(Task.id))).scalar()
    bad = api.post(url(force.open, "ranking/tasks"), json={"keys": ["place-999999"]})
    assert bad.status_code == 422 and "place-999999" in bad.get_json()["message"]
    assert session.execute(sa.select(sa.func.count(Task.id))).scalar() == before


@pytest.mark.parametrize("body", [{"top": 0}, {"top": 11}, {"top": "3"}, {"keys": []},
                                  {"keys": ["x" * 41]}, {"keys": "place-1"}])
def test_bad_task_bodies_write_nothing(login, session, force, body):
    before = session.execute(sa.select(sa.func.count(Task.id))).scalar()
    response = login("coordinator").post(url(force.open, "ranking/tasks"), json=body)
    assert response.status_code in (400, 422), body
    assert session.execute(sa.select(sa.func.count(Task.id))).scalar() == before


def test_no_tasks_on_a_closed_episode_and_not_for_other_teams(login, session, force):
    closed = login("coordinator").post(url(force.past[-1], "ranking/tasks"), json={})
    assert closed.status_code == 422
    assert login("sergeant_b").post(url(force.open, "ranking/tasks"), json={}).status_code == 404
    assert login("constable_a").post(url(force.open, "ranking/tasks"), json={}).status_code == 403
    assert session.execute(sa.select(sa.func.count(Task.id)).where(
        Task.episode_id.in_([force.open.id, force.past[-1].id]))).scalar() == 0


def test_rings_carry_the_tables_source(login, force):
    body = login("sergeant_a").get(url(force.open, "rings")).get_json()
    assert [f["properties"]["radius_m"] for f in body["features"]][-1] == 1000
    assert len(body["features"]) == 6
    assert body["properties"]["source"].startswith("Grampian")
    assert body["features"][-1]["geometry"]["type"] == "Polygon"


def test_a_child_found_near_where_last_seen_each_time_gets_that_area_first(login, session,
                                                                          world):
    """Three earlier episodes, each ending about 110 m from its own (different) last-seen
    point: no place repeats, but the child stays near where last seen, so the area around this
    episode's last-seen point ranks first and one click makes it an area search."""
    from shapely.geometry import Point

    from locate.geo import to_db
    from tests import factories

    child = factories.child(session, team_row=world.team_a, organisation_row=world.org_a,
                            first_name="Leo", last_name="Nearby")
    now = datetime.now(UTC)
    for n, spot in enumerate([Point(-1.60, 53.80), Point(-1.50, 53.75), Point(-1.45, 53.85)]):
        row = factories.episode(session, child_row=child, team_row=world.team_a,
                                status="closed", reported_at=now - timedelta(days=90 - 20 * n),
                                last_seen=spot)
        row.found_at = row.reported_at + timedelta(hours=5)
        row.found_geom, row.found_place_kind = to_db(Point(spot.x, spot.y + 0.001)), "street_park"
        row.found_by = "police_patrol"
    episode = factories.episode(session, child_row=child, team_row=world.team_a,
                                reported_at=now - timedelta(hours=1),
                                last_seen=Point(-1.55, 53.70))
    session.flush()
    first = login("coordinator").get(url(episode)).get_json()["items"][0]
    assert (first["key"], first["label"], first["kind"]) == (
        "last-seen", "Around where last seen", "last_seen")
    assert first["why"].startswith("Within 250 m of where last seen: found that close to where "
                                   "last seen 3 times before")
    assert (first["lon"], first["lat"]) == pytest.approx((-1.55, 53.70))
    created = login("sergeant_a").post(url(episode, "ranking/tasks"),
                                       json={"top": 1}).get_json()["created"]
    assert created[0]["properties"]["kind"] == "area_search"
    assert created[0]["properties"]["title"] == "Check first #1: Around where last seen"
    assert created[0]["geometry"]["coordinates"] == pytest.approx([-1.55, 53.70])
