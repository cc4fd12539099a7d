"""The review clock runs every source on its tick: escalations not decided in time go up to
a senior officer, and late return home interviews are chased, each once however often it
ticks (the sources' own rules are tested in test_api_escalations.py and
test_api_interviews_outcome.py; here, that the clock fires them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from locate.clock.sources import SOURCES
from locate.clock.tick import tick
from locate.models import AlertRow, Escalation, Event
from tests.integration.test_api_escalations import raise_as_carer
from tests.integration.test_api_interviews_outcome import found_episode


def _config(app, **over):
    return {**app.config, **over}


def test_every_alert_kind_has_a_source_on_the_tick():
    from locate.domain.alerts import ALERT_KINDS

    assert set().union(*(s.kinds for s in SOURCES)) == set(ALERT_KINDS)


def test_an_undecided_escalation_goes_up_on_the_tick_once(app, login, session, world):
    created = raise_as_carer(login, world)
    raised = datetime.fromisoformat(created["raised_at"])
    config = _config(app, ESCALATION_DECIDE_MINUTES=60)
    early = tick(session, now=raised + timedelta(minutes=59), config=config)
    assert not [r for r in early.raised if r.escalation_id == created["id"]]
    later = raised + timedelta(minutes=61)
    first = tick(session, now=later, config=config)
    assert [r.kind for r in first.raised if r.escalation_id == created["id"]] == [
        "escalation_unanswered"]
    again = tick(session, now=later + timedelta(minutes=1), config=config)
    assert not [r for r in again.raised if r.escalation_id == created["id"]]
    session.expire_all()
    assert session.get(Escalation, created["id"]).level == "senior"
    sent_up = [e for e in session.execute(sa.select(Event).where(
        Event.type == "escalation.escalated")).scalars()
        if e.payload["escalation"]["id"] == created["id"]]
    assert len(sent_up) == 1 and sent_up[0].user_ids == [world.admin.id]
    alert = session.execute(sa.select(AlertRow).where(
        AlertRow.escalation_id == created["id"])).scalar_one()
    assert alert.told_user_ids == [world.admin.id]


def test_a_late_interview_is_chased_on_the_tick_once(app, session, world):
    episode = found_episode(session, world, hours_ago=80)
    episode.rhi_referred = True
    session.commit()
    now = datetime.now(UTC)
    config = _config(app, RHI_DUE_HOURS=72)
    first = tick(session, now=now, config=config)
    mine = [r for r in first.raised if r.episode_id == episode.id and r.kind == "rhi_overdue"]
    assert len(mine) == 1
    assert mine[0].told_user_ids == [world.sergeant_a.id]  # police chase it
    assert not [r for r in tick(session, now=now + timedelta(minutes=1), config=config).raised
                if r.episode_id == episode.id and r.kind == "rhi_overdue"]


def test_a_senior_officer_gets_one_push_when_an_escalation_goes_up(app, login, session, world):
    """The alert is raised and the escalation sent up in one tick: of the two events, only
    escalation.escalated has lock-screen text, so the senior officer's phone rings once."""
    from locate.domain.notifications import notification_for
    from locate.live.events import PUSH_TYPES, as_message

    created = raise_as_carer(login, world)
    later = datetime.fromisoformat(created["raised_at"]) + timedelta(minutes=61)
    tick(session, now=later, config=_config(app, ESCALATION_DECIDE_MINUTES=60))
    pushed = [e.type for e in session.execute(sa.select(Event).where(
        Event.type.in_(["alert.raised", "escalation.escalated"]))).scalars()
        if world.admin.id in (e.user_ids or []) and e.type in PUSH_TYPES
        and notification_for(as_message(e)) is not None
        and (e.payload.get("alert", {}).get("escalation_id") == created["id"]
             or e.payload.get("escalation", {}).get("id") == created["id"])]
    assert pushed == ["escalation.escalated"]
