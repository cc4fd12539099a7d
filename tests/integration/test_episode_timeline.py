"""The episode page's timeline: every source in order, police tasking hidden from carers."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from locate.models import AuditEntry, ReturnHomeInterview, TaskTransition
from tests import factories


def _story(session, w):
    """Episode A from report to interview, each step an hour apart."""
    e = w.episode_a
    t0 = e.reported_at
    ra = factories.risk_assessment(session, episode_row=e, assessor=w.sergeant_a, grade="medium")
    ra.assessed_at = t0 + timedelta(minutes=5)
    review = factories.risk_assessment(session, episode_row=e, assessor=w.sergeant_a,
                                       grade="high")
    review.assessed_at = t0 + timedelta(hours=2)
    review.rationale = "Seen with an older male"
    w.sighting_a.observed_at = t0 + timedelta(hours=1)
    w.task_a.created_at = t0 + timedelta(minutes=30)
    session.add(TaskTransition(task_id=w.task_a.id, action="accept", from_status="assigned",
                               to_status="accepted", by_user_id=w.constable_a.id,
                               at=t0 + timedelta(minutes=40), acted_at=t0 + timedelta(minutes=35)))
    w.escalation_a.raised_at = t0 + timedelta(hours=3)  # the world's carer's escalation
    e.status, e.found_at, e.found_place_kind = "found", t0 + timedelta(hours=4), "friend_address"
    e.closed_at = t0 + timedelta(hours=5)
    e.status = "closed"
    session.add(ReturnHomeInterview(episode_id=e.id, interviewer_name="RHI worker",
                                    conducted_at=t0 + timedelta(hours=30),
                                    where_stayed="A flat on Park Lane", with_whom="Older male"))
    session.flush()
    return e


def test_the_timeline_is_every_source_in_order(login, session, world):
    e = _story(session, world)
    sergeant = login("sergeant_a")
    # Closed, and the sergeant neither reported it nor held a task on it: they say why.
    assert sergeant.get(f"/api/episodes/{e.id}/timeline").status_code == 428
    body = sergeant.get(f"/api/episodes/{e.id}/timeline",
                        headers={"X-Access-Reason": "supervision"}).get_json()
    kinds = [x["kind"] for x in body["entries"]]
    assert kinds == ["report", "grade", "task", "task_step", "sighting", "grade", "escalation",
                     "found", "closed", "interview"]
    titles = [x["title"] for x in body["entries"]]
    assert titles[1] == "Graded Medium" and titles[5] == "Reviewed: regraded Medium to High"
    assert body["entries"][5]["detail"] == "Seen with an older male"
    assert "Park Lane" in body["entries"][-1]["detail"]
    ats = [datetime.fromisoformat(x["at"]) for x in body["entries"]]
    assert ats == sorted(ats)
    assert body["name"] == "Jade Example" and body["reference"] == e.reference
    row = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "episode_timeline")
                          .order_by(AuditEntry.id.desc())).scalars().first()
    assert row.child_id == world.child_a.id
    assert row.justification == "given: Supervisory review or quality check"


def test_a_carer_sees_the_timeline_without_police_tasking(login, session, world):
    e = _story(session, world)
    body = login("partner_a").get(f"/api/episodes/{e.id}/timeline").get_json()
    kinds = [x["kind"] for x in body["entries"]]
    assert "task" not in kinds and "task_step" not in kinds
    assert {"report", "grade", "sighting", "escalation", "found", "interview"} <= set(kinds)


def test_another_organisation_or_team_gets_404(login, world):
    for user in ("partner_b", "sergeant_b", "constable_b"):
        assert login(user).get(f"/api/episodes/{world.episode_a.id}/timeline").status_code == 404


def test_the_episode_page_shows_the_actions_a_role_may_take(login, world):
    page = login("sergeant_a").get(f"/episodes/{world.episode_a.id}").get_data(as_text=True)
    for href in (f"/episodes/{world.episode_a.id}/grade", f"/episodes/{world.episode_a.id}/found",
                 f"/escalations/new?episode={world.episode_a.id}",
                 f"/episodes/{world.episode_a.id}/briefing", f"/map?episode={world.episode_a.id}"):
        assert f'href="{href}"' in page
    carer = login("partner_a").get(f"/episodes/{world.episode_a.id}").get_data(as_text=True)
    assert "/grade" not in carer and "/briefing" not in carer and "/map?" not in carer
    assert f"/escalations/new?episode={world.episode_a.id}" in carer
    assert "Check friend" not in carer  # the task's title


def test_the_lists_open_the_episode_page(login, world):
    home = login("sergeant_a").get("/").get_data(as_text=True)
    assert f'href="/episodes/{world.episode_a.id}"' in home
    assert f"/map?episode={world.episode_a.id}" in home


def test_the_briefing_sheet_is_for_police(login, world):
    assert login("constable_a").get(f"/episodes/{world.episode_a.id}/briefing").status_code == 200
    assert login("partner_a").get(f"/episodes/{world.episode_a.id}/briefing").status_code == 403
    assert login("constable_b").get(f"/episodes/{world.episode_a.id}/briefing").status_code == 404


def test_the_briefing_sheet_cuts_a_long_record_and_says_how_many_more(login, session, world):
    from locate.models import Associate, ChildProfile
    for n in range(12):
        session.add(Associate(child_id=world.child_a.id, name=f"Friend {n:02d}",
                              relationship_to_child="friend"))
        factories.place(session, child_row=world.child_a)
    profile = session.execute(sa.select(ChildProfile).where(
        ChildProfile.child_id == world.child_a.id)).scalar_one()
    profile.phones = [f"0770090000{n}" for n in range(7)]
    session.flush()
    page = login("constable_a").get(f"/episodes/{world.episode_a.id}/briefing") \
        .get_data(as_text=True)
    assert "and 7 more" in page  # associates: 12 shown 5
    assert "and 3 more" in page  # phones: 7 shown 4
    assert "Friend 00" in page and "Friend 11" not in page
