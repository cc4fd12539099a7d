"""Places and associates: on the card, on the map (bbox, time, child), added as learned."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import Associate, AuditEntry, Event, Place

TABLES = (Place, Associate, Event, AuditEntry)
LEEDS_BBOX = "-1.60,53.77,-1.50,53.83"


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def place_body(**over):
    data = {"geometry": {"type": "Point", "coordinates": [-1.5412, 53.8031]},
            "kind": "friend_address", "name": "Friend's flat, Woodhouse",
            "source": "return_home_interview", "address": "Flat 3, 14 Woodhouse Lane",
            "notes": "Stayed here twice in October"}
    data.update(over)
    return data


def test_sergeant_adds_a_place_it_is_announced_and_audited(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/children/{world.child_a.id}/places",
                        json=place_body(episode_id=world.episode_a.id))
    assert response.status_code == 201, response.get_json()
    feature = response.get_json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert feature["properties"]["kind"] == "friend_address"
    assert feature["properties"]["times_found_here"] == 0
    assert counts(session) == (before[0] + 1, before[1], before[2] + 1, before[3] + 1)
    event = session.execute(sa.select(Event).order_by(Event.id.desc()).limit(1)).scalar_one()
    assert (event.type, event.team_id, event.episode_id) == (
        "place.created", world.team_a.id, world.episode_a.id)
    assert errors_for(event.type, event.payload) == {}
    listed = api.get(f"/api/children/{world.child_a.id}/places").get_json()
    assert [f["id"] for f in listed["features"]][0] == feature["id"]


@pytest.mark.parametrize("geometry", [
    {"type": "LineString", "coordinates": [[-1.55, 53.80], [-1.54, 53.81]]},
    {"type": "Polygon", "coordinates": [[[-1.55, 53.79], [-1.54, 53.79], [-1.54, 53.80],
                                         [-1.55, 53.79]]]},
])
def test_routes_and_areas_are_places_too(login, world, geometry):
    response = login("partner_a").post(f"/api/children/{world.child_a.id}/places",
                                       json=place_body(geometry=geometry, source="philomena"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["geometry"]["type"] == geometry["type"]


BOWTIE = {"type": "Polygon", "coordinates": [[[-1.55, 53.79], [-1.54, 53.80], [-1.54, 53.79],
                                              [-1.55, 53.80], [-1.55, 53.79]]]}
INVALID = {
    "self-intersecting polygon": {"geometry": BOWTIE},
    "multipoint not allowed": {"geometry": {"type": "MultiPoint",
                                            "coordinates": [[-1.5, 53.8], [-1.6, 53.9]]}},
    "latitude out of range": {"geometry": {"type": "Point", "coordinates": [-1.5, 95]}},
    "longitude out of range": {"geometry": {"type": "Point", "coordinates": [-181, 53.8]}},
    "too large an area": {"geometry": {"type": "Polygon", "coordinates": [[
        [-3.0, 53.0], [0.0, 53.0], [0.0, 54.5], [-3.0, 54.5], [-3.0, 53.0]]]}},
    "too many vertices": {"geometry": {"type": "LineString", "coordinates": [
        [-1.55 + i * 1e-5, 53.8] for i in range(5000)]}},
    "geometry not an object": {"geometry": "53.8,-1.55"},
    "unknown kind": {"kind": "den"},
    "unknown source": {"source": "rumour"},
    "empty name": {"name": ""},
    "huge notes": {"notes": "x" * 100_000},
    "name as a number": {"name": 12},
    "geometry without coordinates": {"geometry": {"type": "Point"}},
    "episode id as string": {"episode_id": "1"},
    "unknown field": {"colour": "red"},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_place_is_422_and_writes_nothing(login, session, world, case):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/children/{world.child_a.id}/places",
                        json=place_body(**INVALID[case]))
    assert response.status_code == 422, (case, response.get_json())
    assert counts(session) == before


@pytest.mark.parametrize(("user", "child", "over", "status"), [
    ("constable_a", "child_a", {}, 403),
    ("sergeant_a", "child_b", {}, 404),
    ("partner_b", "child_a", {}, 404),
    ("sergeant_a", "child_a", {"episode_id": "episode_b"}, 422),   # another child's episode
])
def test_refused_place_writes_nothing(login, session, world, user, child, over, status):
    if over.get("episode_id") == "episode_b":
        over = {"episode_id": world.episode_b.id}
    api = login(user)
    before = counts(session)
    response = api.post(f"/api/children/{getattr(world, child).id}/places",
                        json=place_body(**over))
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


def test_map_list_filters_by_bbox_child_and_scope_and_is_audited(login, session, world):
    api = login("coordinator")
    everywhere = api.get("/api/places").get_json()
    assert {f["id"] for f in everywhere["features"]} == {world.place_a.id, world.place_b.id}
    in_leeds = api.get(f"/api/places?bbox={LEEDS_BBOX}").get_json()
    assert [f["id"] for f in in_leeds["features"]] == [world.place_a.id]
    assert in_leeds["total"] == 1
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                            ).scalar_one()
    assert audit.entity == "place_list" and audit.details["place_ids"] == [world.place_a.id]
    by_child = api.get(f"/api/places?child_id={world.child_b.id}").get_json()
    assert [f["id"] for f in by_child["features"]] == [world.place_b.id]
    team_a = login("sergeant_a").get("/api/places").get_json()
    assert [f["id"] for f in team_a["features"]] == [world.place_a.id]
    assert login("sergeant_a").get(f"/api/places?child_id={world.child_b.id}").status_code == 404


@pytest.mark.parametrize("query", ["bbox=1,2,3", "bbox=10,10,5,5", "kind=den", "child_id=x",
                                   "since=yesterday", "per_page=0", "whatever=1"])
def test_bad_place_query_is_422(login, world, query):
    assert login("coordinator").get(f"/api/places?{query}").status_code == 422


def test_places_of_a_child_you_cannot_see_are_404(login, world):
    assert login("constable_a").get(
        f"/api/children/{world.child_b.id}/places").status_code == 404


# --- associates ----------------------------------------------------------------------------

def test_associates_added_listed_and_audited(login, session, world):
    api = login("partner_a")
    response = api.post(f"/api/children/{world.child_a.id}/associates", json={
        "name": "Dean", "relationship": "older boyfriend", "age_estimate": 19,
        "phone": "07700 900456", "address": "Hyde Park, Leeds",
        "location": {"type": "Point", "coordinates": [-1.565, 53.81]},
        "concern": "CSE concern: older associate"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["location"]["type"] == "Point"
    created = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                              ).scalar_one()
    assert (created.action, created.entity, created.child_id, created.username) == (
        "create", "associate", world.child_a.id, "partner_a")
    listed = login("constable_a").get(f"/api/children/{world.child_a.id}/associates").get_json()
    assert [a["name"] for a in listed["items"]] == ["Dean"]
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                            ).scalar_one()
    assert (audit.entity, audit.child_id) == ("associate_list", world.child_a.id)
    card = login("constable_a").get(f"/api/children/{world.child_a.id}").get_json()
    assert card["associates"][0]["concern"].startswith("CSE")


@pytest.mark.parametrize("body", [
    {"relationship": "friend"},                                   # no name
    {"name": "Dean", "relationship": "friend", "age_estimate": 300},
    {"name": "Dean", "relationship": "friend", "age_estimate": "19"},
    {"name": "Dean", "relationship": "friend", "location": {"type": "Point",
                                                            "coordinates": [200, 0]}},
    {"name": "Dean", "relationship": "friend", "ssn": "x"},
    {"name": "Dean", "relationship": "friend", "notes": "x" * 100_000},
    {"name": ["Dean"], "relationship": "friend"},
    {"name": "Dean", "relationship": "friend", "location": {
        "type": "Polygon", "coordinates": [[[-1.55, 53.79], [-1.54, 53.80], [-1.54, 53.79],
                                            [-1.55, 53.79]]]}},     # a point, not an area
])
def test_invalid_associate_is_422_and_writes_nothing(login, session, world, body):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/children/{world.child_a.id}/associates", json=body)
    assert response.status_code == 422
    assert counts(session) == before


def test_associates_of_other_teams_child_are_404(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    assert api.get(f"/api/children/{world.child_b.id}/associates").status_code == 404
    assert api.post(f"/api/children/{world.child_b.id}/associates",
                    json={"name": "X", "relationship": "friend"}).status_code == 404
    assert counts(session) == before
