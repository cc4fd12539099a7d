"""Risk assessments API: grading again, history, sign-off by someone else."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Episode, Event, RiskAssessment
from tests import factories

TABLES = (RiskAssessment, Event, AuditEntry)
GOOD = {"grade": "medium", "rationale": "Returned to old area before",
        "factors": {"cse_concern": "no", "previous_missing": "yes"},
        "sources": {"previous_missing": "PNC"}}


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def url(episode):
    return f"/api/episodes/{episode.id}/risk-assessments"


def last(session, model):
    return session.execute(sa.select(model).order_by(model.id.desc()).limit(1)).scalar_one()


@pytest.mark.parametrize("grade", ["no_apparent_risk", "low", "medium", "high"])
def test_assess_copies_grade_and_due_to_episode(login, session, world, app, grade):
    api = login("sergeant_a")
    before = counts(session)
    # The factory child's asthma is on record: the suggestion is medium, so a lower grade
    # carries its reason (test_api_grading.py refuses it without one).
    response = api.post(url(world.episode_a), json={
        **GOOD, "grade": grade, "below_suggestion_rationale": "Asthma well managed"})
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert counts(session) == tuple(b + 1 for b in before)
    episode = session.get(Episode, world.episode_a.id)
    session.refresh(episode)
    due = datetime.fromisoformat(data["next_review_due"])
    assessed = datetime.fromisoformat(data["assessed_at"])
    assert due - assessed == timedelta(minutes=app.config["REVIEW_MINUTES"][grade])
    assert (episode.risk_grade, episode.next_review_due) == (grade, due)
    event = last(session, Event)
    assert (event.type, event.team_id, event.episode_id) == (
        "risk.assessed", world.team_a.id, world.episode_a.id)
    assert event.payload["episode"]["properties"]["risk_grade"] == grade
    assert errors_for(event.type, event.payload) == {}
    assert last(session, AuditEntry).child_id == world.child_a.id


def test_review_interval_is_the_forces_setting(login, session, world, app, monkeypatch):
    monkeypatch.setitem(app.config["REVIEW_MINUTES"], "medium", 17)
    data = login("sergeant_a").post(url(world.episode_a), json=GOOD).get_json()
    due = datetime.fromisoformat(data["next_review_due"])
    assert due - datetime.fromisoformat(data["assessed_at"]) == timedelta(minutes=17)


BAD = {
    "absent": {**GOOD, "grade": "absent"},
    "unknown_grade": {**GOOD, "grade": "severe"},
    "no_rationale": {k: v for k, v in GOOD.items() if k != "rationale"},
    "blank_rationale": {**GOOD, "rationale": "   "},
    "factor_value": {**GOOD, "factors": {"cse_concern": "maybe"}},
    "factors_list": {**GOOD, "factors": ["cse_concern"]},
    "grade_number": {**GOOD, "grade": 3},
    "unknown_field": {**GOOD, "colour": "red"},
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_assessment_is_422_and_writes_nothing(login, session, world, case):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(url(world.episode_a), json=BAD[case])
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


def test_absent_explains_2017(login, world):
    response = login("sergeant_a").post(url(world.episode_a), json=BAD["absent"])
    assert "withdrawn for children in 2017" in str(response.get_json())


def test_malformed_json_is_400(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(url(world.episode_a), data="{", content_type="application/json")
    assert response.status_code == 400 and counts(session) == before


@pytest.mark.parametrize("user, episode, status", [
    ("sergeant_a", "episode_b", 404), ("constable_a", "episode_a", 403),
    ("partner_a", "episode_a", 403), ("partner_b", "episode_a", 404),
    ("coordinator", "episode_a", 403),
])
def test_refused_assessment_writes_nothing(login, session, world, user, episode, status):
    api = login(user)
    before = counts(session)
    response = api.post(url(getattr(world, episode)), json=GOOD)
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


def test_history_newest_first_and_audited(login, session, world):
    api = login("sergeant_a")
    first = api.post(url(world.episode_a), json=GOOD).get_json()
    second = api.post(url(world.episode_a), json={**GOOD, "grade": "high"}).get_json()
    response = api.get(url(world.episode_a))
    assert response.status_code == 200
    assert [a["id"] for a in response.get_json()] == [second["id"], first["id"]]
    audit = last(session, AuditEntry)
    assert (audit.action, audit.entity) == ("view", "risk_assessment_list")
    assert audit.details["risk_assessment_ids"] == [second["id"], first["id"]]
    assert login("sergeant_b").get(url(world.episode_a)).status_code == 404


def test_sign_off_by_another_supervisor(login, session, world):
    row = factories.risk_assessment(session, episode_row=world.episode_a,
                                    assessor=world.sergeant_a)
    session.commit()
    api = login("inspector_a")
    response = api.post(f"/api/risk-assessments/{row.id}/sign-off", json={"note": "Agreed"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["supervisor_id"] == world.inspector_a.id
    assert last(session, Event).type == "risk.signed_off"
    again = api.post(f"/api/risk-assessments/{row.id}/sign-off", json={})
    assert again.status_code == 409


@pytest.mark.parametrize("user, assessor, status", [
    ("inspector_a", "inspector_a", 409),   # not your own
    ("sergeant_a", "inspector_a", 403),    # no risk.signoff
    ("inspector_b", "sergeant_a", 404),    # other team's
])
def test_refused_sign_off_writes_nothing(login, session, world, user, assessor, status):
    row = factories.risk_assessment(session, episode_row=world.episode_a,
                                    assessor=getattr(world, assessor))
    session.commit()
    api = login(user)
    before = counts(session)
    response = api.post(f"/api/risk-assessments/{row.id}/sign-off", json={})
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before
