"""Web Push delivery (RFC 8030/8291/8292), called only by events.py, never in a request.

Failures are retried with back-off in a background task; subscriptions the push service
reports gone (404/410) are deleted.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, select

from ..config import INSTANCE
from ..domain.notifications import notification_for
from ..extensions import db, socketio
from ..models import PushSubscription

log = logging.getLogger(__name__)

RETRY_DELAYS = (1, 4, 16)  # seconds between attempts
TTL_SECONDS = 4 * 3600  # a task push older than a shift's quarter is not worth waking for
GONE = (404, 410)


def generate_vapid_keys(*, force: bool = False) -> tuple[str, str]:
    """Write a P-256 key pair under instance/; return (private PEM path, public key b64url)."""
    INSTANCE.mkdir(exist_ok=True)
    private_path = INSTANCE / "vapid_private.pem"
    public_path = INSTANCE / "vapid_public.txt"
    if private_path.exists() and not force:
        return str(private_path), public_path.read_text().strip()
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    private_path.write_bytes(pem)
    private_path.chmod(0o600)
    public_key = application_server_key(key)
    public_path.write_text(public_key)
    return str(private_path), public_key


def application_server_key(key: ec.EllipticCurvePrivateKey) -> str:
    """The uncompressed public point, base64url without padding, as browsers want it."""
    raw = key.public_key().public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _vapid(app) -> Vapid | None:
    pem = app.config.get("VAPID_PRIVATE_KEY")
    if not pem:
        return None
    return Vapid.from_pem(pem.encode() if isinstance(pem, str) else pem)


def send_one(subscription: PushSubscription, notification: dict, vapid: Vapid, subject: str,
             timeout: float = 10) -> int:
    """Encrypt and send one push; returns the push service's HTTP status."""
    response = webpush(
        subscription_info={"endpoint": subscription.endpoint,
                           "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
        data=json.dumps(notification),
        vapid_private_key=vapid,
        vapid_claims={"sub": subject},
        content_encoding="aes128gcm",
        ttl=TTL_SECONDS,
        timeout=timeout,
        headers={"Urgency": "high"},
    )
    return response.status_code


def deliver_events(app, messages: list[dict]) -> None:
    """Push each message to its users' subscriptions; runs as a background task."""
    with app.app_context():
        vapid = _vapid(app)
        if vapid is None:
            log.warning("VAPID keys are not configured: run `flask --app app vapid-keys`")
            return
        subject = app.config["VAPID_SUBJECT"]
        for message in messages:
            notification = notification_for(message)
            if notification is None:
                continue
            # Not to whoever caused it: an officer who declines a task needs no alert of it.
            users = [u for u in message["user_ids"] if u != message.get("actor_id")]
            subs = db.session.execute(
                select(PushSubscription).where(PushSubscription.user_id.in_(users))
            ).scalars().all()
            for sub in subs:
                _deliver_with_retry(sub, notification, vapid, subject)
        db.session.commit()
        db.session.remove()


def _deliver_with_retry(sub: PushSubscription, notification: dict, vapid, subject) -> None:
    for attempt, delay in enumerate((0, *RETRY_DELAYS)):
        if delay:
            socketio.sleep(delay)
        try:
            status = send_one(sub, notification, vapid, subject)
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
        except Exception as error:  # network errors: retry, never raise into the caller
            log.info("push to %s failed: %s", sub.id, error)
            status = None
        if status is not None and status < 300:
            sub.last_success_at = datetime.now(UTC)
            sub.failure_count = 0
            return
        if status in GONE:
            db.session.execute(delete(PushSubscription).where(PushSubscription.id == sub.id))
            return
        if status is not None and 400 <= status < 500 and status != 429:
            break  # our request is wrong; retrying will not help
        log.info("push attempt %d to subscription %s: status %s", attempt + 1, sub.id, status)
    sub.failure_count = (sub.failure_count or 0) + 1
