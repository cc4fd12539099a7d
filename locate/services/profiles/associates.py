"""The child's friends, relatives and associates, with addresses: who to speak to and where."""

from __future__ import annotations

from sqlalchemy import select

from ... import audit, geo
from ...access import get_child, require
from ...domain.errors import Invalid, NotFound
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


def update(session, *, actor: User, child_id: int, associate_id: int, **changes) -> dict:
    """Correct or complete one of the child's associates (a new phone, a concern learned);
    audited as a change to the child with the fields changed. An associate of another child
    is not found, whoever's it is."""
    require(actor, "child.update")
    child = get_child(session, actor, child_id)
    row = session.execute(select(Associate).where(Associate.id == associate_id,
                                                  Associate.child_id == child.id)
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Child {child.id} has no associate {associate_id}.")
    if not changes:
        raise Invalid("Nothing to change: send at least one of the associate's fields.")
    for name, value in changes.items():
        if name == "location":
            value = geo.to_db(value) if value is not None else None
        setattr(row, "relationship_to_child" if name == "relationship" else name, value)
    session.flush()
    audit.record(session, user=actor, action="update", entity="associate", entity_id=row.id,
                 child_id=child.id, fields=sorted(changes))
    session.commit()
    return associate_dict(row)
