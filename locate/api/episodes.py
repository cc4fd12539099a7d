"""Episodes: report a child missing (with the initial risk grading), list and read them."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..extensions import db
from ..services import episodes
from .schemas_episodes import EpisodeIn, EpisodeListQuery

blp = Blueprint("api_episodes", __name__, url_prefix="/api/episodes",
                description="Missing episodes, from report to found and closure")


@blp.route("", methods=["POST"])
@blp.arguments(EpisodeIn)
@blp.response(201, description="The new episode as a GeoJSON Feature")
def report(body):
    """Report a child missing: Part 2 details and the initial risk assessment together."""
    return episodes.report_missing(db.session, actor=current_user, **body)


@blp.route("", methods=["GET"])
@blp.arguments(EpisodeListQuery, location="query", unknown=RAISE)
@blp.doc(responses={"200": {"description": "GeoJSON FeatureCollection at last-seen points"}})
def list_episodes(query):
    """Episodes you can see, newest report first, filtered by status, grade, bbox and time."""
    text = episodes.list_text(db.session, actor=current_user, **query)
    return Response(text, mimetype="application/geo+json")


@blp.route("/<int:episode_id>", methods=["GET"])
@blp.response(200, description="The episode as a GeoJSON Feature with its latest assessment")
def read(episode_id):
    """One episode with its latest risk assessment and sighting/task counts."""
    return episodes.get(db.session, actor=current_user, episode_id=episode_id)
