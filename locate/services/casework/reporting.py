"""Reporting a child missing from a phone: a child on file, or one with no profile yet.

With a profile on file the reporter confirms Part 2 only (clothing, where and when last seen,
circumstances) and the initial grade, checked against the grading rule's suggestion from the
child's record (a lower grade needs a written reason, as at grading); who reports defaults to the signed-in user and the report
time to now. With no profile, the minimum a call taker has (name, an age or a date of birth,
sex, a description) makes the child, with a minimal profile, in the same transaction as the
episode. Either way the answer says what the profile lacks (domain/profile_gaps.py), so that
somebody fills it in while officers search.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ... import audit, geo
from ...access import get_child, require
from ...domain.errors import Invalid
from ...domain.permissions import FORCE_WIDE
from ...domain.profile_gaps import birth_date_from_age, profile_gaps
from ...models import Associate, Child, ChildProfile, Organisation, Place, User
from ..profiles.child_profiles import profile_dict
from . import episodes, grading

# A phone's clock runs a little ahead of the server's: "now" on the page is still now.
_CLOCK_SLACK = timedelta(minutes=5)
# Where a carer's organisation is, what placement that is.
_PLACEMENT_OF_ORGANISATION = {"childrens_home": "childrens_home", "foster_agency": "foster_care",
                              "family": "family_home"}


def gaps_for(session, child_id: int) -> list[dict]:
    """What the child's current profile lacks (read inside the caller's transaction)."""
    profile = session.execute(select(ChildProfile).join(
        Child, (Child.id == ChildProfile.child_id)
        & (ChildProfile.version == Child.current_version)).where(Child.id == child_id)
    ).scalar_one()
    associates = session.execute(select(func.count()).where(
        Associate.child_id == child_id)).scalar_one()
    places = session.execute(select(func.count()).where(Place.child_id == child_id)).scalar_one()
    return profile_gaps(profile_dict(profile), associates=associates, places=places)


def _minimal_child(session, *, actor: User, team_id: int | None, first_name: str,
                   last_name: str, sex: str, description: str,
                   date_of_birth: date | None = None, age_years: int | None = None) -> Child:
    """A child with the minimal profile a call gives (flushed, not committed)."""
    if (date_of_birth is None) == (age_years is None):
        raise Invalid("Give the child's date of birth or an approximate age (one of them).",
                      field="child")
    profile = {"placement_type": "other"}
    if actor.role == "partner":
        organisation = session.get(Organisation, actor.organisation_id)
        if organisation is None or organisation.team_id is None:
            raise Invalid("Your organisation has no police team: ask the police to add the "
                          "child.")
        team_id, organisation_id = organisation.team_id, organisation.id
        profile = {"placement_type": _PLACEMENT_OF_ORGANISATION.get(organisation.kind, "other"),
                   "placement_address": organisation.address,
                   "placement_location": organisation.location}
    elif actor.role in FORCE_WIDE:
        if team_id is None:
            raise Invalid("Give the team responsible for the child (team_id).", field="team_id")
        organisation_id = None
    else:
        if team_id not in (None, actor.team_id):
            raise Invalid("Report a new child to your own team; a force-wide role can pick "
                          "another.", field="team_id")
        team_id, organisation_id = actor.team_id, None
    child = Child(reference=f"tmp-{id(profile)}", team_id=team_id,
                  organisation_id=organisation_id, current_version=1)
    session.add(child)
    session.flush()
    child.reference = f"C{child.id:07d}"
    estimated = date_of_birth is None
    born = birth_date_from_age(age_years, date.today()) if estimated else date_of_birth
    session.add(ChildProfile(
        child_id=child.id, version=1, created_by_id=actor.id, first_name=first_name,
        last_name=last_name, date_of_birth=born, date_of_birth_estimated=estimated, sex=sex,
        description=description, vulnerabilities=[], exploitation_indicators=[], phones=[],
        social_media=[], addresses=[], **profile))
    session.flush()
    audit.record(session, user=actor, action="create", entity="child", entity_id=child.id,
                 child_id=child.id, version=1, minimal_profile=True)
    return child


def report(session, *, actor: User, risk: dict, last_seen, last_seen_at: datetime,
           child_id: int | None = None, child: dict | None = None,
           reported_at: datetime | None = None, reported_by_name: str | None = None,
           reported_by_relationship: str | None = None, team_id: int | None = None,
           **part2) -> dict:
    """Open an episode (graded at once) for a child on file or a new minimal child; the
    answer is the episode Feature with `profile_gaps` and `new_child` in its properties."""
    require(actor, "episode.create")
    if (child_id is None) == (child is None):
        raise Invalid("Give child_id for a child on file, or child for a child with no "
                      "profile (one of them).", field="child_id")
    now = datetime.now(UTC)
    if reported_at is None:
        if last_seen_at > now + _CLOCK_SLACK:
            raise Invalid("last_seen_at is in the future.", field="last_seen_at")
        reported_at = max(now, last_seen_at)
    if reported_by_name is None:
        reported_by_name = actor.display_name
        if reported_by_relationship is None:
            reported_by_relationship = "carer" if actor.role == "partner" else "police"
    if child is not None:
        child_id = _minimal_child(session, actor=actor, team_id=team_id, **child).id
    else:
        get_child(session, actor, child_id)  # 404 before anything, for a child out of scope
    gaps = gaps_for(session, child_id)
    risk = grading.opening(session, actor=actor, child_id=child_id, risk=risk, on=reported_at)
    feature = episodes.report_missing(
        session, actor=actor, child_id=child_id, risk=risk, last_seen=last_seen,
        team_id=team_id, last_seen_at=last_seen_at, reported_at=reported_at,
        reported_by_name=reported_by_name, reported_by_relationship=reported_by_relationship,
        **part2)
    feature["properties"]["profile_gaps"] = gaps
    feature["properties"]["new_child"] = child is not None
    return feature


def placement_point(session, child_id: int) -> dict | None:
    """Where the child lives (the report's map starts there), as GeoJSON."""
    location = session.execute(select(ChildProfile.placement_location).join(
        Child, (Child.id == ChildProfile.child_id)
        & (ChildProfile.version == Child.current_version)).where(Child.id == child_id)
    ).scalar_one_or_none()
    return geo.to_geojson(location) if location is not None else None
