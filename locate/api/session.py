"""POST /api/session signs in, GET says who you are, DELETE signs out."""

from __future__ import annotations

from flask import current_app, session
from flask_login import current_user, login_user, logout_user
from flask_smorest import Blueprint, abort
from flask_wtf.csrf import generate_csrf
from marshmallow import fields, validate

from ..domain.permissions import PERMISSIONS
from ..extensions import csrf, db, limiter
from ..services import sessions
from .common import StrictSchema

blp = Blueprint("api_session", __name__, url_prefix="/api/session",
                description="Sign in and out; the CSRF token for state-changing requests")


class Credentials(StrictSchema):
    username = fields.String(required=True, validate=validate.Length(1, 64))
    password = fields.String(required=True, validate=validate.Length(1, 256), load_only=True)


class UserOut(StrictSchema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    team_id = fields.Integer(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    collar_number = fields.String(allow_none=True)
    on_duty = fields.Boolean()


class SessionOut(StrictSchema):
    user = fields.Nested(UserOut)
    csrf_token = fields.String()
    permissions = fields.List(fields.String())


def _session_body(user):
    return {"user": user, "csrf_token": generate_csrf(),
            "permissions": sorted(PERMISSIONS.get(user.role, ()))}


@blp.route("", methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
@csrf.exempt  # JSON-only: a cross-site form cannot send application/json without CORS
@blp.arguments(Credentials)
@blp.response(200, SessionOut)
@blp.alt_response(401, description="Wrong username or password")
def login(credentials):
    """Sign in with a username and password."""
    user = sessions.sign_in(db.session, **credentials)
    if user is None:
        abort(401, message="Wrong username or password.")
    session.clear()  # a fresh session id on sign-in: no fixation
    login_user(user)
    session.permanent = True
    return _session_body(user)


@blp.route("", methods=["GET"])
@blp.response(200, SessionOut)
def whoami():
    """The signed-in user, their permissions and a CSRF token."""
    return _session_body(current_user)


@blp.route("", methods=["DELETE"])
@blp.response(204)
def logout():
    """Sign out."""
    sessions.sign_out(db.session, user=current_user)
    logout_user()
    session.clear()
