"""The duty inspector's desk and the acknowledgement of high risk (issue 10)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Episode, Escalation, Event
from tests import factories

RISK = {"rationale": "New information from the carer", "factors": {}, "sources": {}}


def ids(items):
    return {item["id"] for item in items}


def high(session, world, team="a", **kw):
    row = factories.episode(session, child_row=getattr(world, f"child_{team}"),
                            team_row=getattr(world, f"team_{team}"), grade="high", **kw)
    session.commit()
    return row


def audit_count(session):
    return session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()


# --- acknowledge ------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["inspector_a", "admin"])
def test_an_inspector_acknowledges_high_risk_once(login, session, world, username):
    episode = high(session, world)
    api = login(username)
    response = api.post(f"/api/episodes/{episode.id}/acknowledge", json={"note": "Search set"})
    assert response.status_code == 200, response.get_json()
    props = response.get_json()["properties"]
    assert props["acknowledged_at"] and props["acknowledged_by_id"] == getattr(world, username).id
    event = session.execute(sa.select(Event).order_by(Event.id.desc()).limit(1)).scalar_one()
    assert (event.type, event.episode_id) == ("episode.acknowledged", episode.id)
    assert errors_for(event.type, event.payload) == {}
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert (audit.entity, audit.details["change"], audit.details["note"]) == (
        "episode", "acknowledge", "Search set")
    again = api.post(f"/api/episodes/{episode.id}/acknowledge", json={})
    assert again.status_code == 409 and "already" in again.get_json()["message"]


@pytest.mark.parametrize("username, which, status", [
    ("sergeant_a", "high_a", 403),      # no risk.signoff
    ("partner_a", "high_a", 403),       # carers see the episode, never acknowledge it
    ("constable_a", "high_a", 403),
    ("inspector_b", "high_a", 404),     # another team's episode: not revealed
    ("inspector_a", "medium_a", 409),   # only high risk needs it
    ("inspector_a", "found_a", 409),    # only an open episode
    ("inspector_a", "missing", 404),
])
def test_refused_acknowledgements_write_nothing(login, session, world, username, which,
                                                status):
    episodes = {"high_a": high(session, world), "medium_a": world.episode_a,
                "found_a": high(session, world, status="found")}
    episode_id = episodes[which].id if which in episodes else 999999
    api = login(username)
    before = (audit_count(session), session.execute(sa.select(sa.func.count(Event.id))).scalar())
    response = api.post(f"/api/episodes/{episode_id}/acknowledge", json={})
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert (audit_count(session), session.execute(sa.select(sa.func.count(Event.id))).scalar()
            ) == before
    if which in episodes:
        session.expire_all()
        assert session.get(Episode, episodes[which].id).acknowledged_at is None


@pytest.mark.parametrize("body", [{"note": 5}, {"note": "x" * 2001}, {"extra": 1},
                                  {"note": "a\x00b"}])
def test_bad_acknowledgement_bodies_are_422(login, session, world, body):
    episode = high(session, world)
    response = login("inspector_a").post(f"/api/episodes/{episode.id}/acknowledge", json=body)
    assert 400 <= response.status_code < 500
    session.expire_all()
    assert session.get(Episode, episode.id).acknowledged_at is None


def test_a_new_high_grade_after_a_lower_one_needs_acknowledging_again(login, session, world):
    episode = high(session, world)
    inspector, sergeant = login("inspector_a"), login("sergeant_a")
    assert inspector.post(f"/api/episodes/{episode.id}/acknowledge", json={}).status_code == 200
    path = f"/api/episodes/{episode.id}/risk-assessments"
    # High confirmed again: the acknowledgement stands.
    assert sergeant.post(path, json={**RISK, "grade": "high"}).status_code == 201
    session.expire_all()
    assert session.get(Episode, episode.id).acknowledged_at is not None
    # Down to medium, then up to high: a new high risk, acknowledged afresh.
    assert sergeant.post(path, json={**RISK, "grade": "medium"}).status_code == 201
    assert sergeant.post(path, json={**RISK, "grade": "high"}).status_code == 201
    session.expire_all()
    row = session.get(Episode, episode.id)
    assert row.acknowledged_at is None and row.acknowledged_by_id is None
    assert inspector.post(f"/api/episodes/{episode.id}/acknowledge", json={}).status_code == 200


# --- the desk ---------------------------------------------------------------------------

def test_the_desk_lists_what_needs_the_inspector_for_their_team_only(login, session, world):
    now = datetime.now(UTC)
    fresh_high = high(session, world)
    old = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                            reported_at=now - timedelta(hours=30))
    old.next_review_due = now - timedelta(minutes=5)   # and overdue
    acknowledged = high(session, world)
    acknowledged.acknowledged_at = now
    other_team = high(session, world, team="b")
    # The world's own open escalations (one per team) are the open ones; one decided more.
    open_escalation, theirs = world.escalation_a, world.escalation_b
    decided = Escalation(episode_id=world.episode_a.id, child_id=world.child_a.id,
                         team_id=world.team_a.id, direction="carer_to_police", reason="Old",
                         status="resolved", outcome="not_upheld", resolved_at=now,
                         response="The grade was right on what was known.",
                         raised_by_id=world.partner_a.id)
    session.add(decided)
    session.commit()
    api = login("inspector_a")
    before = audit_count(session)
    desk = api.get("/api/inspector/desk").get_json()
    assert fresh_high.id in ids(desk["new_episodes"]) and old.id not in ids(desk["new_episodes"])
    assert desk["new_hours"] == 12
    assert fresh_high.id in ids(desk["awaiting_acknowledgement"])
    assert acknowledged.id not in ids(desk["awaiting_acknowledgement"])
    assert world.episode_a.id not in ids(desk["awaiting_acknowledgement"])  # medium
    assert old.id in ids(desk["overdue_reviews"])
    assert fresh_high.id not in ids(desk["overdue_reviews"])
    assert ids(desk["open_escalations"]) == {open_escalation.id}
    every = set().union(*(ids(desk[k]) for k in ("new_episodes", "awaiting_acknowledgement",
                                                   "overdue_reviews")))
    assert other_team.id not in every and world.episode_b.id not in every
    assert audit_count(session) == before + 1
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert audit.entity == "inspector_desk" and set(audit.details["episode_ids"]) == every
    assert audit.details["escalation_ids"] == [open_escalation.id]
    admin = login("admin").get("/api/inspector/desk").get_json()
    assert other_team.id in ids(admin["awaiting_acknowledgement"])
    assert ids(admin["open_escalations"]) == {open_escalation.id, theirs.id}


def test_the_shift_length_is_a_setting(login, session, world, app, monkeypatch):
    old = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                            reported_at=datetime.now(UTC) - timedelta(hours=20))
    session.commit()
    monkeypatch.setitem(app.config, "INSPECTOR_DESK_NEW_HOURS", 24)
    desk = login("inspector_a").get("/api/inspector/desk").get_json()
    assert old.id in ids(desk["new_episodes"]) and desk["new_hours"] == 24

