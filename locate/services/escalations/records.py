"""An escalation as plain JSON values, and the steps of its timeline."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ...domain.escalation_timing import decide_by
from ...models import Episode, Escalation, EscalationStep, User


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def add_step(session, *, escalation: Escalation, step: str, at: datetime,
             actor_id: int | None = None, user_ids=(), note: str | None = None) -> EscalationStep:
    row = EscalationStep(escalation_id=escalation.id, step=step, at=at, actor_id=actor_id,
                         user_ids=sorted(set(user_ids)), note=note)
    session.add(row)
    session.flush()
    return row


def _names(session, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def escalation_dict(session, row: Escalation) -> dict:
    """The full current representation (answers and event payloads carry the same)."""
    steps = session.execute(select(EscalationStep).where(EscalationStep.escalation_id == row.id)
                            .order_by(EscalationStep.at, EscalationStep.id)).scalars().all()
    names = _names(session, {row.raised_by_id, row.decided_by_id}
                   | {s.actor_id for s in steps} | {u for s in steps for u in s.user_ids})
    reference = None
    if row.episode_id:
        reference = session.execute(select(Episode.reference)
                                    .where(Episode.id == row.episode_id)).scalar_one()
    due = (decide_by(row.raised_at, current_app.config["ESCALATION_DECIDE_MINUTES"])
           if row.direction == "carer_to_police" and row.status != "resolved" else None)
    return {
        "id": row.id, "episode_id": row.episode_id, "episode_reference": reference,
        "child_id": row.child_id, "team_id": row.team_id, "organisation_id": row.organisation_id,
        "direction": row.direction, "subject": row.subject, "reason": row.reason,
        "risk_assessment_id": row.risk_assessment_id, "status": row.status, "level": row.level,
        "raised_by_id": row.raised_by_id, "raised_by_name": names.get(row.raised_by_id),
        "raised_at": _iso(row.raised_at), "decide_by": _iso(due),
        "outcome": row.outcome, "response": row.response, "decided_by_id": row.decided_by_id,
        "decided_by_name": names.get(row.decided_by_id), "resolved_at": _iso(row.resolved_at),
        "steps": [{"step": s.step, "at": _iso(s.at), "actor_id": s.actor_id,
                   "actor_name": names.get(s.actor_id), "note": s.note,
                   "told": [{"id": u, "name": names.get(u)} for u in s.user_ids]}
                  for s in steps],
    }
