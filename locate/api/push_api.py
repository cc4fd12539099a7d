"""Web Push: the server's public key, and phones' subscriptions."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import ValidationError, fields, validate, validates

from ..extensions import db
from ..services.accounts import push_subscriptions
from .common import Integer, StrictSchema

blp = Blueprint("api_push", __name__, url_prefix="/api/push",
                description="Web Push key and subscriptions")


def _key_bytes(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ValidationError("Not base64url.") from None


class Keys(StrictSchema):
    p256dh = fields.String(required=True, validate=validate.Length(80, 100))
    auth = fields.String(required=True, validate=validate.Length(16, 30))

    @validates("p256dh")
    def check_p256dh(self, value, **kwargs):
        raw = _key_bytes(value)
        if len(raw) != 65 or raw[0] != 4:
            raise ValidationError("p256dh must be an uncompressed P-256 public key.")

    @validates("auth")
    def check_auth(self, value, **kwargs):
        if len(_key_bytes(value)) != 16:
            raise ValidationError("auth must be 16 bytes.")


class SubscriptionIn(StrictSchema):
    endpoint = fields.String(required=True, validate=validate.Length(10, 2048))
    keys = fields.Nested(Keys, required=True)
    expirationTime = fields.Raw(load_default=None, metadata={"description": "ignored"})  # noqa: N815 - the browser's own name

    @validates("endpoint")
    def check_endpoint(self, value, **kwargs):
        parts = urlsplit(value)
        loopback = parts.hostname in ("127.0.0.1", "localhost")
        if parts.scheme != "https" and not (current_app.config["TESTING"] and loopback):
            raise ValidationError("A push endpoint must be an https URL.")
        if not parts.hostname:
            raise ValidationError("A push endpoint needs a host.")


class EndpointIn(StrictSchema):
    endpoint = fields.String(required=True, validate=validate.Length(10, 2048))


class KeyOut(StrictSchema):
    public_key = fields.String()


class SubscriptionOut(StrictSchema):
    id = Integer()
    created = fields.Boolean()


@blp.route("/key", methods=["GET"])
@blp.response(200, KeyOut)
def key():
    """The applicationServerKey to subscribe with."""
    public = current_app.config.get("VAPID_PUBLIC_KEY")
    if not public:
        abort(503, message="Web Push is not set up: run `flask --app app vapid-keys`.")
    return {"public_key": public}


@blp.route("/subscriptions", methods=["POST"])
@blp.arguments(SubscriptionIn)
@blp.response(200, SubscriptionOut)
def subscribe(body):
    """Register this phone's push subscription for the signed-in user."""
    sub, created = push_subscriptions.subscribe(
        db.session, actor=current_user, endpoint=body["endpoint"], p256dh=body["keys"]["p256dh"],
        auth=body["keys"]["auth"], user_agent=request.user_agent.string)
    return {"id": sub.id, "created": created}


@blp.route("/subscriptions", methods=["DELETE"])
@blp.arguments(EndpointIn)
@blp.response(204)
def unsubscribe(body):
    """Stop pushing to this phone."""
    push_subscriptions.unsubscribe(db.session, actor=current_user, endpoint=body["endpoint"])
