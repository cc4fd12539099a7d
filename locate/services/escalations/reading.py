"""Read escalations within the caller's scope (a carer: their organisation's), audited."""

from __future__ import annotations

from sqlalchemy import select

from ... import audit
from ...access import escalations_scope, get_episode, get_escalation, require
from ...models import Child, ChildProfile, Escalation, User
from .records import escalation_dict


def _child_name(session, child_id: int) -> str | None:
    row = session.execute(
        select(ChildProfile.known_as, ChildProfile.first_name, ChildProfile.last_name)
        .join(Child, (Child.id == ChildProfile.child_id)
              & (ChildProfile.version == Child.current_version))
        .where(Child.id == child_id)).one_or_none()
    return f"{row[0] or row[1]} {row[2]}" if row else None


def get_one(session, *, actor: User, escalation_id: int) -> dict:
    """One escalation with its whole timeline; 404 outside the caller's scope."""
    require(actor, "escalation.view")
    row = get_escalation(session, actor, escalation_id)
    result = escalation_dict(session, row)
    result["child_name"] = _child_name(session, row.child_id)
    audit.record(session, user=actor, action="view", entity="escalation", entity_id=row.id,
                 child_id=row.child_id)
    session.commit()
    return result


def list_visible(session, *, actor: User, status: str | None = None,
                 episode_id: int | None = None) -> list[dict]:
    """Escalations the caller may see, newest first (an episode's, when asked)."""
    require(actor, "escalation.view")
    stmt = select(Escalation).where(escalations_scope(actor))
    if episode_id is not None:
        get_episode(session, actor, episode_id)  # 404 for an episode out of scope
        stmt = stmt.where(Escalation.episode_id == episode_id)
    if status:
        stmt = stmt.where(Escalation.status == status)
    rows = session.execute(stmt.order_by(Escalation.raised_at.desc(), Escalation.id.desc())
                           .limit(200)).scalars().all()
    items = [escalation_dict(session, r) for r in rows]
    audit.record(session, user=actor, action="view", entity="escalation_list",
                 escalation_ids=[r.id for r in rows], count=len(rows))
    session.commit()
    return items
