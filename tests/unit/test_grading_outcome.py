"""Grading against outcome: the two shares, by month, with unknown harm left out."""

from __future__ import annotations

from locate.domain.grading_outcome import Outcome, by_month, totals


def test_shares_by_month():
    outcomes = (
        # November: 4 harm cases, 1 of them graded high; 3 high grades, 1 with harm
        [Outcome("2026-11", True, "yes")] + [Outcome("2026-11", False, "yes")] * 3
        + [Outcome("2026-11", True, "no")] * 2 + [Outcome("2026-11", False, "no")] * 5
        + [Outcome("2026-11", True, "unknown"), Outcome("2026-11", False, None)]
        # October: no harm at all, one high grade
        + [Outcome("2026-10", True, "no"), Outcome("2026-10", False, "no")])
    rows = by_month(outcomes)
    assert [r["month"] for r in rows] == ["2026-10", "2026-11"]
    october, november = rows
    assert november == {"month": "2026-11", "episodes": 13, "harm_cases": 4,
                        "harm_cases_graded_high": 1, "graded_high": 3, "harm_unknown": 2,
                        "share_of_harm_graded_high": 0.25,
                        "share_of_high_with_harm": round(1 / 3, 4)}
    assert october["share_of_harm_graded_high"] is None  # no harm case to divide by
    assert october["share_of_high_with_harm"] == 0.0
    total = totals(rows)
    assert (total["episodes"], total["harm_cases"], total["graded_high"]) == (15, 4, 4)
    assert total["share_of_harm_graded_high"] == 0.25
    assert total["share_of_high_with_harm"] == 0.25


def test_a_month_of_unknowns_has_no_shares():
    rows = by_month([Outcome("2026-09", True, "unknown"), Outcome("2026-09", True, None)])
    assert rows[0]["harm_unknown"] == 2
    assert rows[0]["share_of_harm_graded_high"] is None
    assert rows[0]["share_of_high_with_harm"] is None


def test_nothing_gives_nothing():
    assert by_month([]) == []
    assert totals([])["share_of_harm_graded_high"] is None
