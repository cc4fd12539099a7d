"""Grading against outcome: how the grades a force gave compare with the harm children actually
suffered, month by month. Published research found most harm cases had not been graded high and
most high grades suffered no harm (docs/risk-workflow research); this lets a force see its own.

An episode counts as graded high when any of its grades was high (a downgrade later does not
undo that the risk was seen). Harm "unknown" or not recorded is left out of both shares and
counted apart, so that a force can see how much it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    month: str            # "2026-11", of when the child was found
    graded_high: bool
    harm: str | None      # "yes", "no", "unknown" or None (not recorded)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def by_month(outcomes: list[Outcome]) -> list[dict]:
    """One row per month, oldest first: counts and the two shares (None when nothing to divide)."""
    months: dict[str, dict[str, int]] = {}
    for o in outcomes:
        m = months.setdefault(o.month, {"episodes": 0, "harm": 0, "harm_graded_high": 0,
                                          "graded_high_known": 0, "unknown": 0})
        m["episodes"] += 1
        if o.harm not in ("yes", "no"):
            m["unknown"] += 1
            continue
        if o.harm == "yes":
            m["harm"] += 1
            m["harm_graded_high"] += o.graded_high
        m["graded_high_known"] += o.graded_high
    rows = []
    for month in sorted(months):
        m = months[month]
        rows.append({"month": month, "episodes": m["episodes"], "harm_cases": m["harm"],
                     "harm_cases_graded_high": m["harm_graded_high"],
                     "graded_high": m["graded_high_known"], "harm_unknown": m["unknown"],
                     "share_of_harm_graded_high": _share(m["harm_graded_high"], m["harm"]),
                     "share_of_high_with_harm": _share(m["harm_graded_high"],
                                                       m["graded_high_known"])})
    return rows


def totals(rows: list[dict]) -> dict:
    """The same counts and shares over every month."""
    keys = ("episodes", "harm_cases", "harm_cases_graded_high", "graded_high", "harm_unknown")
    t = {k: sum(r[k] for r in rows) for k in keys}
    t["share_of_harm_graded_high"] = _share(t["harm_cases_graded_high"], t["harm_cases"])
    t["share_of_high_with_harm"] = _share(t["harm_cases_graded_high"], t["graded_high"])
    return t
