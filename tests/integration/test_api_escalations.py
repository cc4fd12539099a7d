"""Escalations on real PostGIS: a carer escalates, the duty inspector is told and decides, the
carer sees it; not decided in time it goes up to a senior officer; every refusal writes
nothing; another organisation's carer cannot see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.domain.notifications import notification_for
from locate.live import events
from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Escalation, EscalationStep, Event
from locate.services.escalations import timing
from tests import factories

CHANGE_TABLES = (Escalation, EscalationStep, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in CHANGE_TABLES)


def body(episode_id, **over):
    data = {"episode_id": episode_id, "subject": "risk_grade",
            "reason": "She was graded low but she has been with an older man twice this month."}
    data.update(over)
    return data


def raise_as_carer(login, world):
    response = login("partner_a").post("/api/escalations", json=body(world.episode_a.id))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_carer_escalates_and_the_duty_inspector_is_told_at_once(login, session, world):
    created = raise_as_carer(login, world)
    assert (created["direction"], created["status"], created["level"]) == (
        "carer_to_police", "open", "duty_inspector")
    assert created["organisation_id"] == world.org_a.id
    assert [s["step"] for s in created["steps"]] == ["raised", "notified"]
    assert [t["id"] for t in created["steps"][1]["told"]] == [world.inspector_a.id]
    event = session.execute(sa.select(Event).where(Event.type == "escalation.raised")).scalar_one()
    assert event.user_ids == [world.inspector_a.id]  # pushed to the duty inspector's phone
    assert "escalation.raised" in events.PUSH_TYPES
    assert errors_for(event.type, event.payload) == {}
    note = notification_for(events.as_message(event))
    assert note["url"] == f"/escalations/{created['id']}"
    assert "Jade" not in note["title"] + note["body"]  # no child's name on a lock screen
    assert world.episode_a.reference in note["body"]
    audit = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "escalation",
                                                        AuditEntry.action == "create")).scalar_one()
    assert audit.child_id == world.child_a.id


def test_the_inspector_decides_and_the_carer_sees_the_decision(login, session, world):
    created = raise_as_carer(login, world)
    path = f"/api/escalations/{created['id']}"
    response = login("inspector_a").post(f"{path}/decision", json={
        "outcome": "upheld", "reasons": "Regraded high: the older associate was on record."})
    assert response.status_code == 200, response.get_json()
    seen = login("partner_a").get(path)
    assert seen.status_code == 200
    decided = seen.get_json()
    assert (decided["status"], decided["outcome"], decided["decided_by_id"]) == (
        "resolved", "upheld", world.inspector_a.id)
    assert decided["response"].startswith("Regraded high")
    assert [s["step"] for s in decided["steps"]] == ["raised", "notified", "decided"]
    assert decided["child_name"] == "Jade Example"
    event = session.execute(sa.select(Event).where(Event.type == "escalation.decided")).scalar_one()
    assert event.user_ids == [world.partner_a.id]
    assert errors_for(event.type, event.payload) == {}
    again = login("inspector_a").post(f"{path}/decision",
                                      json={"outcome": "not_upheld", "reasons": "x"})
    assert again.status_code == 409


def test_not_decided_in_time_it_goes_up_to_a_senior_officer_once(app, login, session, world):
    created = raise_as_carer(login, world)
    config = {"ESCALATION_DECIDE_MINUTES": 60}
    raised = datetime.fromisoformat(created["raised_at"])
    def due(now):  # this escalation's (the world holds one of its own per team)
        return [a for a in timing.due_alerts(session, now=now, config=config)
                if a.escalation_id == created["id"]]

    assert due(raised + timedelta(minutes=59)) == []
    alerts = due(raised + timedelta(minutes=61))
    assert [(a.kind, a.escalation_id, a.recipients) for a in alerts] == [
        ("escalation_unanswered", created["id"], "senior_officer")]
    sent = timing.escalate_up(session, escalation_id=created["id"], at=alerts[0].due_at)
    session.commit()
    assert sent["level"] == "senior"
    assert [s["step"] for s in sent["steps"]] == ["raised", "notified", "escalated"]
    assert sent["steps"][-1]["told"] == [{"id": world.admin.id, "name": world.admin.display_name}]
    # Fired twice (a second clock process): nothing more happens.
    assert timing.escalate_up(session, escalation_id=created["id"], at=alerts[0].due_at) is None
    assert due(raised + timedelta(hours=5)) == []
    event = session.execute(sa.select(Event).where(Event.type == "escalation.escalated")
                            ).scalar_one()
    assert event.user_ids == [world.admin.id] and errors_for(event.type, event.payload) == {}
    # Now the senior officer's: the duty inspector may no longer decide it.
    path = f"/api/escalations/{created['id']}/decision"
    decision = {"outcome": "not_upheld", "reasons": "The grade was right on what was known."}
    assert login("inspector_a").post(path, json=decision).status_code == 403
    assert login("admin").post(path, json=decision).status_code == 200


def test_police_raise_a_concern_about_the_placement(login, session, world):
    response = login("sergeant_a").post("/api/escalations", json=body(
        world.episode_a.id, subject="other",
        reason="Third time this month the home reported her late with no search."))
    assert response.status_code == 201, response.get_json()
    concern = response.get_json()
    assert (concern["direction"], concern["organisation_id"]) == (
        "police_to_care_provider", world.org_a.id)
    assert [t["id"] for t in concern["steps"][1]["told"]] == [world.partner_a.id]
    path = f"/api/escalations/{concern['id']}/decision"
    decision = {"outcome": "partly_upheld", "reasons": "Night staff retrained on reporting."}
    assert login("inspector_a").post(path, json=decision).status_code == 403
    assert login("partner_a").post(path, json=decision).status_code == 200


def test_another_organisations_carer_gets_404_and_nothing_is_written(login, session, world):
    created = raise_as_carer(login, world)
    path = f"/api/escalations/{created['id']}"
    before = counts(session)
    other = login("partner_b")
    assert other.get(path).status_code == 404
    assert other.post(f"{path}/decision", json={"outcome": "upheld", "reasons": "x"}
                      ).status_code == 404
    assert login("sergeant_b").get(path).status_code == 404
    assert login("constable_a").get(path).status_code == 403
    assert [e["id"] for e in other.get("/api/escalations").get_json()["items"]] == [
        world.escalation_b.id]
    assert counts(session)[:3] == before[:3]
    about = session.execute(sa.select(AuditEntry.entity, AuditEntry.action).where(
        AuditEntry.entity.like("escalation%")).order_by(AuditEntry.id)).all()
    # the raise, then only partner_b's list read: no refused read or decision audited
    assert about == [("escalation", "create"), ("escalation_list", "view")]
    assert [e["id"] for e in login("partner_a").get("/api/escalations").get_json()["items"]] == [
        created["id"], world.escalation_a.id]


@pytest.mark.parametrize("who, over, status", [
    ("partner_b", {}, 404),                                  # another organisation's episode
    ("sergeant_b", {}, 404),                                 # another team's episode
    ("constable_a", {}, 403),                                # constables do not escalate
    ("partner_a", {"subject": "everything"}, 422),
    ("partner_a", {"reason": "   "}, 422),
    ("partner_a", {"reason": 5}, 422),
    ("partner_a", {"reason": "x" * 8001}, 422),
    ("partner_a", {"episode_id": 2**40}, 422),
    ("partner_a", {"episode_id": "one"}, 422),
    ("partner_a", {"risk_assessment_id": 999999}, 422),     # not one of this episode's
    ("partner_a", {"colour": "red"}, 422),
])
def test_refused_escalations_write_nothing(login, session, world, who, over, status):
    api = login(who)  # signing in writes its own audit row: before counting
    before = counts(session)
    response = api.post("/api/escalations", json={**body(world.episode_a.id), **over})
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


@pytest.mark.parametrize("over, status", [
    ({"outcome": "maybe"}, 422), ({"reasons": ""}, 422), ({"reasons": None}, 422),
    ({"extra": 1}, 422),
])
def test_refused_decisions_write_nothing(login, session, world, over, status):
    created = raise_as_carer(login, world)
    inspector = login("inspector_a")
    before = counts(session)
    decision = {"outcome": "upheld", "reasons": "Fine", **over}
    response = inspector.post(f"/api/escalations/{created['id']}/decision",
                                         json=decision)
    assert response.status_code == status
    assert counts(session) == before


def test_a_carer_may_not_decide_their_own_escalation(login, session, world):
    created = raise_as_carer(login, world)
    carer = login("partner_a")
    before = counts(session)
    response = carer.post(f"/api/escalations/{created['id']}/decision",
                                       json={"outcome": "upheld", "reasons": "Mine"})
    assert response.status_code == 403
    assert counts(session) == before


def test_an_escalation_after_the_episode_is_closed(login, session, world):
    closed = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                               status="closed")
    session.commit()
    response = login("partner_a").post("/api/escalations", json=body(closed.id,
                                                                    subject="no_police_response"))
    assert response.status_code == 201, response.get_json()
    assert datetime.fromisoformat(response.get_json()["raised_at"]) <= datetime.now(UTC)
