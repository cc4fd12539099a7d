"""Return home interviews: what the child said, where they were and with whom."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint

from ..extensions import db
from ..services.interviews import recording
from .schemas_escalations import InterviewIn

blp = Blueprint("api_interviews", __name__, url_prefix="/api/episodes",
                description="Return home interviews (places and people join the child's record)")


@blp.route("/<int:episode_id>/return-home-interview", methods=["POST"])
@blp.arguments(InterviewIn)
@blp.response(201, description="The interview, with the ids of the places and associates added")
@blp.alt_response(409, description="The child is still missing")
def record(body, episode_id):
    """Record the interview of a found child: their places and people join the record."""
    return recording.record(db.session, actor=current_user, episode_id=episode_id, **body)
