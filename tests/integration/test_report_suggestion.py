"""The grading rule at report time (issue 10): the record's suggestion shown as soon as the
child is picked, a report graded lower refused without a written reason (nothing written),
and what return home interviews taught shown at the next report and the next grading."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from locate.models import AuditEntry, Episode, RiskAssessment
from tests import factories
from tests.integration.test_api_interviews_outcome import interview
from tests.integration.test_reporting import NEW_CHILD, counts, phone_report

NOW = datetime.now(UTC)


def _suggestion(api, child_id):
    response = api.get(f"/api/children/{child_id}/report-suggestion")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_report_page_gets_the_records_suggestion_with_reasons(login, session, world):
    # The world's child (15) has asthma on the profile: medium, with that reason in words.
    body = _suggestion(login("constable_a"), world.child_a.id)
    assert body["suggestion"]["grade"] == "medium"
    reasons = {r["source"]: r["text"] for r in body["suggestion"]["reasons"]}
    assert "asthma" in reasons["record:vulnerabilities"]
    assert body["record_indicators"]["vulnerabilities"] == ["asthma"]
    assert body["floor"] == "no_apparent_risk"
    assert _suggestion(login("partner_a"), world.child_a.id)["floor"] == "medium"
    session.expire_all()
    assert session.execute(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "report_suggestion",
        AuditEntry.child_id == world.child_a.id)).scalar() == 2


def test_another_teams_child_has_no_suggestion(login, world):
    api = login("constable_a")
    assert api.get(f"/api/children/{world.child_b.id}/report-suggestion").status_code == 404
    assert api.get("/api/children/999999/report-suggestion").status_code == 404
    assert login("coordinator").get(
        f"/api/children/{world.child_a.id}/report-suggestion").status_code == 403


def test_a_report_graded_below_the_suggestion_without_a_reason_writes_nothing(login, session,
                                                                              world):
    api = login("constable_a")
    before = counts(session)
    response = api.post("/api/episodes", json=phone_report(world.child_a.id, risk={"grade": "low", "rationale": "Usually back by tea time"}))
    assert response.status_code == 422, response.get_json()
    error = response.get_json()
    assert error["field"] == "below_suggestion_rationale"
    assert "lower than the suggested Medium" in error["message"]
    assert counts(session) == before
    blank = phone_report(world.child_a.id, risk={
        "grade": "low", "rationale": "Usually back by tea time",
        "below_suggestion_rationale": "   "})
    assert api.post("/api/episodes", json=blank).status_code == 422
    assert counts(session) == before


def test_a_lower_grade_with_its_reason_is_kept_with_the_suggestion(login, session, world):
    body = phone_report(world.child_a.id, risk={
        "grade": "low", "rationale": "Usually back by tea time",
        "below_suggestion_rationale": " Inhaler with her; seen safe at a friend's at 6pm "})
    response = login("constable_a").post("/api/episodes", json=body)
    assert response.status_code == 201, response.get_json()
    row = session.execute(sa.select(RiskAssessment).where(
        RiskAssessment.episode_id == response.get_json()["id"])).scalar_one()
    assert (row.grade, row.kind, row.suggested_grade) == ("low", "report", "medium")
    assert row.below_suggestion_rationale == "Inhaler with her; seen safe at a friend's at 6pm"
    assert row.record_indicators["vulnerabilities"] == ["asthma"]
    assert "record:vulnerabilities" in {r["source"] for r in row.suggestion_reasons}


def test_a_carers_floor_counts_and_a_higher_grade_needs_no_reason(login, session, world):
    # The carer's "low" opens at the medium floor: not below the suggestion.
    low = phone_report(world.child_a.id, risk={"grade": "low", "rationale": "Usually back by tea time"})
    assert login("partner_a").post("/api/episodes", json=low).status_code == 201
    high = phone_report(world.child_a.id, risk={"grade": "high", "rationale": "Older man"})
    response = login("constable_a").post("/api/episodes", json=high)
    assert response.status_code == 201
    row = session.execute(sa.select(RiskAssessment).where(
        RiskAssessment.episode_id == response.get_json()["id"])).scalar_one()
    assert (row.suggested_grade, row.below_suggestion_rationale) == ("medium", None)


def test_a_young_child_not_on_file_is_refused_below_high_and_nothing_is_made(login, session,
                                                                            world):
    api = login("constable_a")
    before = counts(session)
    eight = {**NEW_CHILD, "age_years": 8}
    response = api.post("/api/episodes", json=phone_report(child=eight, risk={
        "grade": "medium", "rationale": "Playing out"}))
    assert response.status_code == 422
    assert response.get_json()["field"] == "below_suggestion_rationale"
    assert counts(session) == before


def test_interview_places_and_people_show_at_the_next_report_and_grading(login, session,
                                                                         world):
    child = factories.child(session, team_row=world.team_a, organisation_row=world.org_a,
                            first_name="Mia", date_of_birth=date(2010, 3, 1),
                            vulnerabilities=[])
    earlier = factories.episode(session, child_row=child, team_row=world.team_a,
                                status="found", reported_at=NOW - timedelta(days=3))
    session.commit()
    told = interview(people=[{"name": "Tia", "relationship": "school friend"}])
    assert login("partner_a").post(f"/api/episodes/{earlier.id}/return-home-interview",
                                   json=told).status_code == 201

    # The carer (automatically justified: their own home's child) at the next report.
    body = _suggestion(login("partner_a"), child.id)
    record = body["record_indicators"]
    assert record["interview_places"] == [
        f"Flat above the takeaway (associate address), from {earlier.reference}"]
    assert record["interview_people"] == [f"Tia (school friend), from {earlier.reference}"]
    sources = {r["source"] for r in body["suggestion"]["reasons"]}
    assert {"record:interview_places", "record:interview_people"} <= sources

    # The next report: graded at the suggestion, its assessment keeps the places.
    api = login("sergeant_a")
    report = api.post("/api/episodes", json=phone_report(child.id, risk={
        "grade": body["suggestion"]["grade"], "rationale": "Went to the flat last time"}))
    assert report.status_code == 201, report.get_json()
    grading = api.get(f"/api/episodes/{report.get_json()['id']}/grading")
    assert grading.status_code == 200, grading.get_json()
    assert grading.get_json()["record_indicators"]["interview_places"] == record[
        "interview_places"]
    page = api.get(f"/episodes/{report.get_json()['id']}/grade")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-indicator="interview_places"' in html and "Flat above the takeaway" in html
    assert "Tia (school friend)" in html
    assert session.get(Episode, report.get_json()["id"]).child_id == child.id


def test_a_broken_below_suggestion_reason_is_422_and_writes_nothing(login, session, world):
    api = login("constable_a")
    before = counts(session)
    for bad in (17, ["why"], "x" * 8001, "Seen\x00safe"):
        body = phone_report(world.child_a.id, risk={
            "grade": "low", "rationale": "Usually back", "below_suggestion_rationale": bad})
        response = api.post("/api/episodes", json=body)
        assert response.status_code in (400, 422), (bad, response.status_code)
        assert response.get_json()["message"]
    assert counts(session) == before
