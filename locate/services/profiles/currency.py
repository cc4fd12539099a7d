"""How current each profile is, for the carers who keep them: the list of an organisation's
children with what needs doing, and the confirmation that a profile is still right.

Both are audited: the list as a view of the children on it, a confirmation as a change."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import func, select, true

from ... import audit
from ...access import children_scope, get_child, require
from ...domain import profile_currency
from ...domain.errors import Conflict
from ...models import Child, ChildProfile, Episode, Photo, User
from .children import age_on, photo_url


def _limits() -> dict:
    return {"photo_max_days": current_app.config["PROFILE_PHOTO_MAX_DAYS"],
            "confirm_max_days": current_app.config["PROFILE_CONFIRM_MAX_DAYS"]}


def currency_of(*, now: datetime, photo_at: datetime | None, confirmed_at: datetime | None,
                version_at: datetime) -> dict:
    """The rule applied to one child; a version saved after the last confirmation (or a
    record older than confirmations) counts as one."""
    confirmed = max(t for t in (confirmed_at, version_at) if t is not None)
    limits = _limits()
    body = profile_currency.assess(now=now, photo_at=photo_at, confirmed_at=confirmed,
                                   **limits).as_dict(**limits)
    body.update({"photo_at": photo_at.isoformat() if photo_at else None,
                 "confirmed_at": confirmed.isoformat()})
    return body


def carer_children(session, *, actor: User, page: int, per_page: int) -> dict:
    """The children the actor may see (a carer: their organisation's), by name, each with
    how current the profile is and the open episode if any; audited once."""
    require(actor, "child.view")
    open_episode = (select(Episode.id, Episode.reference, Episode.risk_grade)
                    .where(Episode.child_id == Child.id, Episode.status == "open")
                    .order_by(Episode.reported_at.desc()).limit(1).lateral())
    stmt = (select(Child, ChildProfile, Photo.created_at, open_episode.c.id,
                   open_episode.c.reference, open_episode.c.risk_grade)
            .join(ChildProfile, (ChildProfile.child_id == Child.id)
                  & (ChildProfile.version == Child.current_version))
            .outerjoin(Photo, Photo.id == ChildProfile.photo_id)
            .outerjoin(open_episode, true())
            .where(children_scope(actor)))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = session.execute(stmt.order_by(ChildProfile.last_name, ChildProfile.first_name,
                                         Child.id)
                           .limit(per_page).offset((page - 1) * per_page)).all()
    now, today = datetime.now(UTC), date.today()
    items = [{
        "id": child.id, "reference": child.reference, "version": child.current_version,
        "name": f"{profile.first_name} {profile.last_name}", "known_as": profile.known_as,
        "age": age_on(profile.date_of_birth, today), "photo_url": photo_url(profile.photo_id),
        "open_episode": ({"id": episode_id, "reference": reference, "risk_grade": grade}
                         if episode_id else None),
        "currency": currency_of(now=now, photo_at=photo_at,
                                confirmed_at=child.profile_confirmed_at,
                                version_at=profile.created_at),
        "edit_url": f"/carer/children/{child.id}",
        # The report-missing flow (another page of issue 10) opens with this child picked.
        "report_url": f"/report?child={child.id}",
    } for child, profile, photo_at, episode_id, reference, grade in rows]
    audit.record(session, user=actor, action="view", entity="carer_child_list",
                 child_ids=[i["id"] for i in items], count=len(items))
    session.commit()
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            **_limits()}


def confirm(session, *, actor: User, child_id: int, version: int) -> dict:
    """The carer says the profile (the version they read) is still right; audited."""
    require(actor, "child.update")
    child = get_child(session, actor, child_id)
    session.refresh(child, with_for_update=True)
    if version != child.current_version:
        raise Conflict(f"This profile changed since you opened it (now version "
                       f"{child.current_version}, you read {version}): read it again "
                       f"before confirming.", current_version=child.current_version)
    child.profile_confirmed_at, child.profile_confirmed_by_id = datetime.now(UTC), actor.id
    profile, photo_at = session.execute(
        select(ChildProfile, Photo.created_at)
        .outerjoin(Photo, Photo.id == ChildProfile.photo_id)
        .where(ChildProfile.child_id == child.id,
               ChildProfile.version == child.current_version)).one()
    audit.record(session, user=actor, action="update", entity="child_profile_confirmation",
                 entity_id=child.id, child_id=child.id, version=version)
    session.commit()
    return {"child_id": child.id, "version": child.current_version,
            "confirmed_by_id": actor.id,
            "currency": currency_of(now=child.profile_confirmed_at, photo_at=photo_at,
                                    confirmed_at=child.profile_confirmed_at,
                                    version_at=profile.created_at)}
