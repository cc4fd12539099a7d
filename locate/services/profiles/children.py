"""Children: the list an officer searches, the card they open, and adding a child.

Reading a child's record is audited every time (who, what, when, from where): the card,
the profile versions and the list alike."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select, true

from ... import audit, geo
from ...access import children_scope, get_child, require
from ...domain.errors import Invalid
from ...domain.permissions import FORCE_WIDE
from ...models import Associate, Child, ChildProfile, Episode, Organisation, Team, User
from .child_profiles import PROFILE_FIELDS, profile_dict


def age_on(born: date, today: date) -> int:
    """Whole years between born and today."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def photo_url(photo_id) -> str | None:
    return f"/api/photos/{photo_id}" if photo_id else None


def _current_profile():
    return (Child.id == ChildProfile.child_id) & (ChildProfile.version == Child.current_version)


def list_children(session, *, actor: User, page: int, per_page: int, q: str | None = None,
                  team_id: int | None = None) -> dict:
    """Children the actor may see, open episodes first, then by name; audited once."""
    require(actor, "child.view")
    open_episode = (select(Episode.id, Episode.risk_grade, Episode.reference)
                    .where(Episode.child_id == Child.id, Episode.status == "open")
                    .order_by(Episode.reported_at.desc()).limit(1).lateral())
    stmt = (select(Child, ChildProfile, open_episode.c.id, open_episode.c.risk_grade,
                   open_episode.c.reference)
            .join(ChildProfile, _current_profile())
            .outerjoin(open_episode, true())
            .where(children_scope(actor)))
    if team_id is not None:
        stmt = stmt.where(Child.team_id == team_id)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(ChildProfile.first_name.ilike(like),
                              ChildProfile.last_name.ilike(like),
                              ChildProfile.known_as.ilike(like), Child.reference.ilike(like)))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = session.execute(
        stmt.order_by(open_episode.c.id.is_(None), ChildProfile.last_name,
                      ChildProfile.first_name, Child.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    today = date.today()
    items = [{
        "id": child.id, "reference": child.reference, "team_id": child.team_id,
        "organisation_id": child.organisation_id, "version": child.current_version,
        "name": f"{profile.first_name} {profile.last_name}", "known_as": profile.known_as,
        "age": age_on(profile.date_of_birth, today), "sex": profile.sex,
        "photo_url": photo_url(profile.photo_id), "open_episode_id": episode_id,
        "open_episode_reference": reference, "risk_grade": grade,
    } for child, profile, episode_id, grade, reference in rows]
    audit.record(session, user=actor, action="view", entity="child_list",
                 child_ids=[i["id"] for i in items], count=len(items), query=q)
    session.commit()
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def _episodes(session, child_id: int) -> list[dict]:
    rows = session.execute(select(Episode).where(Episode.child_id == child_id)
                           .order_by(Episode.reported_at.desc())).scalars().all()
    return [{"id": e.id, "reference": e.reference, "status": e.status,
             "risk_grade": e.risk_grade, "team_id": e.team_id,
             "reported_at": e.reported_at.isoformat(),
             "found_at": e.found_at.isoformat() if e.found_at else None,
             "found_place_kind": e.found_place_kind} for e in rows]


def associate_dict(row: Associate) -> dict:
    return {"id": row.id, "name": row.name, "relationship": row.relationship_to_child,
            "age_estimate": row.age_estimate, "phone": row.phone, "address": row.address,
            "location": geo.to_geojson(row.location), "concern": row.concern,
            "notes": row.notes}


def _associates(session, child_id: int) -> list[dict]:
    rows = session.execute(select(Associate).where(Associate.child_id == child_id)
                           .order_by(Associate.name, Associate.id)).scalars().all()
    return [associate_dict(r) for r in rows]


def card(session, *, actor: User, child_id: int) -> dict:
    """The child's record as an officer opens it: current Philomena profile, photo,
    associates, places (a FeatureCollection made in PostGIS) and episodes. Audited."""
    require(actor, "child.view")
    child = get_child(session, actor, child_id)
    profile = session.execute(select(ChildProfile).where(
        ChildProfile.child_id == child.id,
        ChildProfile.version == child.current_version)).scalar_one()
    from .places import child_places_collection

    body = {
        "id": child.id, "reference": child.reference, "team_id": child.team_id,
        "organisation_id": child.organisation_id, "version": child.current_version,
        "updated_at": child.updated_at.isoformat(),
        "age": age_on(profile.date_of_birth, date.today()),
        "photo_url": photo_url(profile.photo_id),
        "profile": profile_dict(profile),
        "associates": _associates(session, child.id),
        "places": child_places_collection(session, child.id),
        "episodes": _episodes(session, child.id),
    }
    audit.record(session, user=actor, action="view", entity="child", entity_id=child.id,
                 child_id=child.id, version=child.current_version)
    session.commit()
    return body


def _check_home(session, actor: User, team_id: int, organisation_id: int | None) -> None:
    if session.get(Team, team_id) is None:
        raise Invalid(f"No team {team_id}.")
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise Invalid(f"No organisation {organisation_id}.")
    if actor.role == "partner" and organisation_id != actor.organisation_id:
        raise Invalid("A partner adds children of their own organisation only.")
    if actor.role not in FORCE_WIDE and actor.role != "partner" and team_id != actor.team_id:
        raise Invalid("Add the child to your own team; a force-wide role can move it.")


def create(session, *, actor: User, team_id: int | None = None,
           organisation_id: int | None = None, **profile) -> dict:
    """A new child with version 1 of the Philomena profile; audited."""
    require(actor, "child.create")
    if actor.role == "partner":
        organisation_id = actor.organisation_id if organisation_id is None else organisation_id
        team_id = team_id or session.execute(select(Organisation.team_id).where(
            Organisation.id == actor.organisation_id)).scalar()
    team_id = team_id or actor.team_id
    if team_id is None:
        raise Invalid("Give the team responsible for the child (team_id).")
    _check_home(session, actor, team_id, organisation_id)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(f"Not profile fields: {', '.join(sorted(unknown))}.")
    child = Child(reference=f"tmp-{id(profile)}", team_id=team_id,
                  organisation_id=organisation_id, current_version=1)
    session.add(child)
    session.flush()
    child.reference = f"C{child.id:07d}"
    if "placement_location" in profile and profile["placement_location"] is not None:
        profile["placement_location"] = geo.to_db(profile["placement_location"])
    session.add(ChildProfile(child_id=child.id, version=1, created_by_id=actor.id, **profile))
    audit.record(session, user=actor, action="create", entity="child", entity_id=child.id,
                 child_id=child.id, version=1)
    session.flush()
    return card(session, actor=actor, child_id=child.id)

