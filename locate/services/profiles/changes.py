"""What changed in a child's record since the last time they went missing: the profile
version current when that episode was reported against the current one, and the places and
associates added since. Officers read it first when the child is missing again.

"The last episode" is the most recent one that is not the child's open episode: while the
child is missing, what matters is what carers learned since the previous time, not the edits
made during this search (which the officers saw happen)."""

from __future__ import annotations

from sqlalchemy import select

from ... import audit
from ...access import get_child, require
from ...domain.profile_diff import diff
from ...models import Associate, ChildProfile, Episode, Place, User
from .child_profiles import profile_dict


def _version_at(session, child_id: int, moment) -> ChildProfile:
    """The version that was current at `moment` (the first one if all are later: records
    imported after the episode)."""
    stmt = select(ChildProfile).where(ChildProfile.child_id == child_id)
    row = session.execute(stmt.where(ChildProfile.created_at <= moment)
                          .order_by(ChildProfile.version.desc()).limit(1)).scalar()
    return row or session.execute(stmt.order_by(ChildProfile.version).limit(1)).scalar_one()


def since_last_episode(session, *, actor: User, child_id: int) -> dict:
    """{episode, from_version, to_version, changes, new_places, new_associates}; episode is
    None (and nothing listed) for a child with no earlier episode. Audited."""
    require(actor, "child.view")
    child = get_child(session, actor, child_id)
    last = session.execute(select(Episode).where(Episode.child_id == child.id,
                                                 Episode.status != "open")
                           .order_by(Episode.reported_at.desc()).limit(1)).scalar()
    body = {"child_id": child.id, "episode": None, "from_version": None,
            "to_version": child.current_version, "changes": [], "new_places": [],
            "new_associates": []}
    if last is not None:
        before = _version_at(session, child.id, last.reported_at)
        now = session.execute(select(ChildProfile).where(
            ChildProfile.child_id == child.id,
            ChildProfile.version == child.current_version)).scalar_one()
        places = session.execute(select(Place.id, Place.name, Place.kind).where(
            Place.child_id == child.id, Place.created_at > last.reported_at)
            .order_by(Place.created_at, Place.id)).all()
        people = session.execute(select(Associate.id, Associate.name,
                                        Associate.relationship_to_child).where(
            Associate.child_id == child.id, Associate.created_at > last.reported_at)
            .order_by(Associate.created_at, Associate.id)).all()
        body.update({
            "episode": {"id": last.id, "reference": last.reference,
                        "reported_at": last.reported_at.isoformat()},
            "from_version": before.version,
            "changes": diff(profile_dict(before), profile_dict(now)),
            "new_places": [{"id": i, "name": n, "kind": k} for i, n, k in places],
            "new_associates": [{"id": i, "name": n, "relationship": r}
                               for i, n, r in people]})
    audit.record(session, user=actor, action="view", entity="child_profile_changes",
                 entity_id=child.id, child_id=child.id, from_version=body["from_version"],
                 to_version=body["to_version"])
    session.commit()
    return body
