"""Sightings API: idempotent recording by client_id, map list with filters, reads audited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Event, Sighting

TABLES = (Sighting, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def body(**over):
    data = {"client_id": str(uuid.uuid4()),
            "observed_at": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
            "location": {"type": "Point", "coordinates": [-1.541, 53.797]},
            "accuracy_m": 12.5, "source": "officer", "confidence": "high",
            "description": "Grey hoodie, heading to the station"}
    data.update(over)
    return data


def url(episode):
    return f"/api/episodes/{episode.id}/sightings"


def last(session, model):
    return session.execute(sa.select(model).order_by(model.id.desc()).limit(1)).scalar_one()


def test_create_then_resend_is_idempotent(login, session, world):
    api = login("constable_a")
    sent = body()
    before = counts(session)
    first = api.post(url(world.episode_a), json=sent)
    assert first.status_code == 201, first.get_json()
    feature = first.get_json()
    assert feature["properties"]["client_id"] == sent["client_id"]
    assert feature["geometry"]["coordinates"] == [-1.541, 53.797]
    event = last(session, Event)
    assert (event.type, event.team_id, event.episode_id) == (
        "sighting.created", world.team_a.id, world.episode_a.id)
    assert event.payload["id"] == feature["id"]
    assert errors_for(event.type, event.payload) == {}
    audit = last(session, AuditEntry)
    assert (audit.action, audit.entity, audit.child_id) == ("create", "sighting", world.child_a.id)
    after_first = counts(session)
    assert after_first == tuple(b + 1 for b in before)
    again = api.post(url(world.episode_a), json=sent)
    assert again.status_code == 200 and again.get_json()["id"] == feature["id"]
    sightings, events, _ = counts(session)
    assert (sightings, events) == after_first[:2]


def test_same_client_id_on_another_episode_is_409(login, session, world):
    sent = body()
    assert login("sergeant_a").post(url(world.episode_a), json=sent).status_code == 201
    boss = login("admin")
    before = counts(session)
    response = boss.post(url(world.episode_b), json=sent)
    assert response.status_code == 409 and response.get_json()["message"]
    assert counts(session) == before


def test_partner_records_carer_sightings_only(login, session, world):
    api = login("partner_a")
    assert api.post(url(world.episode_a), json=body(source="carer")).status_code == 201
    before = counts(session)
    assert api.post(url(world.episode_a), json=body(source="officer")).status_code == 403
    assert counts(session) == before


SOON = datetime.now(UTC)
BAD = {
    "future": body(observed_at=(SOON + timedelta(hours=1)).isoformat()),
    "long_before_last_seen": body(observed_at=(SOON - timedelta(days=5)).isoformat()),
    "naive_time": body(observed_at="2026-11-22T21:00:00"),
    "not_uuid": body(client_id="abc"),
    "accuracy_huge": body(accuracy_m=20000),
    "accuracy_negative": body(accuracy_m=-1),
    "accuracy_string": body(accuracy_m="near"),
    "bad_source": body(source="psychic"),
    "unknown_field": body(colour="red"),
    "line": body(location={"type": "LineString", "coordinates": [[-1.5, 53.8], [-1.4, 53.8]]}),
    "out_of_range": body(location={"type": "Point", "coordinates": [-1.5, 95]}),
    "nan": body(location={"type": "Point", "coordinates": [float("nan"), 53.8]}),
    "no_location": {k: v for k, v in body().items() if k != "location"},
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_sighting_is_422_and_writes_nothing(login, session, world, case):
    api = login("constable_a")
    before = counts(session)
    response = api.post(url(world.episode_a), json=BAD[case])
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


@pytest.mark.parametrize("user, episode, status", [
    ("constable_a", "episode_b", 404), ("partner_a", "episode_b", 404),
    ("coordinator", "episode_a", 403),
])
def test_refused_sighting_writes_nothing(login, session, world, user, episode, status):
    api = login(user)
    before = counts(session)
    response = api.post(url(getattr(world, episode)), json=body(source="carer"))
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


def test_malformed_json_is_400(login, session, world):
    api = login("constable_a")
    before = counts(session)
    response = api.post(url(world.episode_a), data="[1,", content_type="application/json")
    assert response.status_code == 400 and counts(session) == before


def _ids(response):
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/geo+json"
    return [f["id"] for f in response.get_json()["features"]]


def test_lists_scope_filters_paging_and_audit(login, session, world):
    a, b = world.sighting_a.id, world.sighting_b.id
    assert _ids(login("constable_a").get("/api/sightings")) == [a]
    audit = last(session, AuditEntry)
    assert (audit.entity, audit.details["sighting_ids"]) == ("sighting_list", [a])
    boss = login("coordinator")
    assert sorted(_ids(boss.get("/api/sightings"))) == sorted([a, b])
    assert _ids(boss.get("/api/sightings?bbox=-1.7,53.7,-1.4,53.9")) == [a]
    assert _ids(boss.get(f"/api/sightings?episode_id={world.episode_b.id}")) == [b]
    assert _ids(boss.get(f"/api/episodes/{world.episode_b.id}/sightings")) == [b]
    since = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert _ids(boss.get("/api/sightings", query_string={"since": since})) == []
    assert sorted(_ids(boss.get("/api/sightings", query_string={"until": since}))) == sorted(
        [a, b])
    page1 = boss.get("/api/sightings?per_page=1&page=1").get_json()
    page2 = boss.get("/api/sightings?per_page=1&page=2").get_json()
    assert page1["total"] == 2
    assert {page1["features"][0]["id"], page2["features"][0]["id"]} == {a, b}


@pytest.mark.parametrize("path", ["/api/sightings?episode_id={b}",
                                  "/api/episodes/{b}/sightings"])
def test_other_teams_episode_filter_is_404(login, world, path):
    response = login("constable_a").get(path.format(b=world.episode_b.id))
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["bbox=a,b,c,d", "colour=red", "page=0"])
def test_bad_list_query_is_422(login, world, query):
    assert login("constable_a").get(f"/api/sightings?{query}").status_code == 422


def test_read_one_scoped_and_audited(login, session, world):
    api = login("partner_a")
    response = api.get(f"/api/sightings/{world.sighting_a.id}")
    assert response.status_code == 200 and response.get_json()["id"] == world.sighting_a.id
    audit = last(session, AuditEntry)
    assert (audit.action, audit.entity, audit.child_id) == ("view", "sighting", world.child_a.id)
    assert api.get(f"/api/sightings/{world.sighting_b.id}").status_code == 404
