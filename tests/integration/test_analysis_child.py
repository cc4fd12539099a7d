"""One child's history on the fixture force: the timeline, flags, patterns and map, the date
filter, access (coordinators and admins only) and the audit of every read."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry

from .analysis_fixtures import repeat_child


@pytest.fixture()
def force(session, world):
    return repeat_child(session, world)


def url(child, tail):
    return f"/api/analysis/children/{child.id}/{tail}"


def test_the_timeline_has_every_episode_with_length_grade_and_where_found(login, session, force):
    body = login("coordinator").get(url(force.child, "history")).get_json()
    assert body["counts"] == {"episodes": 5, "in_window": 5, "open": 1}
    assert [e["id"] for e in body["episodes"]] == [e.id for e in force.past] + [force.open.id]
    last_past = body["episodes"][3]
    assert last_past["duration_hours"] == 30
    assert last_past["found_place_kind"] == "friend_address"
    assert last_past["found_km"] == pytest.approx(0.75, abs=0.1)
    assert body["open_episodes"][0]["id"] == force.open.id
    flags = {f["key"]: f for f in body["flags"]}
    # Three reports in 90 days (60 and 20 days ago, and the open one).
    assert flags["repeat"]["raised"]
    assert sum(body["time_patterns"]["by_weekday"]) == 5
    audit = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "child_history")).scalar_one()
    assert audit.child_id == force.child.id


def test_the_window_filters_the_timeline_and_the_map(login, force):
    api = login("coordinator")
    since = (force.past[1].reported_at - timedelta(days=1)).isoformat()
    until = (force.past[3].reported_at - timedelta(days=1)).isoformat()
    body = api.get(url(force.child, "history"), query_string={"since": since, "until": until})
    assert [e["id"] for e in body.get_json()["episodes"]] == [force.past[1].id, force.past[2].id]
    features = api.get(url(force.child, "map"), query_string={"since": since,
                                                                "until": until}).get_json()
    layers = sorted(f["properties"]["layer"] for f in features["features"])
    # Two episodes: two found and two last-seen points; the places known by then (the profile's
    # two; the RHI place came later) and no sightings (the only one was in the first episode).
    assert layers == ["found", "found", "last_seen", "last_seen", "place", "place"]


def test_the_whole_map_holds_finds_sightings_and_places(login, force):
    features = login("admin").get(url(force.child, "map")).get_json()["features"]
    layers = [f["properties"]["layer"] for f in features]
    assert layers.count("found") == 4 and layers.count("sighting") == 1
    assert layers.count("place") == 3 and layers.count("last_seen") == 5


@pytest.mark.parametrize("username", ["sergeant_a", "inspector_a", "constable_a", "partner_a"])
def test_only_coordinators_and_admins_read_the_desk(login, session, force, username):
    api = login(username)
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    for tail in ("history", "map"):
        assert api.get(url(force.child, tail)).status_code == 403
    assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before


@pytest.mark.parametrize("query", [{"since": "2026-01-01"}, {"until": "soon"},
                                   {"since": "2026-02-01T00:00:00Z",
                                    "until": "2026-01-01T00:00:00Z"},
                                   {"since": "\x00"}, {"child": "1"}])
def test_bad_windows_are_4xx(login, force, query):
    api = login("coordinator")
    for tail in ("history", "map"):
        assert api.get(url(force.child, tail), query_string=query).status_code in (400, 422)


def test_a_child_that_does_not_exist_is_404(login, world):
    assert login("coordinator").get("/api/analysis/children/999999/history").status_code == 404


@pytest.mark.parametrize(("username", "status"), [
    ("coordinator", 200), ("admin", 200), ("sergeant_a", 403), ("partner_a", 403)])
def test_the_desk_page_is_for_coordinators_and_admins(app, force, username, status):
    from tests import factories

    client = app.test_client()
    client.post("/api/session", json={"username": username, "password": factories.PASSWORD})
    response = client.get(f"/desk/children/{force.child.id}")
    assert response.status_code == status
    if status == 200:
        assert "Check these first" in response.get_data(as_text=True)
    if username == "coordinator":
        assert client.get("/desk/children/999999").status_code == 404
