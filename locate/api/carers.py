"""Carers keep the Philomena profile: their children with how current each profile is, the
confirmation that a profile is still right, a transfer of placement, and what changed since
the child's last episode (for officers)."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..extensions import db
from ..services.profiles import changes, currency, transfers
from .common import Integer, PageQuery, StrictSchema

blp = Blueprint("api_carers", __name__, url_prefix="/api",
                description="How current each profile is, confirmations, transfers of "
                            "placement and what changed since the last episode (audited)")


class ConfirmIn(StrictSchema):
    version = Integer(required=True, validate=validate.Range(min=1), metadata={
        "description": "the profile version you read and say is still right (409 when it "
                       "is no longer current)"})


class TransferIn(StrictSchema):
    organisation_id = Integer(required=True, validate=validate.Range(min=1), metadata={
        "description": "the organisation the child is now placed with"})
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


@blp.route("/carer/children", methods=["GET"])
@blp.arguments(PageQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items, page, per_page, total, photo_max_days, "
                               "confirm_max_days}: each child with its profile's currency")
def carer_children(query):
    """The children you can see (a carer: your organisation's), each with how current the
    profile is (audited)."""
    return currency.carer_children(db.session, actor=current_user, **query)


@blp.route("/children/<int:child_id>/confirm", methods=["POST"])
@blp.arguments(ConfirmIn)
@blp.response(200, description="{child_id, version, confirmed_by_id, currency}")
@blp.alt_response(409, description="The profile changed since the version you read")
def confirm(body, child_id):
    """Confirm the profile is still right as it stands (audited)."""
    return currency.confirm(db.session, actor=current_user, child_id=child_id, **body)


@blp.route("/children/<int:child_id>/transfer", methods=["POST"])
@blp.arguments(TransferIn)
@blp.response(201, description="The transfer: from and to organisation and team, who, when, "
                               "why")
def transfer(body, child_id):
    """Move the child's placement to another organisation: the old one loses access at once
    (the sending carer, the child's sergeant or inspector, or an administrator; audited)."""
    return transfers.transfer(db.session, actor=current_user, child_id=child_id, **body)


@blp.route("/children/<int:child_id>/changes-since-last-episode", methods=["GET"])
@blp.response(200, description="{child_id, episode, from_version, to_version, changes, "
                               "new_places, new_associates}")
def changes_since_last_episode(child_id):
    """What changed in the profile since the child's last episode (audited)."""
    return changes.since_last_episode(db.session, actor=current_user, child_id=child_id)
