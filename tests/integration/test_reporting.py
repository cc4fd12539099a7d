"""Reporting a child missing (issue 10): a child on file with only Part 2 to confirm, a child
with no profile from the minimum a call gives, and who is told at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.live.events import PUSH_TYPES
from locate.models import AuditEntry, Child, ChildProfile, Episode, Event, RiskAssessment
from tests import factories

TABLES = (Child, ChildProfile, Episode, RiskAssessment, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def phone_report(child_id=None, **over):
    """What the phone page sends: Part 2 and a grade, nothing about who reports or when (the
    grade is the world child's suggestion: asthma on the profile, medium)."""
    data = {"last_seen_at": (datetime.now(UTC) - timedelta(minutes=20)).isoformat(),
            "last_seen": {"type": "Point", "coordinates": [-1.55, 53.80]},
            "clothing": "Grey hoodie", "circumstances": "Did not come back from school",
            "risk": {"grade": "medium", "rationale": "Usually back by tea time"}}
    if child_id is not None:
        data["child_id"] = child_id
    data.update(over)
    return data


NEW_CHILD = {"first_name": "Ava", "last_name": "Walker", "sex": "female", "age_years": 13,
             "description": "Small, long dark hair"}


def last_event(session, type_="episode.created") -> Event:
    return session.execute(sa.select(Event).where(Event.type == type_)
                           .order_by(Event.id.desc()).limit(1)).scalar_one()


def test_a_carer_reports_with_part_2_only_and_everyone_on_duty_is_told(login, session, world):
    api = login("partner_a")
    response = api.post("/api/episodes", json=phone_report(world.child_a.id, risk={
        "grade": "low", "rationale": "Usually back by tea time"}))
    assert response.status_code == 201, response.get_json()
    props = response.get_json()["properties"]
    episode = session.get(Episode, response.get_json()["id"])
    # Who and when default to the signed-in carer and now; the carer's grade is raised.
    assert (episode.reported_by_name, episode.reported_by_relationship) == (
        world.partner_a.display_name, "carer")
    assert abs((episode.reported_at - datetime.now(UTC)).total_seconds()) < 60
    assert props["risk_grade"] == "medium"
    assert props["new_child"] is False
    # The world's child has no photo, description or associates, but a place on record.
    gap_keys = [g["key"] for g in props["profile_gaps"]]
    assert {"photo", "description", "associates"} <= set(gap_keys)
    assert "date_of_birth" not in gap_keys and "places" not in gap_keys
    event = last_event(session)
    # Nobody is on duty in the world: every inspector and sergeant of team A is told.
    assert set(event.user_ids) == {world.inspector_a.id, world.sergeant_a.id}
    assert event.type in PUSH_TYPES
    assert errors_for(event.type, event.payload) == {}


def test_only_those_on_duty_are_told_when_someone_is(login, session, world):
    second = factories.user(session, role="inspector", team_row=world.team_a)
    second.on_duty = True
    sergeant = factories.user(session, role="sergeant", team_row=world.team_a)
    sergeant.on_duty = True
    session.commit()
    assert login("constable_a").post("/api/episodes",
                                     json=phone_report(world.child_a.id)).status_code == 201
    assert set(last_event(session).user_ids) == {second.id, sergeant.id}


def test_with_no_inspector_on_the_team_the_admins_are_told(login, session, world):
    team = factories.team(session, code="WKF", name="Wakefield")
    sergeant = factories.user(session, role="sergeant", team_row=team, username="sgt_wkf")
    constable = factories.user(session, role="constable", team_row=team, username="pc_wkf")
    child = factories.child(session, team_row=team, first_name="Mia")
    session.commit()
    assert login("pc_wkf").post("/api/episodes", json=phone_report(child.id)).status_code == 201
    assert set(last_event(session).user_ids) == {world.admin.id, sergeant.id}
    assert constable.id not in last_event(session).user_ids


@pytest.mark.parametrize("username", ["constable_a", "sergeant_a", "partner_a"])
def test_a_child_with_no_profile_is_made_from_the_call_and_its_gaps_said(login, session,
                                                                         world, username):
    api = login(username)
    before = counts(session)
    response = api.post("/api/episodes", json=phone_report(child=NEW_CHILD))
    assert response.status_code == 201, response.get_json()
    props = response.get_json()["properties"]
    assert props["new_child"] is True and props["team_id"] == world.team_a.id
    assert props["child_name"] == "Ava Walker"
    child = session.get(Child, props["child_id"])
    profile = session.execute(sa.select(ChildProfile).where(
        ChildProfile.child_id == child.id)).scalar_one()
    assert profile.date_of_birth_estimated is True
    assert 12 <= (date.today() - profile.date_of_birth).days // 365 <= 13
    gaps = [g["key"] for g in props["profile_gaps"]]
    assert "date_of_birth" in gaps and "photo" in gaps and "description" not in gaps
    if username == "partner_a":  # the carer's own home: their organisation, its address
        assert child.organisation_id == world.org_a.id
        assert "placement" not in gaps
    else:
        assert child.organisation_id is None and "placement" in gaps
    # child, its profile, episode, assessment, event, two audit rows (child and episode)
    assert counts(session) == tuple(b + n for b, n in zip(before, (1, 1, 1, 1, 1, 2),
                                                          strict=True))
    # The new child is the reporter's to see at once.
    assert api.get(f"/api/children/{child.id}").status_code == 200


def test_a_date_of_birth_given_is_no_gap_and_an_edit_clears_the_estimate(login, session,
                                                                          world):
    api = login("sergeant_a")
    child = {**NEW_CHILD, "date_of_birth": "2013-03-02"}
    del child["age_years"]
    props = api.post("/api/episodes", json=phone_report(child=child)).get_json()["properties"]
    assert "date_of_birth" not in [g["key"] for g in props["profile_gaps"]]
    estimated = api.post("/api/episodes", json=phone_report(child=NEW_CHILD)).get_json()
    child_id = estimated["properties"]["child_id"]
    card = api.patch(f"/api/children/{child_id}",
                     json={"version": 1, "date_of_birth": "2013-06-01"}).get_json()
    assert card["profile"]["date_of_birth_estimated"] is False


NUL = "Grey\x00hoodie"
BAD = {
    "both_child_and_id": lambda w: phone_report(w.child_a.id, child=NEW_CHILD),
    "neither": lambda w: phone_report(),
    "age_and_date": lambda w: phone_report(child={**NEW_CHILD, "date_of_birth": "2013-01-01"}),
    "no_age_or_date": lambda w: phone_report(child={k: v for k, v in NEW_CHILD.items()
                                                     if k != "age_years"}),
    "age_out_of_range": lambda w: phone_report(child={**NEW_CHILD, "age_years": 40}),
    "age_as_text": lambda w: phone_report(child={**NEW_CHILD, "age_years": "13"}),
    "future_birth": lambda w: phone_report(child={
        **{k: v for k, v in NEW_CHILD.items() if k != "age_years"},
        "date_of_birth": (date.today() + timedelta(days=3)).isoformat()}),
    "blank_name": lambda w: phone_report(child={**NEW_CHILD, "first_name": ""}),
    "unknown_sex": lambda w: phone_report(child={**NEW_CHILD, "sex": "x"}),
    "unknown_child_field": lambda w: phone_report(child={**NEW_CHILD, "school": "Oak"}),
    "child_not_an_object": lambda w: phone_report(child="Ava"),
    "seen_in_the_future": lambda w: phone_report(
        w.child_a.id, last_seen_at=(datetime.now(UTC) + timedelta(hours=2)).isoformat()),
    "nul_in_clothing": lambda w: phone_report(w.child_a.id, clothing=NUL),
    "nul_in_new_child": lambda w: phone_report(child={**NEW_CHILD, "description": NUL}),
    "huge_geometry": lambda w: phone_report(w.child_a.id, last_seen={
        "type": "Point", "coordinates": [-1.55, 53.8] + [0.0] * 100000}),
    "line_not_point": lambda w: phone_report(w.child_a.id, last_seen={
        "type": "LineString", "coordinates": [[-1.5, 53.8], [-1.4, 53.8]]}),
    "blank_reporter": lambda w: phone_report(w.child_a.id, reported_by_name=""),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_reports_are_4xx_and_write_nothing(login, session, world, case):
    api = login("constable_a")
    before = counts(session)
    response = api.post("/api/episodes", json=BAD[case](world))
    assert 400 <= response.status_code < 500, (case, response.status_code)
    assert response.get_json()["message"]
    assert counts(session) == before


@pytest.mark.parametrize("username, body, status", [
    ("constable_a", lambda w: phone_report(w.child_b.id), 404),  # other team's child
    ("partner_a", lambda w: phone_report(w.child_b.id), 404),    # other organisation's
    ("coordinator", lambda w: phone_report(child=NEW_CHILD), 403),
    ("admin", lambda w: phone_report(child=NEW_CHILD), 422),     # force-wide: name the team
    ("constable_a", lambda w: phone_report(child=NEW_CHILD, team_id=w.team_b.id), 422),
])
def test_refused_reports_write_nothing(login, session, world, username, body, status):
    api = login(username)
    before = counts(session)
    response = api.post("/api/episodes", json=body(world))
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


def test_an_admin_names_the_team_of_a_new_child(login, session, world):
    response = login("admin").post("/api/episodes", json=phone_report(
        child=NEW_CHILD, team_id=world.team_b.id))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["properties"]["team_id"] == world.team_b.id
    assert set(last_event(session).user_ids) == {world.inspector_b.id, world.sergeant_b.id}
