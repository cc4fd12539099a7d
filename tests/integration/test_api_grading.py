"""Grading with the APP questionnaire on real PostGIS: what is on record reaches the
suggestion, a grade below it needs a rationale (refused otherwise, writing nothing), reviews
confirm or regrade and set the next review due, and the history keeps every grade."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from locate.geo import to_db
from locate.live.event_schemas import errors_for
from locate.models import Associate, AuditEntry, Episode, Event, RiskAssessment
from tests import factories

TABLES = (RiskAssessment, Event, Episode)
NOW = datetime.now(UTC)
SOURCE = {"who": "Duty manager, Oak House", "contact": "0113 496 0000",
          "obtained_at": (NOW - timedelta(minutes=20)).isoformat()}


def counts(session):
    session.expire_all()
    rows = tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)
    versions = session.execute(sa.select(sa.func.sum(Episode.version))).scalar()
    return rows + (versions,)


def audits(session):
    return session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()


def last(session, model):
    session.expire_all()
    return session.execute(sa.select(model).order_by(model.id.desc()).limit(1)).scalar_one()


def answer(value="yes", **extra):
    return {"answer": value, **SOURCE, **extra}


@pytest.fixture()
def history_child(session, world):
    """A child of team A whose record holds every kind of indicator, with an open episode."""
    child = factories.child(session, team_row=world.team_a, organisation_row=world.org_a,
                            first_name="Mia", vulnerabilities=["autism"],
                            exploitation_indicators=["older male, gifts"],
                            medical_needs="Epilepsy")
    earlier = factories.episode(session, child_row=child, team_row=world.team_a,
                                status="found", reported_at=NOW - timedelta(days=40))
    earlier.found_at = earlier.last_seen_at + timedelta(hours=30)
    earlier.found_geom = to_db(Point(-1.5400, 53.8000))
    earlier.harm_suffered = "yes"
    factories.risk_assessment(session, episode_row=earlier, assessor=world.sergeant_a,
                              grade="high")
    calm = factories.episode(session, child_row=child, team_row=world.team_a, status="found",
                             reported_at=NOW - timedelta(days=20))
    calm.harm_suffered = "no"
    session.add(Associate(child_id=child.id, name="Dan", relationship_to_child="friend",
                          concern="older, CCE concern"))
    session.add(Associate(child_id=child.id, name="Amy", relationship_to_child="friend",
                          concern="  "))
    factories.place(session, child_row=child, where=Point(-1.5300, 53.8000))
    # Another missing child's found point 50 m from Mia's friend's flat; a third child's
    # place 500 m away is not linked; a child never missing is not "another missing child".
    other = factories.child(session, team_row=world.team_b, first_name="Zoe")
    theirs = factories.episode(session, child_row=other, team_row=world.team_b, status="found")
    theirs.found_geom = to_db(Point(-1.53075, 53.8000))
    far = factories.child(session, team_row=world.team_b, first_name="Far")
    factories.episode(session, child_row=far, team_row=world.team_b)
    factories.place(session, child_row=far, where=Point(-1.5225, 53.8000))
    never = factories.child(session, team_row=world.team_b, first_name="Never")
    factories.place(session, child_row=never, where=Point(-1.5301, 53.8000))
    episode = factories.episode(session, child_row=child, team_row=world.team_a)
    session.commit()
    return episode


def test_grading_shows_the_record_and_the_suggestion(login, session, history_child):
    api = login("sergeant_a")
    before = audits(session)
    response = api.get(f"/api/episodes/{history_child.id}/grading")
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    record = data["record_indicators"]
    assert record["exploitation_markers"] == ["older male, gifts"]
    assert record["vulnerabilities"] == ["autism"]
    assert record["medical_needs"] == "Epilepsy"
    assert record["previous_episodes"] == 2
    assert len(record["previous_high_risk"]) == 1 and len(record["previous_harm"]) == 1
    assert record["associates_of_concern"] == ["Dan: older, CCE concern"]
    assert record["linked_places"] == [
        "Friend's flat (friend address), near 1 other missing child"]
    assert record["longest_episode_hours"] == 30.0
    assert data["suggestion"]["grade"] == "high"
    sources = {r["source"] for r in data["suggestion"]["reasons"]}
    assert {"record:exploitation_markers", "record:previous_harm",
            "record:associates_of_concern", "record:vulnerabilities", "record:medical_needs",
            "record:previous_high_risk", "record:linked_places",
            "record:episode_length"} <= sources
    assert [q["key"] for q in data["questions"]][0] == "reporter_worried"
    assert "Zoe" not in response.get_data(as_text=True)  # other children are never named
    assert audits(session) == before + 1
    entry = last(session, AuditEntry)
    assert (entry.action, entry.entity, entry.child_id) == (
        "view", "episode_grading", history_child.child_id)


def test_suggest_follows_the_answers_and_records_only_the_view(login, session, world):
    api = login("inspector_a")
    url = f"/api/episodes/{world.episode_a.id}/grading/suggest"
    before, audit_before = counts(session), audits(session)
    calm = api.post(url, json={"answers": {"mental_health": {"answer": "no"}}}).get_json()
    assert calm["grade"] == "medium"  # the factory child's asthma is on record
    assert [r["source"] for r in calm["reasons"]] == ["record:vulnerabilities"]
    worried = api.post(url, json={"answers": {"self_harm_suicide": {"answer": "yes"}}})
    assert worried.status_code == 200
    assert worried.get_json()["grade"] == "high"
    assert worried.get_json()["reasons"][0]["source"] == "answer:self_harm_suicide"
    assert counts(session) == before and audits(session) == audit_before + 2


def test_assess_with_answers_keeps_sources_and_the_suggestion(login, session, world):
    api = login("sergeant_a")
    response = api.post(f"/api/episodes/{world.episode_a.id}/risk-assessments", json={
        "grade": "high", "rationale": "Self-harm risk reported by the home",
        "answers": {"self_harm_suicide": answer(note="Said she wanted to die"),
                    "gone_abroad": {"answer": "unknown"}}})
    assert response.status_code == 201, response.get_json()
    row = last(session, RiskAssessment)
    assert row.answers["self_harm_suicide"] == {
        "answer": "yes", "note": "Said she wanted to die", **SOURCE}
    assert row.factors == {"self_harm_suicide": "yes", "gone_abroad": "unknown"}
    assert (row.kind, row.suggested_grade, row.below_suggestion_rationale) == (
        "assessment", "high", None)
    assert row.suggestion_reasons[0]["source"] == "answer:self_harm_suicide"
    assert row.record_indicators["vulnerabilities"] == ["asthma"]


@pytest.mark.parametrize("path, body", [
    ("risk-assessments", {"grade": "low", "rationale": "Often goes to her aunt's",
                          "answers": {"out_of_character": answer()}}),
    ("reviews", {"decision": "regrade", "grade": "low", "rationale": "Seen safe"}),
    ("reviews", {"decision": "regrade", "grade": "no_apparent_risk", "rationale": "Seen safe",
                 "below_suggestion_rationale": "   "}),
])
def test_lower_grade_without_rationale_is_refused_and_writes_nothing(login, session, world,
                                                                     path, body):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/episodes/{world.episode_a.id}/{path}", json=body)
    assert response.status_code == 422, response.get_json()
    assert "below_suggestion_rationale" in response.get_json()["message"]
    assert counts(session) == before
    written = api.post(f"/api/episodes/{world.episode_a.id}/{path}",
                       json={**body, "below_suggestion_rationale": "Aunt confirms she is there"})
    assert written.status_code == 201, written.get_json()
    row = last(session, RiskAssessment)
    assert (row.grade, row.suggested_grade, row.below_suggestion_rationale) == (
        body["grade"], "medium", "Aunt confirms she is there")


def test_review_confirms_and_sets_the_next_due(login, session, world, app):
    api = login("sergeant_a")
    response = api.post(f"/api/episodes/{world.episode_a.id}/reviews", json={
        "decision": "confirm", "rationale": "Nothing new; searches continue"})
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert (data["kind"], data["grade"]) == ("confirmed", "medium")
    due = datetime.fromisoformat(data["next_review_due"])
    assert due - datetime.fromisoformat(data["assessed_at"]) == timedelta(
        minutes=app.config["REVIEW_MINUTES"]["medium"])
    episode = session.get(Episode, world.episode_a.id)
    session.refresh(episode)
    assert episode.next_review_due == due and episode.version == 2
    event = last(session, Event)
    assert (event.type, event.payload["decision"]) == ("risk.reviewed", "confirm")
    assert errors_for(event.type, event.payload) == {}


def test_regrade_to_high_clears_the_acknowledgement_and_keeps_answers(login, session, world):
    episode = session.get(Episode, world.episode_a.id)
    episode.acknowledged_at, episode.acknowledged_by_id = NOW, world.inspector_a.id
    session.commit()
    api = login("inspector_a")
    url = f"/api/episodes/{world.episode_a.id}/reviews"
    first = api.post(url, json={"decision": "confirm", "rationale": "As before",
                                "answers": {"out_at_night": answer("no")}})
    assert first.status_code == 201, first.get_json()
    response = api.post(url, json={"decision": "regrade", "grade": "high",
                                   "rationale": "Seen getting into a car with an older male",
                                   "answers": {"sexual_exploitation": answer()}})
    assert response.status_code == 201, response.get_json()
    session.refresh(episode)
    assert (episode.risk_grade, episode.acknowledged_at, episode.acknowledged_by_id) == (
        "high", None, None)
    row = last(session, RiskAssessment)
    assert set(row.answers) == {"out_at_night", "sexual_exploitation"}
    assert row.kind == "regraded"


@pytest.mark.parametrize("body, status", [
    ({"decision": "regrade", "grade": "medium", "rationale": "x"}, 422),   # already medium
    ({"decision": "confirm", "grade": "high", "rationale": "x"}, 422),    # confirm changes
    ({"decision": "regrade", "rationale": "x"}, 422),                      # no grade
    ({"decision": "regrade", "grade": "absent", "rationale": "x"}, 422),
    ({"decision": "regrade", "grade": "severe", "rationale": "x"}, 422),
    ({"decision": "maybe", "rationale": "x"}, 422),
    ({"decision": "confirm", "rationale": "  "}, 422),
    ({"decision": "confirm"}, 422),
    ({"decision": "confirm", "rationale": 5}, 422),
    ({"decision": "confirm", "rationale": "x" * 8001}, 422),
    ({"decision": "confirm", "rationale": "x", "answers": ["mental_health"]}, 422),
    ({"decision": "confirm", "rationale": "x",
      "answers": {"favourite_colour": answer()}}, 422),
    ({"decision": "confirm", "rationale": "x", "answers": {"mental_health": "yes"}}, 422),
    ({"decision": "confirm", "rationale": "x",
      "answers": {"mental_health": answer("maybe")}}, 422),
    ({"decision": "confirm", "rationale": "x",
      "answers": {"mental_health": {"answer": "yes"}}}, 422),              # no source
    ({"decision": "confirm", "rationale": "x",
      "answers": {"mental_health": answer(obtained_at="2026-12-01T10:00:00")}}, 422),
    ({"decision": "confirm", "rationale": "x", "answers": {"mental_health": answer(
        obtained_at=(NOW + timedelta(hours=2)).isoformat())}}, 422),       # future
    ({"decision": "confirm", "rationale": "x",
      "answers": {"mental_health": answer(note="n" * 2001)}}, 422),
    ({"decision": "confirm", "rationale": "x",
      "answers": {"mental_health": answer(who=7)}}, 422),
    ({"decision": "confirm", "rationale": "bad\u0000text"}, 422),
])
def test_bad_reviews_are_refused_and_write_nothing(login, session, world, body, status):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/episodes/{world.episode_a.id}/reviews", json=body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


def test_malformed_json_is_400(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    for path in ("reviews", "grading/suggest"):
        response = api.post(f"/api/episodes/{world.episode_a.id}/{path}", data="{",
                            content_type="application/json")
        assert response.status_code == 400 and counts(session) == before


def test_closed_episode_has_no_review(login, session, world):
    closed = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                               status="closed")
    session.commit()
    before = counts(session)
    response = login("sergeant_a").post(f"/api/episodes/{closed.id}/reviews",
                                        json={"decision": "confirm", "rationale": "x"})
    assert response.status_code == 409 and counts(session) == before


REVIEW = {"decision": "confirm", "rationale": "Checked"}


@pytest.mark.parametrize("user, episode, status", [
    ("partner_a", "episode_a", 403), ("partner_b", "episode_a", 404),
    ("constable_a", "episode_a", 403), ("coordinator", "episode_a", 403),
    ("sergeant_b", "episode_a", 404), ("inspector_a", "episode_b", 404),
])
def test_who_may_grade(login, session, world, user, episode, status):
    api = login(user)
    target = getattr(world, episode).id
    before, audit_before = counts(session), audits(session)
    assert api.get(f"/api/episodes/{target}/grading").status_code == status
    assert api.post(f"/api/episodes/{target}/grading/suggest",
                    json={"answers": {}}).status_code == status
    assert api.post(f"/api/episodes/{target}/reviews", json=REVIEW).status_code == status
    assert counts(session) == before and audits(session) == audit_before


def test_history_keeps_every_grade_with_who_when_why(login, session, world):
    legacy = factories.risk_assessment(session, episode_row=world.episode_a,
                                       assessor=world.sergeant_a)
    legacy.assessed_at = NOW - timedelta(hours=1)
    session.commit()
    api = login("inspector_a")
    url = f"/api/episodes/{world.episode_a.id}"
    api.post(f"{url}/reviews", json={"decision": "regrade", "grade": "high",
                                     "rationale": "New sighting with concern"})
    api.post(f"{url}/reviews", json={"decision": "regrade", "grade": "low",
                                     "rationale": "Found safe nearby, returning",
                                     "below_suggestion_rationale": "Seen by PC with carer"})
    history = api.get(f"{url}/risk-assessments").get_json()
    assert [(h["kind"], h["grade"]) for h in history] == [
        ("regraded", "low"), ("regraded", "high"), ("assessment", "medium")]
    newest = history[0]
    assert newest["assessor_name"] == "Test inspector" and newest["assessor_role"] == "inspector"
    assert newest["rationale"] == "Found safe nearby, returning"
    assert newest["suggested_grade"] == "medium"
    assert newest["suggestion_reasons"][0]["source"] == "record:vulnerabilities"
    assert newest["below_suggestion_rationale"] == "Seen by PC with carer"
    # An assessment from before the questionnaire reads its factors as answers.
    assert history[-1]["answers"]["cse_concern"] == {
        "answer": "yes", "note": None, "who": "carer", "contact": None, "obtained_at": None,
        "legacy": True}


def test_an_ungraded_episode_is_regraded_not_confirmed(login, session, world):
    episode = session.get(Episode, world.episode_a.id)
    episode.risk_grade = episode.next_review_due = None
    session.commit()
    api = login("sergeant_a")
    url = f"/api/episodes/{world.episode_a.id}/reviews"
    before = counts(session)
    refused = api.post(url, json={"decision": "confirm", "rationale": "x"})
    assert refused.status_code == 422 and counts(session) == before
    graded = api.post(url, json={"decision": "regrade", "grade": "medium", "rationale": "x"})
    assert graded.status_code == 201, graded.get_json()
    session.refresh(episode)
    assert episode.risk_grade == "medium" and episode.next_review_due is not None


def test_the_grade_given_with_the_report_is_marked_so(login, session, world):
    from tests.integration.test_api_episodes import body

    api = login("sergeant_a")
    created = api.post("/api/episodes", json=body(world.child_a.id))
    assert created.status_code == 201, created.get_json()
    history = api.get(f"/api/episodes/{created.get_json()['id']}/risk-assessments").get_json()
    assert [h["kind"] for h in history] == ["report"]
