"""A sighting wakes the officers working that episode who are near it, and no one else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from locate.domain.notifications import notification_for
from locate.geo import to_db
from locate.live.event_schemas import errors_for
from locate.live.events import as_message
from locate.models import Event
from locate.services import feed

SEEN_AT = (-1.5491, 53.8008)  # Leeds city centre


def place_officer(officer, *, metres_north: float, on_duty=True, fix_age=timedelta(minutes=2)):
    # 1 degree of latitude is about 111.2 km
    officer.on_duty = on_duty
    officer.position = to_db(Point(SEEN_AT[0], SEEN_AT[1] + metres_north / 111_200))
    officer.position_at = datetime.now(UTC) - fix_age


def record(api, episode):
    return api.post(f"/api/episodes/{episode.id}/sightings", json={
        "client_id": str(uuid.uuid4()), "observed_at": datetime.now(UTC).isoformat(),
        "location": {"type": "Point", "coordinates": list(SEEN_AT)}, "accuracy_m": 20,
        "source": "public", "confidence": "medium", "description": "At the bus station"})


def near_events(session, mark):
    session.expire_all()
    return session.execute(sa.select(Event).where(Event.id > mark, Event.type == "sighting.near")
                           .order_by(Event.id)).scalars().all()


def mark(session):
    return session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()


def test_officer_working_the_episode_500_m_away_is_told(login, session, world):
    place_officer(world.constable_a, metres_north=500)
    session.flush()
    before = mark(session)
    response = record(login("sergeant_a"), world.episode_a)
    assert response.status_code == 201, response.get_json()
    [event] = near_events(session, before)
    assert event.user_ids == [world.constable_a.id]
    assert (event.team_id, event.episode_id) == (None, None)   # personal: not the team's feed
    assert event.payload["task_id"] == world.task_a.id
    assert 480 <= event.payload["distance_m"] <= 520
    assert event.payload["sighting"]["id"] == response.get_json()["id"]
    assert errors_for(event.type, event.payload) == {}
    message = as_message(event)
    assert event.audience == [f"sighting.view@user:{world.constable_a.id}"]
    note = notification_for(message)
    assert note["url"] == f"/app/tasks/{world.task_a.id}"
    assert "500 m" in note["body"] and "Jade" not in note["body"]


@pytest.mark.parametrize(("metres", "on_duty", "fix_age"), [
    (5_000, True, timedelta(minutes=2)),      # too far
    (500, False, timedelta(minutes=2)),       # off duty
    (500, True, timedelta(hours=2)),          # the fix is too old to say where they are
])
def test_officers_far_off_duty_or_without_a_fresh_fix_are_not(login, session, world, metres,
                                                              on_duty, fix_age):
    place_officer(world.constable_a, metres_north=metres, on_duty=on_duty, fix_age=fix_age)
    session.flush()
    before = mark(session)
    assert record(login("sergeant_a"), world.episode_a).status_code == 201
    assert near_events(session, before) == []


def test_only_officers_with_an_active_task_on_that_episode(login, session, world):
    place_officer(world.constable_a, metres_north=300)
    world.task_a.status = "completed"
    session.flush()
    before = mark(session)
    assert record(login("sergeant_a"), world.episode_a).status_code == 201
    assert near_events(session, before) == []


def test_the_officer_who_recorded_it_is_not_woken_by_it(login, session, world):
    place_officer(world.constable_a, metres_north=10)
    session.flush()
    before = mark(session)
    assert record(login("constable_a"), world.episode_a).status_code == 201
    assert near_events(session, before) == []


def test_a_resend_wakes_no_one_twice(login, session, world):
    place_officer(world.constable_a, metres_north=200)
    session.flush()
    api = login("sergeant_a")
    body = {"client_id": str(uuid.uuid4()), "observed_at": datetime.now(UTC).isoformat(),
            "location": {"type": "Point", "coordinates": list(SEEN_AT)},
            "source": "cctv", "confidence": "high"}
    before = mark(session)
    assert api.post(f"/api/episodes/{world.episode_a.id}/sightings", json=body).status_code == 201
    assert api.post(f"/api/episodes/{world.episode_a.id}/sightings", json=body).status_code == 200
    assert len(near_events(session, before)) == 1


def test_catch_up_gives_it_to_that_officer_only(login, session, world):
    place_officer(world.constable_a, metres_north=200)
    session.flush()
    cursor = feed.mark(session)["cursor"]
    assert record(login("sergeant_a"), world.episode_a).status_code == 201
    since = {"cursor": cursor}
    mine = login("constable_a").get("/api/events", query_string=since).get_json()["events"]
    theirs = login("sergeant_a").get("/api/events", query_string=since).get_json()["events"]
    assert "sighting.near" in [e["type"] for e in mine]
    assert "sighting.near" not in [e["type"] for e in theirs]
