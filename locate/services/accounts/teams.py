"""Teams and their patrol areas, for the map's area layer and the assignment form."""

from __future__ import annotations

from sqlalchemy import Numeric, cast, func, select

from ... import audit
from ...access import require, teams_visible
from ...domain.errors import NotFound
from ...models import Team, User
from .. import geojson

_ON_DUTY = (select(func.count()).where(User.team_id == Team.id, User.on_duty.is_(True),
                                       User.active.is_(True)).scalar_subquery())
_PROPS = {"code": Team.code, "name": Team.name, "on_duty_count": _ON_DUTY,
          # The area in km2 on the spheroid, for the sergeant's sense of scale.
          "area_km2": func.round(cast(func.ST_Area(func.geography(Team.area)) / 1e6, Numeric),
                                 1)}


def _scoped(actor: User):
    stmt = select(Team.id)
    visible = teams_visible(actor)
    if visible is not None:
        stmt = stmt.where(Team.id.in_(visible or {-1}))
    return stmt


def list_text(session, *, actor: User) -> str:
    """Teams the actor may see, with patrol areas, as FeatureCollection text."""
    require(actor, "team.view")
    text = geojson.feature_collection_text(session, _scoped(actor).order_by(Team.name, Team.id),
                                           geom=Team.area, id_col=Team.id, props=_PROPS)
    session.rollback()  # read-only: give the connection back
    return text


def get(session, *, actor: User, team_id: int) -> dict:
    require(actor, "team.view")
    body = geojson.one_feature(session, _scoped(actor).where(Team.id == team_id),
                               geom=Team.area, id_col=Team.id, props=_PROPS)
    if body is None:
        raise NotFound(f"No team {team_id} that you can see.")
    audit.record(session, user=actor, action="view", entity="team", entity_id=team_id)
    session.commit()
    return body
