"""When a carer's escalation goes up: not decided by the duty inspector within the force's
ESCALATION_DECIDE_MINUTES of being raised, it goes to a senior officer (a chief inspector or
superintendent on duty: the admin role, docs/decisions.md "Escalations"). Pure: the review clock
calls services/escalations/timing.py's due_alerts, which feeds this rule the records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .alerts import Alert


@dataclass(frozen=True)
class EscalationClock:
    """What the rule needs of one escalation."""

    id: int
    team_id: int
    child_id: int
    episode_id: int | None
    direction: str
    status: str
    level: str
    raised_at: datetime


def decide_by(raised_at: datetime, decide_minutes: int) -> datetime:
    """When the duty inspector's decision is due."""
    return raised_at + timedelta(minutes=decide_minutes)


def unanswered_alert(escalation: EscalationClock, *, now: datetime,
                     decide_minutes: int) -> Alert | None:
    """The alert that sends a still-open carer's escalation up, once it is due; else None.
    Police concerns about a placement are answered by the placement, not sent up in the police."""
    if escalation.direction != "carer_to_police" or escalation.status == "resolved":
        return None
    if escalation.level != "duty_inspector":
        return None  # already with a senior officer
    due = decide_by(escalation.raised_at, decide_minutes)
    if now < due:
        return None
    return Alert(key=f"escalation_unanswered:escalation:{escalation.id}",
                 kind="escalation_unanswered", recipients="senior_officer", due_at=due,
                 team_id=escalation.team_id, child_id=escalation.child_id,
                 episode_id=escalation.episode_id, escalation_id=escalation.id,
                 message=(f"A carer's escalation was not decided within {decide_minutes} "
                          "minutes: it is yours to decide."))
