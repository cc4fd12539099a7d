"""Sightings: record one (a phone's resend is harmless), list them on the map, read one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from .. import audit, events, geo
from ..access import episodes_scope, get_episode, get_visible, require
from ..domain.errors import Conflict, Forbidden, Invalid
from ..models import Episode, Sighting, User
from . import geojson

FUTURE_SLACK = timedelta(minutes=5)
BEFORE_LAST_SEEN = timedelta(days=1)

_PROPS = {
    "episode_id": Sighting.episode_id, "client_id": Sighting.client_id,
    "observed_at": Sighting.observed_at, "accuracy_m": Sighting.accuracy_m,
    "source": Sighting.source, "confidence": Sighting.confidence,
    "description": Sighting.description, "recorded_by_id": Sighting.recorded_by_id,
    "recorded_at": Sighting.recorded_at,
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
                          team_id=episode.team_id, episode_id=episode.id, actor_id=actor.id)
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


def get(session, *, actor: User, sighting_id: int) -> dict:
    """One sighting of a visible episode; audited."""
    row = get_visible(session, Sighting, sighting_id,
                      Sighting.episode_id.in_(select(Episode.id).where(episodes_scope(actor))))
    child_id = session.get(Episode, row.episode_id).child_id
    audit.record(session, user=actor, action="view", entity="sighting", entity_id=row.id,
                 child_id=child_id)
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
