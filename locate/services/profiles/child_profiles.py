"""The Philomena Part 1 profile: versions that never change once written.

An edit names the version it was made against; a stale edit is refused (409) so that two
carers updating the same child cannot silently overwrite each other. Each edit writes a new
version and every earlier one stays readable."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ... import audit, geo
from ...access import child_audience, get_child, require
from ...domain.errors import Conflict, Invalid, NotFound
from ...live import events
from ...models import Child, ChildProfile, User

PROFILE_FIELDS = (
    "first_name", "last_name", "known_as", "date_of_birth", "sex", "ethnicity", "height_cm",
    "build", "hair", "eyes", "distinguishing_features", "description", "placement_type",
    "placement_address", "placement_location", "placement_since",
    "responsible_local_authority", "vulnerabilities", "exploitation_indicators",
    "medical_needs", "phones", "social_media", "addresses", "transport_used",
    "missing_history",
)
_COPIED = PROFILE_FIELDS + ("photo_id", "date_of_birth_estimated")


def profile_dict(row: ChildProfile) -> dict:
    """One profile version as plain JSON values."""
    out = {}
    for name in PROFILE_FIELDS:
        value = getattr(row, name)
        if name == "placement_location":
            value = geo.to_geojson(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[name] = value
    out.update({"version": row.version, "photo_url": (f"/api/photos/{row.photo_id}"
                                                       if row.photo_id else None),
                "created_by_id": row.created_by_id, "created_at": row.created_at.isoformat(),
                "date_of_birth_estimated": bool(row.date_of_birth_estimated)})
    return out


def versions(session, *, actor: User, child_id: int) -> dict:
    """Every version of the child's profile, newest first; audited."""
    require(actor, "child.view")
    child = get_child(session, actor, child_id)
    rows = session.execute(select(ChildProfile).where(ChildProfile.child_id == child.id)
                           .order_by(ChildProfile.version.desc())).scalars().all()
    audit.record(session, user=actor, action="view", entity="child_profile_versions",
                 entity_id=child.id, child_id=child.id, count=len(rows))
    session.commit()
    return {"child_id": child.id, "current_version": child.current_version,
            "versions": [profile_dict(r) for r in rows]}


def version(session, *, actor: User, child_id: int, number: int) -> dict:
    """One earlier (or the current) version; audited."""
    require(actor, "child.view")
    child = get_child(session, actor, child_id)
    row = session.execute(select(ChildProfile).where(ChildProfile.child_id == child.id,
                                                     ChildProfile.version == number)
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Child {child.id} has no profile version {number} "
                       f"(versions 1 to {child.current_version}).")
    audit.record(session, user=actor, action="view", entity="child_profile",
                 entity_id=child.id, child_id=child.id, version=number)
    session.commit()
    return profile_dict(row)


def add_version(session, *, actor: User, child: Child, expected_version: int,
                changes: dict, reason: str) -> ChildProfile:
    """Write the next version: the current one with `changes` applied (no commit).
    Locks the child row so two concurrent edits cannot both become version n+1."""
    session.refresh(child, with_for_update=True)
    if expected_version != child.current_version:
        raise Conflict(f"This profile changed since you opened it (now version "
                       f"{child.current_version}, you edited {expected_version}): reload "
                       f"and apply your change again.", current_version=child.current_version)
    current = session.execute(select(ChildProfile).where(
        ChildProfile.child_id == child.id,
        ChildProfile.version == child.current_version)).scalar_one()
    values = {name: getattr(current, name) for name in _COPIED}
    if "placement_location" in changes and changes["placement_location"] is not None:
        changes = {**changes, "placement_location": geo.to_db(changes["placement_location"])}
    values.update(changes)
    if "date_of_birth" in changes:  # a date given now is the real one, not the estimate
        values["date_of_birth_estimated"] = False
    row = ChildProfile(child_id=child.id, version=child.current_version + 1,
                       created_by_id=actor.id, **values)
    session.add(row)
    child.current_version = row.version
    child.updated_at = datetime.now(UTC)
    # Saving says the profile is right as saved: it counts as a confirmation (currency.py).
    child.profile_confirmed_at, child.profile_confirmed_by_id = child.updated_at, actor.id
    session.flush()
    # The event names the child and version only: reading the profile itself stays an
    # audited view (GET /api/children/<id>), never a broadcast.
    events.record(session, type="child.updated", actor_id=actor.id, team_id=child.team_id,
                  audience=child_audience(session, child),
                  payload={"child_id": child.id, "version": row.version,
                           "photo_url": (f"/api/photos/{row.photo_id}" if row.photo_id
                                         else None), "reason": reason})
    audit.record(session, user=actor, action="update", entity="child", entity_id=child.id,
                 child_id=child.id, version=row.version, reason=reason,
                 fields=sorted(changes))
    return row


def update(session, *, actor: User, child_id: int, version: int, **changes) -> dict:
    """Edit the profile against the version the editor saw; answers the new card."""
    require(actor, "child.update")
    child = get_child(session, actor, child_id)
    if not changes:
        raise Invalid("Nothing to change: send at least one profile field with the version.")
    add_version(session, actor=actor, child=child, expected_version=version, changes=changes,
                reason="edit")
    session.commit()
    from .children import card

    return card(session, actor=actor, child_id=child.id)
