"""When an escalation goes up and when a return home interview is late: frozen times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from locate.domain.escalation_timing import EscalationClock, decide_by, unanswered_alert
from locate.domain.rhi_timing import InterviewClock, overdue_alert

RAISED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
FOUND = datetime(2026, 11, 28, 18, 30, tzinfo=UTC)


def escalation(**over):
    values = dict(id=7, team_id=3, child_id=11, episode_id=5, direction="carer_to_police",
                  status="open", level="duty_inspector", raised_at=RAISED)
    values.update(over)
    return EscalationClock(**values)


def test_not_due_a_minute_before_the_setting():
    assert unanswered_alert(escalation(), now=RAISED + timedelta(minutes=59),
                            decide_minutes=60) is None


@pytest.mark.parametrize("late", [timedelta(0), timedelta(hours=5)])
def test_due_at_the_setting_and_after_with_the_same_key(late):
    alert = unanswered_alert(escalation(), now=RAISED + timedelta(minutes=60) + late,
                             decide_minutes=60)
    assert alert is not None
    assert (alert.key, alert.kind, alert.recipients) == (
        "escalation_unanswered:escalation:7", "escalation_unanswered", "senior_officer")
    assert alert.due_at == RAISED + timedelta(minutes=60) == decide_by(RAISED, 60)
    assert (alert.team_id, alert.child_id, alert.episode_id, alert.escalation_id) == (3, 11, 5, 7)
    assert "not decided within 60 minutes" in alert.message


def test_the_setting_decides_the_time():
    assert unanswered_alert(escalation(), now=RAISED + timedelta(minutes=20),
                            decide_minutes=15) is not None
    assert unanswered_alert(escalation(), now=RAISED + timedelta(minutes=20),
                            decide_minutes=30) is None


@pytest.mark.parametrize("over", [{"status": "resolved"}, {"level": "senior"},
                                  {"direction": "police_to_care_provider"}])
def test_decided_sent_up_or_police_concern_never_goes_up(over):
    assert unanswered_alert(escalation(**over), now=RAISED + timedelta(days=3),
                            decide_minutes=60) is None


def test_acknowledged_but_undecided_still_goes_up():
    assert unanswered_alert(escalation(status="acknowledged"), now=RAISED + timedelta(hours=2),
                            decide_minutes=60) is not None


def interview(**over):
    values = dict(episode_id=5, team_id=3, child_id=11, found_at=FOUND, referred=True,
                  interviewed=False, has_carer=True)
    values.update(over)
    return InterviewClock(**values)


def test_interview_not_late_within_72_hours():
    assert overdue_alert(interview(), now=FOUND + timedelta(hours=71, minutes=59),
                         due_hours=72) is None


def test_interview_late_at_72_hours_goes_to_the_teams_sergeants():
    alert = overdue_alert(interview(), now=FOUND + timedelta(hours=72), due_hours=72)
    assert (alert.key, alert.kind, alert.recipients, alert.due_at) == (
        "rhi_overdue:episode:5", "rhi_overdue", "sergeants", FOUND + timedelta(hours=72))


def test_interview_late_without_a_placement_goes_to_the_sergeants():
    alert = overdue_alert(interview(has_carer=False), now=FOUND + timedelta(days=4),
                          due_hours=72)
    assert alert.recipients == "sergeants"


def test_the_due_hours_are_a_setting():
    now = FOUND + timedelta(hours=30)
    assert overdue_alert(interview(), now=now, due_hours=24) is not None
    assert overdue_alert(interview(), now=now, due_hours=48) is None


@pytest.mark.parametrize("over", [{"referred": False}, {"referred": None},
                                  {"interviewed": True}, {"found_at": None}])
def test_no_chase_when_not_referred_or_already_recorded(over):
    assert overdue_alert(interview(**over), now=FOUND + timedelta(days=10), due_hours=72) is None
