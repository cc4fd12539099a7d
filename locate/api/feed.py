"""The live feed's HTTP side: the last event id, read by a page before it loads state, and
missed events for clients that cannot hold a socket."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..extensions import db
from ..services import feed
from .common import StrictSchema

blp = Blueprint("api_feed", __name__, url_prefix="/api/events",
                description="Numbered events: the last id, and what a client missed")


class LastOut(StrictSchema):
    last_event_id = fields.Integer()


class SinceQuery(StrictSchema):
    after = fields.Integer(required=True, validate=validate.Range(min=0))


class MissedOut(StrictSchema):
    reload = fields.Boolean()
    last_id = fields.Integer()
    events = fields.List(fields.Dict())


@blp.route("/last", methods=["GET"])
@blp.response(200, LastOut)
def last():
    """The newest event id. Read it BEFORE loading state, then catch up from it."""
    return {"last_event_id": feed.last_event_id(db.session)}


@blp.route("", methods=["GET"])
@blp.arguments(SinceQuery, location="query", unknown=RAISE)
@blp.response(200, MissedOut)
def missed(query):
    """Events after `after` that you may see, oldest first; `reload` when too far behind."""
    return feed.missed_events(db.session, user=current_user, last_id=query["after"],
                              limit=current_app.config["EVENT_CATCHUP_LIMIT"])
