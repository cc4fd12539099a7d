"""Places a child frequents: on the card, on the sergeant's map, and added as they are
learned (Philomena form, return home interview, where found, intelligence)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from ... import audit, geo
from ...access import child_audience, children_scope, get_child, require
from ...domain.errors import Invalid
from ...live import events
from ...models import Associate, Child, Episode, Place, User
from .. import geojson

_PROPS = {
    "child_id": Place.child_id, "kind": Place.kind, "name": Place.name,
    "address": Place.address, "source": Place.source, "notes": Place.notes,
    "associate_id": Place.associate_id, "episode_id": Place.episode_id,
    "created_at": Place.created_at, "last_confirmed_at": Place.last_confirmed_at,
    # How often the child was found here: the coordinator's "check these first".
    "times_found_here": select(func.count()).where(
        Episode.child_id == Place.child_id, Episode.found_geom.is_not(None),
        func.ST_DWithin(func.geography(Episode.found_geom), func.geography(
            func.ST_PointOnSurface(Place.geom)), 100)).scalar_subquery(),
}
_ORDER = (Place.created_at.desc(), Place.id.desc())


def child_places_collection(session, child_id: int) -> dict:
    """The child's places as a FeatureCollection (no audit: the caller's read is audited)."""
    stmt = select(Place.id).where(Place.child_id == child_id).order_by(*_ORDER)
    return geojson.feature_collection(session, stmt, geom=Place.geom, id_col=Place.id,
                                      props=_PROPS)


def for_child(session, *, actor: User, child_id: int) -> str:
    """FeatureCollection text of one child's places; audited."""
    require(actor, "place.view")
    child = get_child(session, actor, child_id)
    stmt = select(Place.id).where(Place.child_id == child.id).order_by(*_ORDER)
    text = geojson.feature_collection_text(session, stmt, geom=Place.geom, id_col=Place.id,
                                           props=_PROPS)
    audit.record(session, user=actor, action="view", entity="place_list", child_id=child.id)
    session.commit()
    return text


def list_text(session, *, actor: User, page: int, per_page: int, bbox=None, since=None,
              until=None, child_id: int | None = None, kind: str | None = None) -> str:
    """Places of children the actor may see, for the map; audited once with the ids."""
    require(actor, "place.view")
    if child_id is not None:
        get_child(session, actor, child_id)
    stmt = select(Place.id).join(Child, Child.id == Place.child_id).where(children_scope(actor))
    if child_id is not None:
        stmt = stmt.where(Place.child_id == child_id)
    if kind:
        stmt = stmt.where(Place.kind == kind)
    stmt = geojson.filtered(stmt, geom=Place.geom, time_col=Place.created_at, bbox=bbox,
                            since=since, until=until)
    result = geojson.page_text(session, stmt, geom=Place.geom, id_col=Place.id, props=_PROPS,
                               order=_ORDER, page=page, per_page=per_page)
    audit.record(session, user=actor, action="view", entity="place_list", child_id=child_id,
                 place_ids=result.ids, count=len(result.ids))
    session.commit()
    return result.text


def feature(session, place_id: int) -> dict:
    return geojson.one_feature(session, select(Place.id).where(Place.id == place_id),
                               geom=Place.geom, id_col=Place.id, props=_PROPS)


def add(session, *, actor: User, child_id: int, geometry, kind: str, name: str, source: str,
        address: str | None = None, notes: str | None = None,
        associate_id: int | None = None, episode_id: int | None = None) -> dict:
    """Add a place to the child's list; announced to the child's team and audited."""
    require(actor, "place.create")
    child = get_child(session, actor, child_id)
    if associate_id is not None and session.execute(select(Associate.id).where(
            Associate.id == associate_id, Associate.child_id == child.id)).first() is None:
        raise Invalid(f"Associate {associate_id} is not one of this child's associates.")
    if episode_id is not None and session.execute(select(Episode.id).where(
            Episode.id == episode_id, Episode.child_id == child.id)).first() is None:
        raise Invalid(f"Episode {episode_id} is not one of this child's episodes.")
    place = Place(child_id=child.id, geom=geo.to_db(geometry), kind=kind, name=name,
                  source=source, address=address, notes=notes, associate_id=associate_id,
                  episode_id=episode_id, created_by_id=actor.id,
                  last_confirmed_at=datetime.now(UTC))
    session.add(place)
    session.flush()
    body = feature(session, place.id)
    events.record(session, type="place.created", payload=body, actor_id=actor.id,
                  audience=child_audience(session, child, "place"),
                  team_id=child.team_id, episode_id=episode_id)
    audit.record(session, user=actor, action="create", entity="place", entity_id=place.id,
                 child_id=child.id)
    session.commit()
    return body
