"""Record the decision on an escalation, with its reasons; the person who raised it hears it
live and by push, and it is a step on the escalation's timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from ... import audit
from ...access import escalation_audience, get_escalation
from ...domain.escalation_rules import check_may_decide
from ...live import events
from ...models import User
from .records import add_step, escalation_dict


def decide(session, *, actor: User, escalation_id: int, outcome: str, reasons: str) -> dict:
    row = get_escalation(session, actor, escalation_id)
    check_may_decide(role=actor.role, direction=row.direction, level=row.level,
                     status=row.status)
    now = datetime.now(UTC)
    row.status, row.outcome, row.response = "resolved", outcome, reasons
    row.decided_by_id, row.resolved_at = actor.id, now
    session.flush()
    add_step(session, escalation=row, step="decided", at=now, actor_id=actor.id,
             user_ids=[row.raised_by_id], note=outcome)
    payload = {"escalation": escalation_dict(session, row)}
    events.record(session, type="escalation.decided", payload=payload, team_id=row.team_id,
                  audience=escalation_audience(row), episode_id=row.episode_id,
                  actor_id=actor.id, user_ids=[row.raised_by_id])
    audit.record(session, user=actor, action="update", entity="escalation", entity_id=row.id,
                 child_id=row.child_id, change="decided", outcome=outcome)
    session.commit()
    return payload["escalation"]
