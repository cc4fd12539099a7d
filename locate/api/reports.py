"""Reports for the force: how its grading compares with what happened."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..analysis import grading_outcome
from ..extensions import db
from .schemas_escalations import GradingOutcomeQuery

blp = Blueprint("api_reports", __name__, url_prefix="/api/reports",
                description="Grading against outcome (outcome.view; audited; counts only)")


@blp.route("/grading-outcome", methods=["GET"])
@blp.arguments(GradingOutcomeQuery, location="query", unknown=RAISE)
@blp.response(200, description="{filter, months: [{month, harm_cases, share_of_harm_graded_"
                               "high, share_of_high_with_harm, ...}], totals, method}")
def grading_against_outcome(query):
    """By month: the share of harm cases graded high, and of high grades with harm."""
    return grading_outcome.grading_outcome(db.session, actor=current_user, **query)
