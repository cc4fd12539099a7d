"""Transfer of placement: the child, with the Philomena profile and its history, moves to
another organisation. From the commit on, the old organisation's carers no longer see the
child, its episodes or its places: every partner scope reads Child.organisation_id
(access.py), so moving that one column moves them all.

Who is told, live. child.transferred goes to everyone who may read the child after the move
(the receiving organisation's carers, its new team, any team with an episode of it, force-wide
readers); child.left to the organisation and team it left. Neither names the child nor gives
the reason: the transfer's ids and time only, so hearing one is no consultation of a child's
record (services/feed.py audits event lists by the child ids they carry), and the pages read
afresh what changed (an audited view, justified as ever)."""

from __future__ import annotations

from sqlalchemy import select

from ... import audit
from ...access import child_left_audience, child_transfer_audience, get_child, require
from ...domain.errors import Invalid
from ...live import events
from ...models import ChildProfile, ChildTransfer, Organisation, User


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
    events.record(session, type="child.transferred", actor_id=actor.id, team_id=row.to_team_id,
                  audience=child_transfer_audience(session, child),
                  payload=transferred_payload(row))
    events.record(session, type="child.left", actor_id=actor.id, team_id=row.from_team_id,
                  audience=child_left_audience(row),
                  payload={"from_organisation_id": row.from_organisation_id,
                           "from_team_id": row.from_team_id, "at": row.at.isoformat()})
    session.commit()
    return transfer_dict(row)


def transferred_payload(row: ChildTransfer) -> dict:
    """The transfer without the child or its reason: the reason can name what the child is at
    risk from, and stays in the audited record (the audit row, the child_transfers row)."""
    return {"transfer_id": row.id,
            "from_organisation_id": row.from_organisation_id,
            "to_organisation_id": row.to_organisation_id, "from_team_id": row.from_team_id,
            "to_team_id": row.to_team_id, "at": row.at.isoformat()}


def targets(session, *, actor: User, child_id: int) -> dict:
    """What the "Placement is changing" page needs: the child's name and current placement,
    and every other organisation it can move to, by name alone (no address or phone: a
    sending carer learns nothing about another provider). Audited as a view of the child."""
    require(actor, "child.transfer")
    child = get_child(session, actor, child_id)
    current = session.get(Organisation, child.organisation_id) if child.organisation_id \
        else None
    first, last = session.execute(select(ChildProfile.first_name, ChildProfile.last_name).where(
        ChildProfile.child_id == child.id,
        ChildProfile.version == child.current_version)).one()
    rows = session.execute(select(Organisation.id, Organisation.name)
                           .where(Organisation.id != (child.organisation_id or 0))
                           .order_by(Organisation.name, Organisation.id)).all()
    audit.record(session, user=actor, action="view", entity="child_transfer_page",
                 entity_id=child.id, child_id=child.id)
    session.commit()
    return {"child": {"id": child.id, "reference": child.reference, "name": f"{first} {last}",
                      "organisation": current.name if current else None},
            "organisations": [{"id": i, "name": n} for i, n in rows]}



def left_notice(session, *, actor: User, transfer_id: int) -> dict | None:
    """What the sending organisation's carers are told after a move: where to and when, and
    nothing of the child, whose record they can no longer read. None unless the transfer
    took a child away from the actor's own organisation."""
    row = session.get(ChildTransfer, transfer_id) if 0 < transfer_id < 2**31 else None
    if row is None or actor.organisation_id is None \
            or row.from_organisation_id != actor.organisation_id:
        return None
    return {"to": session.get(Organisation, row.to_organisation_id).name,
            "at": row.at.isoformat()}
