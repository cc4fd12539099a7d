"""Episodes API: report missing with an initial grading, list on the map, read one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Episode, EpisodeLink, Event, Place, RiskAssessment

TABLES = (Episode, RiskAssessment, Event, AuditEntry)
NOW = datetime.now(UTC).replace(microsecond=0)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def body(child_id, **over):
    data = {
        "child_id": child_id,
        "reported_at": (NOW - timedelta(minutes=10)).isoformat(),
        "reported_by_name": "Sam Carer", "reported_by_relationship": "key worker",
        "last_seen_at": (NOW - timedelta(hours=1)).isoformat(),
        "last_seen": {"type": "Point", "coordinates": [-1.55, 53.80]},
        "last_seen_description": "Bus stop outside Oak House", "clothing": "Grey hoodie",
        "circumstances": "Left after an argument",
        "risk": {"grade": "high", "rationale": "Known CSE concern, older associates",
                 "factors": {"cse_concern": "yes", "medical": "unknown"},
                 "sources": {"cse_concern": "social worker"}},
    }
    data.update(over)
    return data


@pytest.mark.parametrize("user", ["sergeant_a", "inspector_a", "partner_a"])
def test_report_missing_creates_graded_episode_event_and_audit(login, session, world, app, user):
    api = login(user)
    before = counts(session)
    response = api.post("/api/episodes", json=body(world.child_a.id))
    assert response.status_code == 201, response.get_json()
    feature = response.get_json()
    props = feature["properties"]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert props["status"] == "open" and props["risk_grade"] == "high"
    assert props["team_id"] == world.team_a.id
    assert props["reference"] == f"WY-{NOW.year}-{feature['id']:06d}"
    assert props["child_name"].startswith("Jade")
    assert counts(session) == tuple(b + 1 for b in before)
    assessment = session.execute(sa.select(RiskAssessment)
                                 .where(RiskAssessment.episode_id == feature["id"])).scalar_one()
    minutes = app.config["REVIEW_MINUTES"]["high"]
    if user == "partner_a":  # a carer's report is due for police review sooner
        minutes = min(minutes, app.config["PARTNER_REPORT_REVIEW_MINUTES"])
    assert assessment.next_review_due == assessment.assessed_at + timedelta(minutes=minutes)
    event = session.execute(sa.select(Event).order_by(Event.id.desc()).limit(1)).scalar_one()
    assert (event.type, event.team_id, event.episode_id) == (
        "episode.created", world.team_a.id, feature["id"])
    assert event.payload["properties"]["latest_assessment"]["grade"] == "high"
    assert errors_for(event.type, event.payload) == {}
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert (audit.action, audit.entity, audit.child_id) == ("create", "episode", world.child_a.id)


def test_partner_report_is_provisional_until_police_grade(login, session, world, app):
    data = body(world.child_a.id)
    data["risk"]["grade"] = "low"
    response = login("partner_a").post("/api/episodes", json=data)
    assert response.status_code == 201, response.get_json()
    props = response.get_json()["properties"]
    assert props["risk_grade"] == "medium"
    assessment = session.execute(sa.select(RiskAssessment)
                                 .where(RiskAssessment.episode_id == response.get_json()["id"])
                                 ).scalar_one()
    assert assessment.grade == "medium"
    assert assessment.sources["grade_proposed_by_reporter"] == "low"
    minutes = app.config["PARTNER_REPORT_REVIEW_MINUTES"]
    assert assessment.next_review_due == assessment.assessed_at + timedelta(minutes=minutes)


def _without_risk(child_id):
    data = body(child_id)
    del data["risk"]
    return data


BAD_BODIES = {
    "no_risk": lambda w: _without_risk(w.child_a.id),
    "absent": lambda w: body(w.child_a.id, risk={"grade": "absent", "rationale": "x"}),
    "unknown_grade": lambda w: body(w.child_a.id, risk={"grade": "severe", "rationale": "x"}),
    "blank_rationale": lambda w: body(w.child_a.id, risk={"grade": "low", "rationale": "  "}),
    "bad_factor": lambda w: body(w.child_a.id, risk={"grade": "low", "rationale": "r",
                                                     "factors": {"cse": "maybe"}}),
    "unknown_field": lambda w: body(w.child_a.id, colour="red"),
    "child_id_string": lambda w: body(str(w.child_a.id)),
    "naive_time": lambda w: body(w.child_a.id, reported_at="2026-11-22T21:00:00"),
    "polygon": lambda w: body(w.child_a.id, last_seen={
        "type": "Polygon", "coordinates": [[[-1.5, 53.8], [-1.4, 53.8], [-1.4, 53.9],
                                            [-1.5, 53.8]]]}),
    "out_of_range": lambda w: body(w.child_a.id, last_seen={"type": "Point",
                                                          "coordinates": [200, 53.8]}),
    "nan": lambda w: body(w.child_a.id, last_seen={"type": "Point",
                                                 "coordinates": ["NaN", 53.8]}),
    "seen_after_report": lambda w: body(w.child_a.id,
                                        last_seen_at=(NOW + timedelta(hours=1)).isoformat()),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_invalid_report_is_422_and_writes_nothing(login, session, world, case):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post("/api/episodes", json=BAD_BODIES[case](world))
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


def test_absent_message_explains_withdrawal(login, world):
    response = login("sergeant_a").post(
        "/api/episodes", json=body(world.child_a.id, risk={"grade": "absent", "rationale": "x"}))
    assert "2017" in str(response.get_json())


@pytest.mark.parametrize("user, child, team, status", [
    ("sergeant_a", "child_b", None, 404),       # other team's child: not revealed
    ("partner_a", "child_b", None, 404),        # other organisation's child
    ("coordinator", "child_a", None, 403),      # role lacks episode.create
    ("sergeant_a", "child_a", "team_b", 403),   # only force-wide roles may pick a team
])
def test_refused_report_writes_nothing(login, session, world, user, child, team, status):
    api = login(user)
    before = counts(session)
    extra = {"team_id": getattr(world, team).id} if team else {}
    response = api.post("/api/episodes", json=body(getattr(world, child).id, **extra))
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


def test_malformed_json_is_400(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post("/api/episodes", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert counts(session) == before


def test_read_one_with_latest_assessment_and_audit(login, session, world):
    api = login("sergeant_a")
    created = api.post("/api/episodes", json=body(world.child_a.id)).get_json()
    response = api.get(f"/api/episodes/{created['id']}")
    assert response.status_code == 200
    props = response.get_json()["properties"]
    assert props["latest_assessment"]["grade"] == "high"
    assert props["sighting_count"] == 0 and props["task_count"] == 0
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert (audit.action, audit.entity, audit.entity_id) == ("view", "episode", str(created["id"]))


@pytest.mark.parametrize("user, episode, status", [
    ("sergeant_a", "episode_b", 404), ("partner_a", "episode_b", 404),
    ("partner_a", "episode_a", 200), ("coordinator", "episode_b", 200),
])
def test_read_scope(login, world, user, episode, status):
    assert login(user).get(f"/api/episodes/{getattr(world, episode).id}").status_code == status


def _ids(response):
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/geo+json"
    return {f["id"] for f in response.get_json()["features"]}


def test_list_scope_filters_and_audit(login, session, world):
    api = login("sergeant_a")
    assert _ids(api.get("/api/episodes")) == {world.episode_a.id}
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert audit.entity == "episode_list" and audit.details["episode_ids"] == [world.episode_a.id]
    boss = login("coordinator")
    both = {world.episode_a.id, world.episode_b.id}
    assert _ids(boss.get("/api/episodes")) == both
    assert _ids(boss.get("/api/episodes?bbox=-1.7,53.7,-1.4,53.9")) == {world.episode_a.id}
    assert _ids(boss.get("/api/episodes?risk_grade=high")) == set()
    assert _ids(boss.get("/api/episodes?status=open")) == both
    since = (NOW - timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert _ids(boss.get(f"/api/episodes?since={since}")) == set()
    assert _ids(boss.get(f"/api/episodes?until={since}")) == both


def test_list_paging(login, world):
    boss = login("coordinator")
    first = boss.get("/api/episodes?per_page=1&page=1").get_json()
    second = boss.get("/api/episodes?per_page=1&page=2").get_json()
    assert first["total"] == 2 and len(first["features"]) == 1
    assert {first["features"][0]["id"], second["features"][0]["id"]} == {
        world.episode_a.id, world.episode_b.id}


@pytest.mark.parametrize("query", ["bbox=1,2,3", "status=lost", "per_page=0", "colour=red",
                                   "since=2026-11-22T10:00:00"])
def test_list_bad_query_is_422(login, world, query):
    assert login("coordinator").get(f"/api/episodes?{query}").status_code == 422


CHANGE_TABLES = (Episode, Place, EpisodeLink, Event, AuditEntry)


def change_counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in CHANGE_TABLES)


def found_body(**over):
    data = {"found_at": (NOW - timedelta(minutes=2)).isoformat(),
            "found_place": {"type": "Point", "coordinates": [-1.60, 53.81]},
            "found_place_kind": "friend_address", "found_by": "address_check",
            "found_condition": "Cold and tired, no injuries", "harm_suffered": "no",
            "outcome": "Safe and well at a friend's flat"}
    data.update(over)
    return data


def test_patch_with_version_then_stale_is_409(login, session, world):
    api = login("sergeant_a")
    path = f"/api/episodes/{world.episode_a.id}"
    version = world.episode_a.version
    response = api.patch(path, json={"version": version, "clothing": "Red coat",
                                     "last_seen": {"type": "Point", "coordinates": [-1.5, 53.8]}})
    assert response.status_code == 200, response.get_json()
    props = response.get_json()["properties"]
    assert (props["clothing"], props["version"]) == ("Red coat", version + 1)
    assert response.get_json()["geometry"]["coordinates"] == [-1.5, 53.8]
    event = session.execute(sa.select(Event).order_by(Event.id.desc()).limit(1)).scalar_one()
    assert (event.type, event.team_id) == ("episode.updated", world.team_a.id)
    before = change_counts(session)
    stale = api.patch(path, json={"version": version, "clothing": "Blue coat"})
    assert stale.status_code == 409 and "reload" in stale.get_json()["message"]
    assert change_counts(session) == before


@pytest.mark.parametrize("user, episode, patch, status", [
    ("sergeant_a", "episode_b", {"clothing": "x"}, 404),
    ("constable_a", "episode_a", {"clothing": "x"}, 403),
    ("sergeant_a", "episode_a", {"colour": "x"}, 422),
    ("sergeant_a", "episode_a", {"clothing": 5}, 422),
    ("sergeant_a", "episode_a", {"last_seen": {"type": "Point", "coordinates": [0, 99]}}, 422),
    ("sergeant_a", "episode_a", {"last_seen_at": (NOW + timedelta(hours=3)).isoformat()}, 422),
])
def test_refused_patch_writes_nothing(login, session, world, user, episode, patch, status):
    api = login(user)
    row = getattr(world, episode)
    before = change_counts(session)
    response = api.patch(f"/api/episodes/{row.id}", json={"version": row.version, **patch})
    assert response.status_code == status, response.get_json()
    assert change_counts(session) == before


def test_found_adds_place_then_close(login, session, world):
    api = login("sergeant_a")
    path = f"/api/episodes/{world.episode_a.id}"
    assert api.post(f"{path}/close", json={"rhi_referred": True}).status_code == 409
    before = change_counts(session)
    response = api.post(f"{path}/found", json=found_body())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["properties"]["status"] == "found"
    place = session.execute(sa.select(Place).order_by(Place.id.desc()).limit(1)).scalar_one()
    assert (place.child_id, place.source, place.kind) == (
        world.child_a.id, "found_at", "friend_address")
    episodes_, places, links, events, audits = change_counts(session)
    assert (places, events, audits) == (before[1] + 1, before[3] + 1, before[4] + 1)
    assert api.post(f"{path}/found", json=found_body()).status_code == 409
    closed = api.post(f"{path}/close", json={"rhi_referred": True})
    assert closed.status_code == 200 and closed.get_json()["properties"]["status"] == "closed"
    assert closed.get_json()["properties"]["rhi_referred"] is True


@pytest.mark.parametrize("user, episode, over, status", [
    ("sergeant_a", "episode_b", {}, 404),
    ("constable_a", "episode_a", {}, 403),
    ("sergeant_a", "episode_a", {"found_by": "magic"}, 422),
    ("sergeant_a", "episode_a", {"found_place": {"type": "Point",
                                                 "coordinates": [float("nan"), 1]}}, 422),
    ("sergeant_a", "episode_a", {"found_at": (NOW - timedelta(days=3)).isoformat()}, 422),
    ("sergeant_a", "episode_a", {"found_at": (NOW + timedelta(days=1)).isoformat()}, 422),
    ("sergeant_a", "episode_a", {"extra": 1}, 422),
    ("sergeant_a", "episode_a", {"harm_suffered": "maybe"}, 422),
    ("sergeant_a", "episode_a", {"harm_suffered": None}, 422),
    ("sergeant_a", "episode_a", {"found_condition": "   "}, 422),
    ("sergeant_a", "episode_a", {"found_condition": "ok\x00"}, 422),
])
def test_refused_found_writes_nothing(login, session, world, user, episode, over, status):
    api = login(user)
    before = change_counts(session)
    response = api.post(f"/api/episodes/{getattr(world, episode).id}/found",
                        json=found_body(**over))
    assert response.status_code == status, response.get_json()
    assert change_counts(session) == before


def test_link_stores_ordered_pair_once(login, session, world):
    api = login("admin")
    a, b = world.episode_a.id, world.episode_b.id
    response = api.post(f"/api/episodes/{max(a, b)}/links",
                        json={"linked_episode_id": min(a, b), "note": "Seen together"})
    assert response.status_code == 201, response.get_json()
    row = session.execute(sa.select(EpisodeLink)).scalar_one()
    assert (row.episode_id, row.linked_episode_id) == (min(a, b), max(a, b))
    teams = {e.team_id for e in session.execute(
        sa.select(Event).where(Event.type == "episode.linked")).scalars()}
    assert teams == {world.team_a.id, world.team_b.id}
    before = change_counts(session)
    again = api.post(f"/api/episodes/{min(a, b)}/links", json={"linked_episode_id": max(a, b)})
    assert again.status_code == 409 and change_counts(session) == before


@pytest.mark.parametrize("user, target, status", [
    ("sergeant_a", "episode_b", 404), ("constable_a", "episode_a", 403),
    ("sergeant_a", "episode_a", 422),   # itself
])
def test_refused_link_writes_nothing(login, session, world, user, target, status):
    api = login(user)
    before = change_counts(session)
    response = api.post(f"/api/episodes/{world.episode_a.id}/links",
                        json={"linked_episode_id": getattr(world, target).id})
    assert response.status_code == status, response.get_json()
    assert change_counts(session) == before
