"""Risk assessments: grade an episode again, its grading history, supervisor sign-off."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..extensions import db
from ..services.casework import grading, risk
from .common import StrictSchema
from .schemas_grading import AssessIn, ReviewIn, SuggestIn

blp = Blueprint("api_risk", __name__, url_prefix="/api",
                description="Risk grading (College of Policing APP), reviewed on the force's "
                            "schedule")


class SignOffIn(StrictSchema):
    note = fields.String(validate=validate.Length(max=2000), load_default=None)


@blp.route("/episodes/<int:episode_id>/risk-assessments", methods=["POST"])
@blp.arguments(AssessIn)
@blp.response(201, description="The new assessment; the episode's grade follows it")
@blp.alt_response(422, description="Invalid, or below the suggestion without a rationale")
def assess(body, episode_id):
    """Grade an episode (again): grade, rationale, the questionnaire's answers with their
    sources (or older plain factors and sources)."""
    return risk.assess(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/episodes/<int:episode_id>/risk-assessments", methods=["GET"])
@blp.response(200, description="The episode's assessments, newest first")
def history(episode_id):
    """An episode's grading history."""
    return risk.history(db.session, actor=current_user, episode_id=episode_id)


@blp.route("/risk-assessments/<int:assessment_id>/sign-off", methods=["POST"])
@blp.arguments(SignOffIn)
@blp.response(200, description="The signed-off assessment")
@blp.alt_response(409, description="Signing off your own assessment, or signed off already")
def sign_off(body, assessment_id):
    """Supervisor sign-off of an assessment made by someone else."""
    return risk.sign_off(db.session, actor=current_user, assessment_id=assessment_id, **body)


@blp.route("/episodes/<int:episode_id>/grading", methods=["GET"])
@blp.response(200, description="Questions, answers so far, record indicators, suggestion")
def grading_view(episode_id):
    """What grading needs: the APP questions, what is on record, the suggested grade."""
    return grading.view(db.session, actor=current_user, episode_id=episode_id)


@blp.route("/episodes/<int:episode_id>/grading/suggest", methods=["POST"])
@blp.arguments(SuggestIn)
@blp.response(200, description="The suggested grade with its reasons; nothing is recorded")
def grading_suggest(body, episode_id):
    """The suggestion for answers being filled in (the one rule, in domain/grading.py)."""
    return grading.suggest(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/episodes/<int:episode_id>/reviews", methods=["POST"])
@blp.arguments(ReviewIn)
@blp.response(201, description="The review, kept as an assessment; next review due set")
@blp.alt_response(409, description="The episode is no longer open")
@blp.alt_response(422, description="Invalid, or below the suggestion without a rationale")
def review(body, episode_id):
    """Review the grade: confirm or regrade, with a rationale; sets the next review due."""
    return grading.review(db.session, actor=current_user, episode_id=episode_id, **body)
