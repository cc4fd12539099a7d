"""'Check these first' for an episode: the ranked places with reasons (as known at as_of), the
one click that turns the top of it into tasks, and the distance rings around last seen."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..analysis import distance_rings, ranking
from ..extensions import db
from .common import AwareDateTime, Integer, StrictSchema, TextSchema

blp = Blueprint("api_analysis_ranking", __name__, url_prefix="/api/analysis",
                description="Check these first: likely places for an episode, and rings")


class RankingQuery(TextSchema):
    as_of = AwareDateTime(load_default=None, metadata={
        "description": "rank using only what was known before this time (default now)"})
    limit = Integer(load_default=10, validate=validate.Range(1, 50))


class RankingTasksIn(StrictSchema):
    top = Integer(load_default=3, validate=validate.Range(1, 10))
    keys = fields.List(fields.String(validate=validate.Length(1, 40)),
                       validate=validate.Length(1, 10), load_default=None,
                       metadata={"description": "the items to make tasks of (else the top)"})


@blp.route("/episodes/<int:episode_id>/ranking", methods=["GET"])
@blp.arguments(RankingQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items: ranked places with why and reasons, method}")
def get_ranking(query, episode_id):
    """The places to check first for an episode, best first, each with why (audited)."""
    return ranking.for_episode(db.session, actor=current_user, episode_id=episode_id, **query)


@blp.route("/episodes/<int:episode_id>/ranking/tasks", methods=["POST"])
@blp.arguments(RankingTasksIn)
@blp.response(201, description="{created: task Features, skipped: keys already covered}")
def make_tasks(body, episode_id):
    """Make the top N (or the chosen) items into tasks on the open episode, in one go."""
    return ranking.make_tasks(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/episodes/<int:episode_id>/rings", methods=["GET"])
@blp.response(200, description="GeoJSON FeatureCollection of rings with the table's source")
def get_rings(episode_id):
    """Distance rings around where last seen, from the age-band table (audited)."""
    return distance_rings.for_episode(db.session, actor=current_user, episode_id=episode_id)
