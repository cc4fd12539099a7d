"""Grading against outcome (GET /api/reports/grading-outcome): for each month of report, how
the grades given compare with whether the child suffered harm while missing. The counting and
the shares are domain/grading_outcome.py; this reads the episodes through the desk's filter
(dates, team, age band; a team-scoped inspector sees their own team) and audits the read.
Counts only, never a child: nobody is named by this report."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from .. import audit
from ..domain.grading_outcome import Outcome, by_month, totals
from ..models import User
from .desk_filter import desk_filter


def grading_outcome(session, *, actor: User, **query) -> dict:
    flt = desk_filter(actor, permission="outcome.view", **query)
    cte, params = flt.cte()
    params["zone"] = current_app.config["DISPLAY_TIMEZONE"]
    # Found or closed episodes only: an open one has no outcome yet.
    rows = session.execute(text(f"""WITH {cte}
        SELECT to_char(d.reported_at AT TIME ZONE :zone, 'YYYY-MM') AS month,
               (d.risk_grade = 'high' OR EXISTS (SELECT 1 FROM risk_assessments r
                    WHERE r.episode_id = d.id AND r.grade = 'high')) AS graded_high,
               e.harm_suffered AS harm
        FROM desk_episodes d JOIN episodes e ON e.id = d.id
        WHERE d.found_at IS NOT NULL"""), params).all()
    months = by_month([Outcome(r.month, bool(r.graded_high), r.harm) for r in rows])
    audit.record(session, user=actor, action="view", entity="grading_outcome",
                 filter=flt.as_dict(), episodes=len(rows))
    session.commit()
    return {"filter": flt.as_dict(), "months": months, "totals": totals(months),
            "method": "Found or closed episodes by month reported. Graded high: any grade "
                      "given in the episode was high. Harm: recorded when found; 'unknown' "
                      "and not recorded are counted apart and left out of both shares."}
