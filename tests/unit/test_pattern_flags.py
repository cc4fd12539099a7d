"""Pattern flags and time patterns on hand-made histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from locate.domain.pattern_flags import FlagSettings, PastEpisode, flags
from locate.domain.time_patterns import time_patterns

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def ep(days_ago, hours=5.0, km=None):
    reported = NOW - timedelta(days=days_ago)
    return PastEpisode(reported, reported + timedelta(hours=hours), km)


def by_key(history, **settings):
    return {f.key: f for f in flags(history, now=NOW, settings=FlagSettings(**settings))}


def test_repeat_is_raised_at_three_in_ninety_days_and_not_at_two():
    assert by_key([ep(10), ep(40), ep(80)])["repeat"].raised
    assert not by_key([ep(10), ep(40), ep(100)])["repeat"].raised
    assert by_key([ep(10), ep(40)], repeat_count=2)["repeat"].raised
    assert "3 episodes in the last 90 days" in by_key([ep(10), ep(40), ep(80)])["repeat"].detail


def test_lengthening_compares_the_latest_with_the_earlier_median():
    longer = [ep(200, 4), ep(160, 5), ep(120, 4), ep(60, 10), ep(30, 12), ep(10, 9)]
    assert by_key(longer)["lengthening"].raised
    steady = [ep(200, 4), ep(160, 5), ep(120, 4), ep(60, 5), ep(30, 4), ep(10, 6)]
    assert not by_key(steady)["lengthening"].raised
    assert not by_key([ep(30, 20), ep(10, 40)])["lengthening"].raised  # too few to compare


def test_further_away_needs_a_real_jump():
    assert by_key([ep(90, km=0.8), ep(60, km=1.0), ep(30, km=0.9), ep(5, km=6.0)])["further"].raised
    assert not by_key([ep(90, km=0.8), ep(60, km=1.0), ep(5, km=1.5)])["further"].raised
    # Twice a tiny distance is still near: the minimum distance keeps it quiet.
    assert not by_key([ep(90, km=0.1), ep(60, km=0.1), ep(5, km=0.4)])["further"].raised


def test_risk_window_uses_the_childs_own_gaps_when_there_are_enough():
    # Gaps of about 10 days; the latest return was 5 days ago: inside her own window.
    history = [ep(45, 24), ep(34, 24), ep(23, 24), ep(12, 24), ep(6, 24)]
    flag = by_key(history)["risk_window"]
    assert flag.raised and "this child's next episodes" in flag.detail
    # Back 20 days with gaps of about 10: outside.
    assert not by_key([ep(64, 24), ep(53, 24), ep(42, 24), ep(31, 24), ep(21, 24)])[
        "risk_window"].raised


def test_risk_window_falls_back_to_the_setting_with_little_history():
    flag = by_key([ep(10)])["risk_window"]
    assert flag.raised and "28 days" in flag.detail
    assert not by_key([ep(40)])["risk_window"].raised
    assert not by_key([PastEpisode(NOW - timedelta(hours=3))])["risk_window"].raised


def test_time_patterns_count_in_the_forces_time_zone():
    # 22:30 UTC on a Saturday in June is 23:30 on Saturday in London (BST).
    sat = datetime(2026, 6, 6, 22, 30, tzinfo=UTC)
    history = [PastEpisode(sat, sat + timedelta(hours=6)),
               PastEpisode(sat + timedelta(days=7), sat + timedelta(days=7, hours=10))]
    out = time_patterns(history, timezone="Europe/London")
    assert out["weekday_hour"][5][23] == 2
    assert out["by_weekday"][5] == 2 and sum(out["by_hour"]) == 2
    assert out["duration_hours"]["median"] == 8
    assert out["gaps"] == [round(7 - 6 / 24, 1)]
