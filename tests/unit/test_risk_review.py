"""The review schedule: force-configured intervals, absent refused, overdue checks."""

from datetime import UTC, datetime, timedelta

import pytest

from locate.config import DEFAULT_REVIEW_MINUTES
from locate.domain.errors import Invalid
from locate.domain.risk_review import (
    check_grade,
    grade_for_report,
    is_overdue,
    next_review_due,
    review_due_for_report,
)

T0 = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)


@pytest.mark.parametrize("grade, minutes", sorted(DEFAULT_REVIEW_MINUTES.items()))
def test_due_follows_configured_interval(grade, minutes):
    assert next_review_due(grade, T0, DEFAULT_REVIEW_MINUTES) == T0 + timedelta(minutes=minutes)


def test_force_intervals_replace_defaults():
    force = {**DEFAULT_REVIEW_MINUTES, "high": 30}
    assert next_review_due("high", T0, force) == T0 + timedelta(minutes=30)


def test_higher_grades_reviewed_sooner_by_default():
    dues = [next_review_due(g, T0, DEFAULT_REVIEW_MINUTES)
            for g in ("high", "medium", "low", "no_apparent_risk")]
    assert dues == sorted(dues)


def test_absent_refused_with_history():
    with pytest.raises(Invalid, match="withdrawn for children in 2017"):
        next_review_due("absent", T0, DEFAULT_REVIEW_MINUTES)


@pytest.mark.parametrize("grade", ["", "HIGH", "severe"])
def test_unknown_grade_refused(grade):
    with pytest.raises(Invalid, match="Unknown risk grade"):
        check_grade(grade)


def test_naive_time_refused():
    with pytest.raises(Invalid):
        next_review_due("low", T0.replace(tzinfo=None), DEFAULT_REVIEW_MINUTES)


@pytest.mark.parametrize("minutes", [None, 0, -5])
def test_missing_or_nonpositive_interval_refused(minutes):
    intervals = {**DEFAULT_REVIEW_MINUTES}
    if minutes is None:
        del intervals["low"]
    else:
        intervals["low"] = minutes
    with pytest.raises(Invalid, match="review interval"):
        next_review_due("low", T0, intervals)


@pytest.mark.parametrize("now_offset, status, expected", [
    (timedelta(minutes=-1), "open", False),
    (timedelta(0), "open", False),
    (timedelta(minutes=1), "open", True),
    (timedelta(minutes=1), "found", False),
    (timedelta(minutes=1), "closed", False),
])
def test_overdue(now_offset, status, expected):
    assert is_overdue(T0, T0 + now_offset, status=status) is expected


def test_ungraded_open_episode_is_overdue():
    assert is_overdue(None, T0) is True


@pytest.mark.parametrize(("role", "proposed", "opened"), [
    ("partner", "no_apparent_risk", "medium"), ("partner", "low", "medium"),
    ("partner", "medium", "medium"), ("partner", "high", "high"),
    ("sergeant", "low", "low"), ("inspector", "no_apparent_risk", "no_apparent_risk"),
    ("sergeant", "high", "high"),
])
def test_partner_report_grade_never_below_the_floor(role, proposed, opened):
    assert grade_for_report(role, proposed) == opened


def test_partner_report_grade_still_refuses_absent():
    with pytest.raises(Invalid):
        grade_for_report("partner", "absent")


def test_partner_report_due_for_police_review_soon():
    at = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)
    grade_due = at + timedelta(hours=4)
    assert review_due_for_report("partner", grade_due, at, 30) == at + timedelta(minutes=30)
    assert review_due_for_report("sergeant", grade_due, at, 30) == grade_due
    short = at + timedelta(minutes=10)
    assert review_due_for_report("partner", short, at, 30) == short
    with pytest.raises(Invalid):
        review_due_for_report("partner", grade_due, at, 0)
