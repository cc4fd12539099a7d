"""POST /api/session signs in, GET says who you are, DELETE signs out."""

from __future__ import annotations

from flask import session
from flask_login import current_user, logout_user
from flask_smorest import Blueprint, abort
from flask_wtf.csrf import generate_csrf
from marshmallow import fields, validate

from ..domain.permissions import PERMISSIONS
from ..errors import error_response
from ..extensions import csrf, db
from ..security import auth, sign_in_limits
from ..services.accounts import sessions
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
@sign_in_limits.per_address()
@csrf.exempt  # JSON-only: a cross-site form cannot send application/json without CORS
@blp.arguments(Credentials)
@blp.response(200, SessionOut)
@blp.alt_response(401, description="Wrong username or password")
@blp.alt_response(429, description="Too many failed sign-ins for this account, or from this "
                  "address: the message says how long to wait (also in Retry-After)")
def login(credentials):
    """Sign in with a username and password."""
    result = auth.attempt_sign_in(**credentials)
    if result is None:
        abort(401, message="Wrong username or password.")
    if isinstance(result, sessions.AccountLocked):
        response = error_response(429, result.message, retry_after=result.retry_after)
        response.headers["Retry-After"] = str(result.retry_after)
        return response
    auth.start_session(result)
    return _session_body(result.user)


@blp.route("", methods=["GET"])
@blp.response(200, SessionOut)
def whoami():
    """The signed-in user, their permissions and a CSRF token."""
    return _session_body(current_user)


@blp.route("", methods=["DELETE"])
@blp.response(204)
def logout():
    """Sign out: the session ends on the server, so its cookie no longer works anywhere."""
    sessions.sign_out(db.session, user=current_user, session_id=auth.current_session_id())
    logout_user()
    session.clear()
