"""When a risk grade must next be reviewed, and whether that review is overdue.

Pure: the intervals are the force's own policy (app.config["REVIEW_MINUTES"]), passed in, so
that nothing here assumes a national interval the APP never set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from .errors import Invalid
from .vocab import RISK_GRADES

ABSENT_MESSAGE = ("'absent' was withdrawn for children in 2017: grade 'no_apparent_risk' "
                  "instead, which still needs a rationale and a review.")


def check_grade(grade: str) -> str:
    """The grade, or Invalid with a message a person can act on."""
    if grade == "absent":
        raise Invalid(ABSENT_MESSAGE)
    if grade not in RISK_GRADES:
        raise Invalid(f"Unknown risk grade {grade!r}: one of {', '.join(RISK_GRADES)}.")
    return grade


def next_review_due(grade: str, assessed_at: datetime,
                    review_minutes: Mapping[str, int]) -> datetime:
    """The time the grade given at assessed_at must be reviewed by, per the force's intervals."""
    check_grade(grade)
    if assessed_at.tzinfo is None:
        raise Invalid("The assessment time needs a time zone.")
    minutes = review_minutes.get(grade)
    if minutes is None or minutes <= 0:
        raise Invalid(f"No positive review interval is configured for grade {grade!r}.")
    return assessed_at + timedelta(minutes=minutes)


def is_overdue(next_due: datetime | None, now: datetime, *, status: str = "open") -> bool:
    """True when an open episode's review time has passed, or it has no grade at all."""
    if status != "open":
        return False
    return next_due is None or now > next_due


# A carer's report carries their view of the risk, not the police decision. Until an officer
# grades the episode, it stands at no lower than this, and is due for police review quickly.
PARTNER_GRADE_FLOOR = "medium"


def grade_for_report(reporter_role: str, proposed: str) -> str:
    """The grade an episode opens with. Inspectors found risk graded too low; a partner's
    proposal is raised to the precautionary floor, never lowered."""
    check_grade(proposed)
    if reporter_role != "partner":
        return proposed
    return max(proposed, PARTNER_GRADE_FLOOR, key=RISK_GRADES.index)


def review_due_for_report(reporter_role: str, grade_due: datetime, assessed_at: datetime,
                          police_review_minutes: int) -> datetime:
    """A partner-reported episode is due for a police review within police_review_minutes,
    or sooner if the grade's own interval is shorter."""
    if reporter_role != "partner":
        return grade_due
    if police_review_minutes <= 0:
        raise Invalid("The police review interval for partner reports must be positive.")
    return min(grade_due, assessed_at + timedelta(minutes=police_review_minutes))
