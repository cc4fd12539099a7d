"""Search tasks: create (optionally assigned) on an episode, list on the map, read one."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..domain.vocab import TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES
from ..extensions import db
from ..services.fieldwork import tasks
from .common import AwareDateTime, GeoJSONGeometry, Integer, ListQuery, StrictSchema

blp = Blueprint("api_tasks", __name__, url_prefix="/api",
                description="Search tasks drawn on the map and given to officers")

_ID = {"validate": validate.Range(min=1), "load_default": None}


class TaskIn(StrictSchema):
    kind = fields.String(required=True, validate=validate.OneOf(TASK_KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=160))
    geometry = GeoJSONGeometry(allowed=("Point", "LineString", "Polygon"), required=True)
    instructions = fields.String(validate=validate.Length(max=8000), load_default=None)
    priority = fields.String(validate=validate.OneOf(TASK_PRIORITIES), load_default="normal")
    due_at = AwareDateTime(load_default=None)
    assignee_user_id = Integer(**_ID)
    assignee_team_id = Integer(**_ID)
    source_place_id = Integer(**_ID)
    source_sighting_id = Integer(**_ID)


class TaskListQuery(ListQuery):
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))
    assignee = fields.String(validate=validate.OneOf(["me"]))
    episode_id = Integer(validate=validate.Range(min=1))


@blp.route("/episodes/<int:episode_id>/tasks", methods=["POST"])
@blp.arguments(TaskIn)
@blp.response(201, description="The new task as a GeoJSON Feature")
def create(body, episode_id):
    """Create a task (point, route or area) on an episode, optionally assigning it."""
    return tasks.create(db.session, actor=current_user, episode_id=episode_id, **body)


@blp.route("/tasks", methods=["GET"])
@blp.arguments(TaskListQuery, location="query", unknown=RAISE)
@blp.doc(responses={"200": {"description": "GeoJSON FeatureCollection, latest change first"}})
def list_tasks(query):
    """Tasks you can see, filtered by status, assignee=me, episode, bbox and update time."""
    text = tasks.list_text(db.session, actor=current_user, **query)
    return Response(text, mimetype="application/geo+json")


@blp.route("/tasks/<int:task_id>", methods=["GET"])
@blp.response(200, description="The task as a GeoJSON Feature with its transitions")
def read(task_id):
    """One task with every state change."""
    return tasks.get(db.session, actor=current_user, task_id=task_id)
