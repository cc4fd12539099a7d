"""What the review clock (locate/clock/) calls for escalations.

due_alerts finds every carer's escalation the duty inspector has not decided in time (the pure
rule is domain/escalation_timing.py). When the clock fires one, it calls escalate_up in the
same transaction: the escalation moves to a senior officer, a step is written on its timeline,
and escalation.escalated tells the senior officers. escalate_up never commits (the clock does),
and does nothing for an escalation already sent up or decided, so firing twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ... import audit
from ...access import escalation_audience
from ...domain.alerts import Alert
from ...domain.escalation_timing import EscalationClock, unanswered_alert
from ...live import events
from ...models import Escalation
from ..accounts.duty import senior_officers
from .records import add_step, escalation_dict


def due_alerts(session, *, now: datetime, config) -> list[Alert]:
    """Alerts for carers' escalations still with the duty inspector past their decide-by time."""
    rows = session.execute(
        select(Escalation.id, Escalation.team_id, Escalation.child_id, Escalation.episode_id,
               Escalation.direction, Escalation.status, Escalation.level, Escalation.raised_at)
        .where(Escalation.direction == "carer_to_police", Escalation.status != "resolved",
               Escalation.level == "duty_inspector")
        .order_by(Escalation.raised_at)).all()
    minutes = config["ESCALATION_DECIDE_MINUTES"]
    alerts = (unanswered_alert(EscalationClock(*r), now=now, decide_minutes=minutes)
              for r in rows)
    return [a for a in alerts if a is not None]


def escalate_up(session, *, escalation_id: int, at: datetime) -> dict | None:
    """Send an undecided escalation up to the senior officers (no commit: the clock's
    transaction). None when it was already sent up or decided."""
    row = session.execute(select(Escalation).where(Escalation.id == escalation_id)
                          .with_for_update()).scalar_one()
    if row.status == "resolved" or row.level != "duty_inspector":
        return None
    row.level = "senior"
    seniors = [u.id for u in senior_officers(session)]
    add_step(session, escalation=row, step="escalated", at=at, user_ids=seniors,
             note="Not decided in time: sent up to a senior officer.")
    payload = {"escalation": escalation_dict(session, row)}
    events.record(session, type="escalation.escalated", payload=payload, team_id=row.team_id,
                  audience=escalation_audience(row), episode_id=row.episode_id,
                  user_ids=seniors)
    audit.record(session, user=None, username="review-clock", action="update",
                 entity="escalation", entity_id=row.id, child_id=row.child_id,
                 change="escalated", told=seniors)
    return payload["escalation"]
