"""On duty, position fixes from phones, and the nearest on-duty officers to a place."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..domain.permissions import TEAM_SCOPED
from ..extensions import db
from ..services.fieldwork import officers
from .common import (
    AwareDateTime,
    Float,
    Integer,
    Latitude,
    Longitude,
    StrictBoolean,
    StrictSchema,
    TextSchema,
)

blp = Blueprint("api_officers", __name__, url_prefix="/api",
                description="Officers on duty and where they are")


class DutyIn(StrictSchema):
    on_duty = StrictBoolean(required=True)
    acted_at = AwareDateTime(load_default=None, metadata={"description": (
        "when the officer went on or off duty on the phone (sent later when there was no "
        "signal); not in the future, not before their previous change. Default now")})
    client_id = fields.UUID(load_default=None,
                            metadata={"description": "set by a phone's outbox; a resend is a no-op"})


class DutyOut(StrictSchema):
    user_id = Integer()
    on_duty = fields.Boolean()


class PositionIn(StrictSchema):
    client_id = fields.UUID(required=True, metadata={"description": "made by the phone"})
    lon = Longitude(required=True)
    lat = Latitude(required=True)
    accuracy_m = Float(validate=validate.Range(0, 100_000),
                              load_default=None)
    recorded_at = AwareDateTime(required=True)
    battery_pct = Integer(validate=validate.Range(0, 100), load_default=None)


class PositionOut(StrictSchema):
    created = fields.Boolean(metadata={"description": "false when this client_id was sent before"})


MAX_BATCH = 500  # a phone on duty sends at most one a minute: a whole shift offline fits


class PositionBatchIn(StrictSchema):
    fixes = fields.List(fields.Nested(PositionIn), required=True,
                        validate=validate.Length(1, MAX_BATCH))


class PositionBatchOut(StrictSchema):
    received = Integer()
    created = Integer(metadata={"description": "how many were not sent before"})


class NearestQuery(TextSchema):
    lon = Longitude(required=True)
    lat = Latitude(required=True)
    limit = Integer(load_default=5, validate=validate.Range(1, 50))
    team_id = Integer(validate=validate.Range(min=1))


class NearestOut(StrictSchema):
    user_id = Integer()
    display_name = fields.String()
    collar_number = fields.String(allow_none=True)
    team_id = Integer(allow_none=True)
    accuracy_m = Float(allow_none=True)
    position = fields.Dict()
    distance_m = Float()
    fix_age_s = Integer()


@blp.route("/me/duty", methods=["PUT"])
@blp.arguments(DutyIn)
@blp.response(200, DutyOut)
def set_duty(body):
    """Go on or off duty (off duty, the phone stops reporting and the position is cleared)."""
    user = officers.set_on_duty(db.session, actor=current_user, **body)
    return {"user_id": user.id, "on_duty": user.on_duty}


@blp.route("/me/positions", methods=["POST"])
@blp.arguments(PositionIn)
@blp.response(200, PositionOut)
def report_position(body):
    """Report a position fix; resending the same client_id is harmless."""
    return {"created": officers.report_position(db.session, actor=current_user, **body)}


@blp.route("/me/positions/batch", methods=["POST"])
@blp.arguments(PositionBatchIn)
@blp.response(200, PositionBatchOut)
def report_positions(body):
    """Report the fixes a phone kept while out of signal, oldest first, in one request; all
    or none are stored. Resent client_ids are harmless."""
    created = officers.report_positions(db.session, actor=current_user, fixes=body["fixes"])
    return {"received": len(body["fixes"]), "created": created}


@blp.route("/officers/nearest", methods=["GET"])
@blp.arguments(NearestQuery, location="query", unknown=RAISE)
@blp.response(200, NearestOut(many=True))
def nearest(query):
    """On-duty officers nearest a point, with distance and age of fix (own team for
    team-scoped roles)."""
    team_id = current_user.team_id if current_user.role in TEAM_SCOPED else query.get("team_id")
    return officers.nearest_on_duty(db.session, actor=current_user, lon=query["lon"],
                                    lat=query["lat"], team_id=team_id, limit=query["limit"])
