"""Disproportionality: episodes, risk grade, time missing and who found the child, by
ethnicity and by age band (and both), each group set against everyone else.

Missing People asks forces to review episodes by ethnicity against risk grade, outcome, time
missing and who found the child; the concern in the seed material is how Black children's
cases are handled. Each group's share graded medium or high and share found by police come
with a risk ratio against all other episodes and its 95% interval (domain/disproportion.py).
Ethnicity is the child's current profile entry as recorded (self-defined where known).
"""

from __future__ import annotations

from sqlalchemy import text

from .. import audit
from ..domain.age_bands import AGE_BANDS
from ..domain.disproportion import risk_ratio
from ..domain.vocab import FOUND_BY, RISK_GRADES
from ..models import User
from .desk_filter import desk_filter

NOT_RECORDED = "Not recorded"
POLICE_FOUND = ("police_patrol", "address_check")


def groups_sql(cte: str) -> str:
    grades = ", ".join(f"count(*) FILTER (WHERE risk_grade = '{g}') AS grade_{g}"
                       for g in RISK_GRADES)
    found_by = ", ".join(f"count(*) FILTER (WHERE found_by = '{f}') AS by_{f}" for f in FOUND_BY)
    return f"""WITH {cte},
    d AS (SELECT coalesce(nullif(btrim(ethnicity), ''), '{NOT_RECORDED}') AS ethnicity,
                 age_band, child_id, risk_grade, found_by, found_at,
                 extract(epoch FROM found_at - last_seen_at) / 3600.0 AS hours
          FROM desk_episodes)
    SELECT grouping(ethnicity) AS all_ethnicities, grouping(age_band) AS all_ages,
           ethnicity, age_band, count(*) AS episodes, count(DISTINCT child_id) AS children,
           {grades}, {found_by},
           count(*) FILTER (WHERE found_at IS NOT NULL) AS found,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median_hours,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90_hours
    FROM d GROUP BY GROUPING SETS ((ethnicity), (age_band), (ethnicity, age_band), ())"""


def _row(r, total) -> dict:
    graded = {g: getattr(r, f"grade_{g}") for g in RISK_GRADES}
    by = {f: getattr(r, f"by_{f}") for f in FOUND_BY}
    medium_high = graded["medium"] + graded["high"]
    police = sum(by[f] for f in POLICE_FOUND)
    mh_ratio = risk_ratio(medium_high, r.episodes, total["medium_high"] - medium_high,
                          total["episodes"] - r.episodes)
    police_ratio = risk_ratio(police, r.found, total["police"] - police,
                              total["found"] - r.found)
    return {
        "ethnicity": r.ethnicity, "age_band": r.age_band,
        "age_band_label": AGE_BANDS[r.age_band][0] if r.age_band else None,
        "episodes": r.episodes, "children": r.children,
        "episodes_per_child": round(r.episodes / r.children, 2) if r.children else None,
        "grades": graded,
        "grade_shares": {g: round(n / r.episodes, 3) for g, n in graded.items()},
        "medium_high_share": round(medium_high / r.episodes, 3),
        "medium_high_ratio": _ratio(mh_ratio),
        "found": r.found, "found_by": by,
        "found_by_shares": {f: round(n / r.found, 3) if r.found else None
                            for f, n in by.items()},
        "police_found_share": round(police / r.found, 3) if r.found else None,
        "police_found_ratio": _ratio(police_ratio),
        "median_hours_missing": _round(r.median_hours),
        "p90_hours_missing": _round(r.p90_hours),
    }


def _round(value):
    return None if value is None else round(float(value), 1)


def _ratio(rr) -> dict:
    return {"ratio": None if rr.ratio is None else round(rr.ratio, 3),
            "low": None if rr.low is None else round(rr.low, 3),
            "high": None if rr.high is None else round(rr.high, 3),
            "significant": rr.significant}


def disproportionality(session, *, actor: User, **filters) -> dict:
    """Tables by ethnicity, by age band and by both, with the force's totals. Counts of
    groups, no child named: audited as a read of the aggregate with its filter."""
    desk = desk_filter(actor, **filters)
    cte, params = desk.cte()
    rows = session.execute(text(groups_sql(cte)), params).all()
    overall = next((r for r in rows if r.all_ethnicities and r.all_ages and r.episodes),
                   None)
    answer = {"filter": desk.as_dict(), "overall": None, "by_ethnicity": [],
              "by_age_band": [], "by_ethnicity_and_age_band": [],
              "method": {
                  "ratio": "risk ratio against all other episodes, 95% interval by the log "
                           "method; 'significant' when the interval excludes 1",
                  "medium_high": "share of episodes graded medium or high",
                  "police_found": "share of found episodes where police found the child "
                                  "(patrol or address check)",
                  "hours_missing": "from last seen to found, found episodes only"}}
    if overall is not None:
        total = {"episodes": overall.episodes, "found": overall.found,
                 "medium_high": overall.grade_medium + overall.grade_high,
                 "police": sum(getattr(overall, f"by_{f}") for f in POLICE_FOUND)}
        answer["overall"] = _row(overall, total)
        for r in rows:
            if r.all_ethnicities and r.all_ages:
                continue
            section = ("by_age_band" if r.all_ethnicities else
                       "by_ethnicity" if r.all_ages else "by_ethnicity_and_age_band")
            answer[section].append(_row(r, total))
        band = list(AGE_BANDS).index
        answer["by_ethnicity"].sort(key=lambda x: (-x["episodes"], x["ethnicity"]))
        answer["by_age_band"].sort(key=lambda x: band(x["age_band"]))
        answer["by_ethnicity_and_age_band"].sort(key=lambda x: (x["ethnicity"],
                                                                band(x["age_band"])))
    audit.record(session, user=actor, action="view", entity="analysis_disproportionality",
                 filter=answer["filter"], count=overall.episodes if overall else 0)
    session.commit()
    return answer
