"""The live feed's HTTP side: where the feed stands (read by a page before it loads state),
and what a client missed since a cursor, for clients that cannot hold a socket."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..extensions import db
from ..services import feed
from .common import StrictSchema

blp = Blueprint("api_feed", __name__, url_prefix="/api/events",
                description="The live feed: where it stands, and what a client missed")


class LastOut(StrictSchema):
    cursor = fields.String(metadata={"description": "Your position in the feed: send it back "
                                                     "to catch up from here"})
    last_event_id = fields.Integer(metadata={"description": "The newest event id (information "
                                                            "only: ids are not commit order)"})
    resync_seconds = fields.Integer(metadata={"description": "How often a connected client "
                                                             "should catch up anyway"})


class SinceQuery(StrictSchema):
    cursor = fields.String(required=True, validate=validate.Length(min=1,
                                                                   max=feed.CURSOR_MAX_LENGTH))


class MissedOut(StrictSchema):
    reload = fields.Boolean()
    cursor = fields.String()
    last_event_id = fields.Integer()
    events = fields.List(fields.Dict())


@blp.route("/last", methods=["GET"])
@blp.response(200, LastOut)
def last():
    """Where the feed stands. Read it BEFORE loading state, then catch up from its cursor."""
    return {**feed.mark(db.session),
            "resync_seconds": current_app.config["EVENT_RESYNC_SECONDS"]}


@blp.route("", methods=["GET"])
@blp.arguments(SinceQuery, location="query", unknown=RAISE)
@blp.response(200, MissedOut)
def missed(query):
    """Events you may hear that committed since `cursor`, oldest id first, and the cursor to
    ask from next; `reload` (with a fresh cursor) when too far behind. Audited."""
    return feed.missed_events(db.session, user=current_user, cursor=query["cursor"],
                              limit=current_app.config["EVENT_CATCHUP_LIMIT"])
