"""The review clock's timing, with frozen times: who is told of what, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from locate.domain.errors import Invalid
from locate.domain.review_clock import (
    ClockSettings,
    EpisodeClock,
    high_risk_alerts,
    review_alerts,
    stamp,
)

DUE = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SETTINGS = ClockSettings(escalate_minutes=30, chase_minutes=15)


def episode(**changes) -> EpisodeClock:
    values = dict(id=12, reference="WY-2026-0012", team_id=3, child_id=7, grade="medium",
                  next_review_due=DUE)
    return EpisodeClock(**{**values, **changes})


def at(minutes: float) -> datetime:
    return DUE + timedelta(minutes=minutes)


@pytest.mark.parametrize("minutes, kinds", [
    (-1, []),
    (0, []),                       # due at 10:00 is not overdue at 10:00
    (0.01, ["review_overdue"]),
    (29, ["review_overdue"]),
    (30, ["review_overdue", "review_overdue_inspector"]),
    (600, ["review_overdue", "review_overdue_inspector"]),  # a clock down all night catches up
])
def test_overdue_review_tells_the_sergeants_then_the_inspector(minutes, kinds):
    alerts = review_alerts(episode(), now=at(minutes), settings=SETTINGS)
    assert [a.kind for a in alerts] == kinds
    assert [a.recipients for a in alerts] == [
        {"review_overdue": "sergeants", "review_overdue_inspector": "duty_inspector"}[k]
        for k in kinds]


def test_keys_name_the_lapse_and_are_stable_over_ticks():
    first = review_alerts(episode(), now=at(31), settings=SETTINGS)
    later = review_alerts(episode(), now=at(95), settings=SETTINGS)
    assert [a.key for a in first] == [a.key for a in later] == [
        "review_overdue:episode:12:2026-12-01T10:00:00Z",
        "review_overdue:episode:12:2026-12-01T10:00:00Z:inspector"]
    assert first[0].due_at == DUE and first[1].due_at == at(30)
    assert "WY-2026-0012" in first[0].message


def test_a_review_done_and_missed_again_is_a_new_alert():
    old = review_alerts(episode(), now=at(5), settings=SETTINGS)[0]
    new = review_alerts(episode(next_review_due=at(240)), now=at(245), settings=SETTINGS)[0]
    assert old.key != new.key and new.due_at == at(240)


def test_no_review_due_no_alert():
    assert review_alerts(episode(next_review_due=None), now=at(99), settings=SETTINGS) == []


def test_escalation_interval_is_the_setting():
    quick = ClockSettings(escalate_minutes=5, chase_minutes=15)
    assert len(review_alerts(episode(), now=at(5), settings=quick)) == 2
    assert len(review_alerts(episode(), now=at(5), settings=SETTINGS)) == 1


def high(**changes) -> EpisodeClock:
    return episode(**{"grade": "high", "high_since": DUE, **changes})


@pytest.mark.parametrize("minutes, chase", [(0, 0), (14.9, 0), (15, 1), (44, 2), (45, 3)])
def test_high_risk_is_chased_every_interval_until_acknowledged(minutes, chase):
    [alert] = high_risk_alerts(high(), now=at(minutes), settings=SETTINGS)
    assert alert.kind == "high_risk_unacknowledged" and alert.recipients == "duty_inspector"
    assert alert.key == f"high_risk_unacknowledged:episode:12:2026-12-01T10:00:00Z:{chase}"
    assert alert.due_at == at(15 * chase)


def test_each_chase_has_its_own_key():
    keys = {high_risk_alerts(high(), now=at(m), settings=SETTINGS)[0].key for m in range(0, 61)}
    assert len(keys) == 5  # 0, 15, 30, 45, 60


def test_acknowledged_high_risk_is_not_chased():
    assert high_risk_alerts(high(acknowledged_at=at(3)), now=at(50), settings=SETTINGS) == []


def test_an_acknowledgement_of_an_earlier_high_grade_does_not_count():
    """Graded high again after a lower grade: the new risk needs its own acknowledgement."""
    stale = high(acknowledged_at=DUE - timedelta(hours=2))
    assert len(high_risk_alerts(stale, now=at(1), settings=SETTINGS)) == 1


@pytest.mark.parametrize("grade", ["medium", "low", "no_apparent_risk", None])
def test_only_high_risk_needs_acknowledgement(grade):
    assert high_risk_alerts(high(grade=grade), now=at(60), settings=SETTINGS) == []


def test_nothing_before_the_grade():
    assert high_risk_alerts(high(), now=at(-1), settings=SETTINGS) == []


def test_settings_and_times_are_checked():
    with pytest.raises(Invalid):
        ClockSettings(escalate_minutes=0, chase_minutes=15)
    with pytest.raises(Invalid):
        stamp(datetime(2026, 12, 1, 10, 0))
    from datetime import timezone

    assert stamp(datetime(2026, 12, 1, 11, 0, tzinfo=timezone(timedelta(hours=1)))) == \
        "2026-12-01T10:00:00Z"
