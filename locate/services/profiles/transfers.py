"""Transfer of placement: the child, with the Philomena profile and its history, moves to
another organisation. From the commit on, the old organisation's carers no longer see the
child, its episodes or its places: every partner scope reads Child.organisation_id
(access.py), so moving that one column moves them all."""

from __future__ import annotations

from ... import audit
from ...access import get_child, require
from ...domain.errors import Invalid
from ...models import ChildTransfer, Organisation, User


def transfer_dict(row: ChildTransfer) -> dict:
    return {"id": row.id, "child_id": row.child_id,
            "from_organisation_id": row.from_organisation_id,
            "to_organisation_id": row.to_organisation_id, "from_team_id": row.from_team_id,
            "to_team_id": row.to_team_id, "by_id": row.by_id, "at": row.at.isoformat(),
            "reason": row.reason}


def transfer(session, *, actor: User, child_id: int, organisation_id: int,
             reason: str) -> dict:
    """Move the child to organisation_id; the LOCATE team follows the new placement's area
    when the receiving organisation has one. Audited; answers the transfer record (the
    sending carer can no longer read the card)."""
    require(actor, "child.transfer")
    child = get_child(session, actor, child_id)
    session.refresh(child, with_for_update=True)
    receiving = session.get(Organisation, organisation_id)
    if receiving is None:
        raise Invalid(f"No organisation {organisation_id}.", field="organisation_id")
    if receiving.id == child.organisation_id:
        raise Invalid("The child is already placed with that organisation.",
                      field="organisation_id")
    row = ChildTransfer(child_id=child.id, from_organisation_id=child.organisation_id,
                        to_organisation_id=receiving.id, from_team_id=child.team_id,
                        to_team_id=receiving.team_id or child.team_id, by_id=actor.id,
                        reason=reason)
    session.add(row)
    child.organisation_id, child.team_id = row.to_organisation_id, row.to_team_id
    session.flush()
    audit.record(session, user=actor, action="update", entity="child_transfer",
                 entity_id=row.id, child_id=child.id,
                 from_organisation_id=row.from_organisation_id,
                 to_organisation_id=row.to_organisation_id, from_team_id=row.from_team_id,
                 to_team_id=row.to_team_id, reason=reason)
    session.commit()
    return transfer_dict(row)

