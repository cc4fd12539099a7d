"""Escalations: a carer challenges a police risk decision, police raise concern about a
placement; the decision with its reasons; each escalation's own timeline."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..extensions import db
from ..services.escalations import deciding, raising, reading
from .schemas_escalations import DecisionIn, EscalationIn, EscalationListQuery

blp = Blueprint("api_escalations", __name__, url_prefix="/api/escalations",
                description="Escalations of risk decisions, answered by the duty inspector "
                            "(then a senior officer), audited")


@blp.route("", methods=["POST"])
@blp.arguments(EscalationIn)
@blp.response(201, description="The escalation with its timeline (raised, notified)")
def raise_one(body):
    """Escalate a decision on an episode (a carer), or a concern about its placement (police)."""
    return raising.raise_escalation(db.session, actor=current_user, **body)


@blp.route("", methods=["GET"])
@blp.arguments(EscalationListQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items: escalations you can see, newest first}")
@blp.alt_response(404, description="The episode asked for is not one you can see")
def list_all(query):
    """Escalations you can see (a carer: their organisation's)."""
    return {"items": reading.list_visible(db.session, actor=current_user, **query)}


@blp.route("/<int:escalation_id>", methods=["GET"])
@blp.response(200, description="The escalation with its whole timeline")
def read(escalation_id):
    """One escalation: what, why, who was told, whether sent up, the decision."""
    return reading.get_one(db.session, actor=current_user, escalation_id=escalation_id)


@blp.route("/<int:escalation_id>/decision", methods=["POST"])
@blp.arguments(DecisionIn)
@blp.response(200, description="The escalation, decided")
@blp.alt_response(409, description="Already decided")
def decide(body, escalation_id):
    """Record the decision with its reasons; the person who raised it is told."""
    return deciding.decide(db.session, actor=current_user, escalation_id=escalation_id, **body)
