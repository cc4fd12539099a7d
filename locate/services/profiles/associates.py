"""The child's friends, relatives and associates, with addresses: who to speak to and where."""

from __future__ import annotations

from sqlalchemy import select

from ... import audit, geo
from ...access import get_child, require
from ...models import Associate, User
from .children import associate_dict


def for_child(session, *, actor: User, child_id: int) -> dict:
    require(actor, "child.view")
    child = get_child(session, actor, child_id)
    rows = session.execute(select(Associate).where(Associate.child_id == child.id)
                           .order_by(Associate.name, Associate.id)).scalars().all()
    audit.record(session, user=actor, action="view", entity="associate_list",
                 child_id=child.id, count=len(rows))
    session.commit()
    return {"child_id": child.id, "items": [associate_dict(r) for r in rows]}


def add(session, *, actor: User, child_id: int, name: str, relationship: str,
        location=None, **fields) -> dict:
    """Add an associate to the child's record; audited as a change to the child."""
    require(actor, "child.update")
    child = get_child(session, actor, child_id)
    row = Associate(child_id=child.id, name=name, relationship_to_child=relationship,
                    location=geo.to_db(location) if location is not None else None, **fields)
    session.add(row)
    session.flush()
    audit.record(session, user=actor, action="create", entity="associate", entity_id=row.id,
                 child_id=child.id)
    session.commit()
    return associate_dict(row)
