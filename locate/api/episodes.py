"""Episodes: report a child missing (with the initial risk grading), list and read them."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..extensions import db
from ..services import timeline
from ..services.casework import acknowledgement, episodes, reporting
from .schemas_episodes import (
    AcknowledgeIn,
    CloseIn,
    EpisodeIn,
    EpisodeListQuery,
    EpisodePatch,
    FoundIn,
    LinkIn,
)

blp = Blueprint("api_episodes", __name__, url_prefix="/api/episodes",
                description="Missing episodes, from report to found and closure")


@blp.route("", methods=["POST"])
@blp.arguments(EpisodeIn)
@blp.response(201, description="The new episode as a GeoJSON Feature; its properties say what "
                               "the child's profile lacks (profile_gaps)")
def report(body):
    """Report a child missing: Part 2 details and the initial risk assessment together, for a
    child on file (child_id) or one with no profile yet (child)."""
    return reporting.report(db.session, actor=current_user, **body)


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


@blp.route("/<int:episode_id>", methods=["PATCH"])
@blp.arguments(EpisodePatch)
@blp.response(200, description="The episode after the edit")
@blp.alt_response(409, description="The episode changed since the version you edited")
def edit(body, episode_id):
    """Edit Part 2 details (last seen, clothing, circumstances) against a version."""
    return episodes.update(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/<int:episode_id>/found", methods=["POST"])
@blp.arguments(FoundIn)
@blp.response(200, description="The episode, now found")
@blp.alt_response(409, description="The episode is not open")
def found(body, episode_id):
    """Record when, where and how the child was found."""
    return episodes.mark_found(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/<int:episode_id>/close", methods=["POST"])
@blp.arguments(CloseIn)
@blp.response(200, description="The episode, now closed")
@blp.alt_response(409, description="The episode is not found yet, or closed already")
def close(body, episode_id):
    """Close a found episode, saying whether a return home interview was referred."""
    return episodes.close(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/<int:episode_id>/links", methods=["POST"])
@blp.arguments(LinkIn)
@blp.response(201, description="The link (stored as an ordered pair)")
@blp.alt_response(409, description="Already linked")
def link(body, episode_id):
    """Link two episodes whose children went missing together."""
    return episodes.link(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/<int:episode_id>/acknowledge", methods=["POST"])
@blp.arguments(AcknowledgeIn)
@blp.response(200, description="The episode, acknowledged by the duty inspector")
@blp.alt_response(409, description="Not an open high-risk episode, or acknowledged already")
def acknowledge(body, episode_id):
    """The duty inspector acknowledges a high-risk episode (risk.signoff)."""
    return acknowledgement.acknowledge(db.session, actor=current_user, episode_id=episode_id,
                                       **body)


@blp.route("/<int:episode_id>/timeline", methods=["GET"])
@blp.response(200, description="Who is missing, and everything that happened, oldest first")
def read_timeline(episode_id):
    """The episode's timeline: report, grades and reviews, sightings, tasks and their steps
    (police only), escalations, found, closure, return home interview."""
    return timeline.for_episode(db.session, actor=current_user, episode_id=episode_id)
