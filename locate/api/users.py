"""Users: the team list, live officer positions, and administration."""

from __future__ import annotations

from flask import Response, current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..domain.vocab import ROLES
from ..extensions import db
from ..security import auth
from ..services.accounts import sessions, users
from .common import Integer, PageQuery, StrictBoolean, StrictSchema, TextSchema

blp = Blueprint("api_users", __name__, url_prefix="/api/users",
                description="Officers and staff; live positions of those on duty")

_ID = dict(validate=validate.Range(min=1))


class UserListQuery(PageQuery):
    team_id = Integer(validate=validate.Range(min=1))
    role = fields.String(validate=validate.OneOf(ROLES))
    on_duty = fields.Boolean()


class PositionsQuery(TextSchema):
    team_id = Integer(validate=validate.Range(min=1))


class UserIn(StrictSchema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9][a-z0-9._-]{2,63}$",
        error="3 to 64 lower-case letters, digits, dot, dash or underscore."))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    team_id = Integer(load_default=None, **_ID)
    organisation_id = Integer(load_default=None, **_ID)
    collar_number = fields.String(validate=validate.Length(min=1, max=16), load_default=None)


class UserPatch(StrictSchema):
    role = fields.String(validate=validate.OneOf(ROLES))
    display_name = fields.String(validate=validate.Length(min=1, max=120))
    team_id = Integer(allow_none=True, **_ID)
    organisation_id = Integer(allow_none=True, **_ID)
    collar_number = fields.String(validate=validate.Length(min=1, max=16), allow_none=True)
    active = StrictBoolean()


@blp.route("", methods=["GET"])
@blp.arguments(UserListQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items, page, per_page, total}")
def list_users(query):
    """Users you can see: your team, or everyone for managers."""
    return users.list_users(db.session, actor=current_user, **query)


@blp.route("/positions", methods=["GET"])
@blp.arguments(PositionsQuery, location="query", unknown=RAISE)
@blp.doc(responses={"200": {"description": "GeoJSON FeatureCollection of on-duty officers "
                                           "with accuracy and age of fix"}})
def positions(query):
    """Where the on-duty officers you can see last reported being."""
    return Response(users.positions_text(db.session, actor=current_user, **query),
                    mimetype="application/geo+json")


@blp.route("", methods=["POST"])
@blp.arguments(UserIn)
@blp.response(201, description="The new user")
@blp.alt_response(409, description="The username is taken")
def create(body):
    """Add a user (administrators)."""
    return users.admin_create(db.session, actor=current_user, **body)


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.arguments(UserPatch)
@blp.response(200, description="The user after the change")
@blp.alt_response(409, description="You cannot deactivate yourself or change your own role")
def edit(body, user_id):
    """Change a user's role, team, name or whether they may sign in (administrators)."""
    return users.admin_update(db.session, actor=current_user, user_id=user_id, **body)


@blp.route("/<int:user_id>/sessions", methods=["GET"])
@blp.response(200, description="{items: the user's live sessions (created, last seen, "
                               "addresses, browser, current), sign_in_locked_until}")
@blp.alt_response(403, description="Another user's sessions, and you are not an administrator")
@blp.alt_response(404, description="No such user")
def list_sessions(user_id):
    """Where a user is signed in (yourself, or anyone for administrators), and whether failed
    sign-ins have locked the account."""
    return sessions.list_user_sessions(
        db.session, actor=current_user, user_id=user_id, current_id=auth.current_session_id(),
        policy=sessions.LockPolicy.from_config(current_app.config))


@blp.route("/<int:user_id>/sessions", methods=["DELETE"])
@blp.response(200, description="{ended: how many sessions were ended}")
@blp.alt_response(403, description="Another user's sessions, and you are not an administrator")
@blp.alt_response(404, description="No such user")
def end_sessions(user_id):
    """Sign a user out everywhere, open sockets included (a lost phone): yourself, or anyone
    for administrators."""
    return sessions.end_user_sessions(db.session, actor=current_user, user_id=user_id)


@blp.route("/<int:user_id>/sign-in-lock", methods=["DELETE"])
@blp.response(200, description="{failures_cleared}")
@blp.alt_response(403, description="Not an administrator")
@blp.alt_response(404, description="No such user")
def lift_sign_in_lock(user_id):
    """Lift the lock that failed sign-ins put on an account (administrators)."""
    return sessions.lift_lock(db.session, actor=current_user, user_id=user_id)
