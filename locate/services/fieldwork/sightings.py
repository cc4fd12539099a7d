"""Sightings: record one (a phone's resend is harmless), list them on the map, read one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import insert

from ... import audit, geo
from ...access import episode_audience, episodes_scope, get_episode, get_visible, require
from ...domain.audience import addressed_keys
from ...domain.errors import Conflict, Forbidden, Invalid
from ...domain.task_rules import ACTIVE
from ...live import events
from ...models import Episode, Sighting, Task, User
from .. import geojson
from .officers import STALE_FIX_SECONDS

FUTURE_SLACK = timedelta(minutes=5)
BEFORE_LAST_SEEN = timedelta(days=1)

_PROPS = {
    "episode_id": Sighting.episode_id, "client_id": Sighting.client_id,
    "observed_at": Sighting.observed_at, "accuracy_m": Sighting.accuracy_m,
    "source": Sighting.source, "confidence": Sighting.confidence,
    "description": Sighting.description, "recorded_by_id": Sighting.recorded_by_id,
    "recorded_at": Sighting.recorded_at,
    # null when there is none (|| with null is null); served by api/photos with access checks
    "photo_url": literal("/api/photos/") + cast(Sighting.photo_id, Text),
}


def sighting_feature(session, sighting_id: int) -> dict:
    """One sighting as a GeoJSON Feature."""
    return geojson.one_feature(session, select(Sighting.id).where(Sighting.id == sighting_id),
                               geom=Sighting.geom, id_col=Sighting.id, props=_PROPS)


def record(session, *, actor: User, episode_id: int, client_id, observed_at: datetime,
           location, source: str, confidence: str, accuracy_m: float | None = None,
           description: str | None = None) -> tuple[dict, bool]:
    """Record a sighting; the same client_id again returns the first one, created False."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "sighting.create")
    if actor.role == "partner" and source != "carer":
        raise Forbidden("Carers record sightings with source 'carer'.")
    existing = session.execute(select(Sighting).where(Sighting.client_id == client_id)
                               ).scalar_one_or_none()
    if existing is None:
        now = datetime.now(UTC)
        if observed_at > now + FUTURE_SLACK:
            raise Invalid("observed_at is in the future: check the phone's clock.")
        if observed_at < episode.last_seen_at - BEFORE_LAST_SEEN:
            raise Invalid("observed_at is more than a day before the child was last seen: "
                          "this sighting belongs to another episode.")
        new_id = session.execute(
            insert(Sighting).values(
                client_id=client_id, episode_id=episode.id, observed_at=observed_at,
                geom=geo.to_db(location), accuracy_m=accuracy_m, source=source,
                confidence=confidence, description=description, recorded_by_id=actor.id,
                recorded_at=now)
            .on_conflict_do_nothing(index_elements=["client_id"]).returning(Sighting.id)
        ).scalar_one_or_none()
        if new_id is not None:
            feature = sighting_feature(session, new_id)
            events.record(session, type="sighting.created", payload=feature,
                          audience=episode_audience(session, episode, "sighting"),
                          team_id=episode.team_id, episode_id=episode.id, actor_id=actor.id)
            _tell_officers_nearby(session, actor=actor, episode=episode, sighting_id=new_id,
                                  feature=feature)
            audit.record(session, user=actor, action="create", entity="sighting",
                         entity_id=new_id, child_id=episode.child_id)
            session.commit()
            return feature, True
        # A concurrent send of the same client_id won the insert: answer with its row.
        existing = session.execute(select(Sighting).where(Sighting.client_id == client_id)
                                   ).scalar_one()
    if existing.episode_id != episode.id:
        session.rollback()
        raise Conflict("This client_id was already used for a sighting on another episode.")
    audit.record(session, user=actor, action="view", entity="sighting", entity_id=existing.id,
                 child_id=episode.child_id, resend=True)
    session.commit()
    return sighting_feature(session, existing.id), False


def officers_near(session, *, episode_id: int, sighting_id: int, within_m: float,
                  exclude_user_id: int | None) -> list[tuple[int, int, float]]:
    """(user id, task id, metres) for on-duty officers holding an active task on the episode
    whose fresh position is within `within_m` of the sighting: the ones to wake."""
    fresh = func.now() - timedelta(seconds=STALE_FIX_SECONDS)
    here = select(Sighting.geom).where(Sighting.id == sighting_id).scalar_subquery()
    distance = func.ST_Distance(func.geography(User.position), func.geography(here))
    rows = session.execute(
        select(User.id, func.min(Task.id), func.min(distance))
        .join(Task, Task.assignee_user_id == User.id)
        .where(Task.episode_id == episode_id, Task.status.in_(ACTIVE),
               User.on_duty.is_(True), User.active.is_(True), User.position_at >= fresh,
               func.ST_DWithin(func.geography(User.position), func.geography(here), within_m),
               User.id != (exclude_user_id or -1))
        .group_by(User.id).order_by(User.id)).all()
    return [(user_id, task_id, round(metres)) for user_id, task_id, metres in rows]


def _tell_officers_nearby(session, *, actor: User, episode: Episode, sighting_id: int,
                          feature: dict) -> None:
    """One sighting.near event per officer to wake (pushed to their phone by events.py)."""
    within = current_app.config["SIGHTING_NEAR_METRES"]
    for user_id, task_id, metres in officers_near(session, episode_id=episode.id,
                                                  sighting_id=sighting_id, within_m=within,
                                                  exclude_user_id=actor.id):
        # Personal: to the officer's own room only (no team or episode room), so that the
        # rest of the team does not hear of another officer's position.
        events.record(session, type="sighting.near", actor_id=actor.id, user_ids=[user_id],
                      audience=addressed_keys("sighting", [user_id]),
                      payload={"sighting": feature, "task_id": task_id,
                               "distance_m": metres})


def get(session, *, actor: User, sighting_id: int) -> dict:
    """One sighting of a visible episode; audited."""
    row = get_visible(session, Sighting, sighting_id,
                      Sighting.episode_id.in_(select(Episode.id).where(episodes_scope(actor))))
    child_id = session.get(Episode, row.episode_id).child_id
    audit.record(session, user=actor, action="view", entity="sighting", entity_id=row.id,
                 child_id=child_id, episode_id=row.episode_id)
    session.commit()
    return sighting_feature(session, row.id)


def list_text(session, *, actor: User, page: int, per_page: int, bbox=None, since=None,
              until=None, episode_id: int | None = None) -> str:
    """Visible sightings as FeatureCollection text, newest first; audited once."""
    child_id = None
    if episode_id is not None:
        child_id = get_episode(session, actor, episode_id).child_id
    stmt = select(Sighting.id).join(Episode, Episode.id == Sighting.episode_id).where(
        episodes_scope(actor))
    if episode_id is not None:
        stmt = stmt.where(Sighting.episode_id == episode_id)
    order = (Sighting.observed_at.desc(), Sighting.id.desc())
    stmt = geojson.filtered(stmt, geom=Sighting.geom, time_col=Sighting.observed_at, bbox=bbox,
                            since=since, until=until)
    result = geojson.page_text(session, stmt, geom=Sighting.geom, id_col=Sighting.id,
                               props=_PROPS, order=order, page=page, per_page=per_page)
    audit.record(session, user=actor, action="view", entity="sighting_list", child_id=child_id,
                 sighting_ids=result.ids, count=len(result.ids))
    session.commit()
    return result.text
