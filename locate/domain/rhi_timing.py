"""When a return home interview is late: referred at closure, it is due RHI_DUE_HOURS (72 by
the statutory guidance) after the child was found, and chased from then until one is recorded.
Pure: services/casework/interview_clock.py's due_alerts feeds it the records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .alerts import Alert


@dataclass(frozen=True)
class InterviewClock:
    episode_id: int
    team_id: int
    child_id: int
    found_at: datetime | None
    referred: bool | None
    interviewed: bool          # an interview (held or declined) is on record
    has_carer: bool            # the child has a placement organisation to chase it


def interview_due(found_at: datetime, due_hours: int) -> datetime:
    return found_at + timedelta(hours=due_hours)


def overdue_alert(interview: InterviewClock, *, now: datetime, due_hours: int) -> Alert | None:
    """The chase for a referred interview not recorded in time; None when not (yet) due."""
    if not interview.referred or interview.interviewed or interview.found_at is None:
        return None
    due = interview_due(interview.found_at, due_hours)
    if now < due:
        return None
    # The team's sergeants chase it, placement or not: the clock's alerts are police pages
    # and pushes (alert.view), which a carer can neither hear nor open.
    return Alert(key=f"rhi_overdue:episode:{interview.episode_id}", kind="rhi_overdue",
                 recipients="sergeants", due_at=due,
                 team_id=interview.team_id, child_id=interview.child_id,
                 episode_id=interview.episode_id,
                 message=f"The return home interview was due within {due_hours} hours of the "
                         "child being found and is not recorded.")
