"""POST /api/tasks/<id>/actions: move a task through its states."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..domain.task_rules import TRANSITIONS
from ..extensions import db
from ..services.fieldwork import task_flow
from .common import AwareDateTime, Integer, StrictSchema

blp = Blueprint("api_task_actions", __name__, url_prefix="/api/tasks",
                description="Task state changes: every one timestamped, attributed and audited")


class ActionIn(StrictSchema):
    action = fields.String(required=True, validate=validate.OneOf(list(TRANSITIONS)))
    version = Integer(required=True, validate=validate.Range(min=1),
                             metadata={"description": "the task version you are acting on"})
    result = fields.String(validate=validate.Length(max=4000), load_default=None)
    note = fields.String(validate=validate.Length(max=2000), load_default=None)
    assignee_user_id = Integer(load_default=None)
    assignee_team_id = Integer(load_default=None)
    client_id = fields.UUID(load_default=None,
                            metadata={"description": "set by a phone's outbox; a resend is a no-op"})
    acted_at = AwareDateTime(load_default=None, metadata={"description": (
        "when the officer acted (the phone's tap; sent later when there was no signal). Not "
        "in the future beyond a few minutes' clock skew, not before the task was made. "
        "Recorded beside the time the server received it; default now")})


@blp.route("/<int:task_id>/actions", methods=["POST"])
@blp.arguments(ActionIn)
@blp.response(200, description="The task as a GeoJSON Feature after the action")
@blp.alt_response(409, description="Illegal transition (with the allowed actions) or stale version")
def act(body, task_id):
    """Assign, reassign, unassign, accept, decline, start, arrive, complete or cancel."""
    return task_flow.act(db.session, actor=current_user, task_id=task_id, **body)
