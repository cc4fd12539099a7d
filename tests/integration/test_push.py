"""Web Push tested against the protocol: a local push service decrypts each message with the
subscription's keys (RFC 8291, aes128gcm) and checks the VAPID token (RFC 8292)."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from locate.live import events, push
from locate.models import Event, PushSubscription, Task
from locate.services.fieldwork import task_flow


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A stand-in for a phone vendor's push service on loopback."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses: dict[str, list[int]] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                       "body": body})
                codes = outer.statuses.get(self.path) or [201]
                self.send_response(codes.pop(0) if len(codes) > 1 else codes[0])
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"

    def close(self):
        self.server.shutdown()


class Phone:
    """A browser's subscription: its ECDH key pair and auth secret."""

    def __init__(self, service: PushService, name: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = bytes(range(16))
        self.endpoint = f"{service.origin}/push/{name}"
        self.public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def subscription(self, user_id: int) -> PushSubscription:
        return PushSubscription(user_id=user_id, endpoint=self.endpoint, p256dh=_b64(self.public),
                                auth=_b64(self.auth))

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


def verify_vapid(headers: dict, endpoint_origin: str, server_public_b64: str) -> dict:
    """Check the RFC 8292 token: ES256 signature by the server key, audience and expiry."""
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(p.strip().split("=", 1) for p in params.split(","))
    assert fields["k"] == server_public_b64
    header_b64, claims_b64, signature_b64 = fields["t"].split(".")
    assert json.loads(_unb64(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    signature = _unb64(signature_b64)
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                               int.from_bytes(signature[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(fields["k"]))
    public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(_unb64(claims_b64))
    assert claims["aud"] == endpoint_origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"].startswith("mailto:")
    return claims


@pytest.fixture()
def service():
    svc = PushService()
    yield svc
    svc.close()


@pytest.fixture()
def vapid_app(app, monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY", pem)
    monkeypatch.setattr(push, "RETRY_DELAYS", (0, 0, 0))  # retries without waiting
    return app, push.application_server_key(key)


def _message(user_id: int) -> dict:
    return {"id": 41, "type": "task.assigned", "episode_id": 3, "user_ids": [user_id],
            "payload": {"task": {"id": 7, "properties": {"title": "Check 4 Oak Street",
                                                          "priority": "urgent"}}}}


def test_push_is_encrypted_for_the_subscription_and_signed(vapid_app, service, session, world):
    app, server_key = vapid_app
    phone = Phone(service, "pc-a")
    session.add(phone.subscription(world.constable_a.id))
    session.flush()
    push.deliver_events(app, [_message(world.constable_a.id)])
    assert len(service.received) == 1
    request = service.received[0]
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert int(request["headers"]["ttl"]) == push.TTL_SECONDS
    assert request["headers"]["urgency"] == "high"
    notification = phone.decrypt(request["body"])
    assert notification == {"title": "New task", "body": "Urgent priority: Check 4 Oak Street",
                            "url": "/app/tasks/7", "event_id": 41, "type": "task.assigned",
                            "tag": "task.assigned:41"}
    verify_vapid(request["headers"], service.origin, server_key)
    sub = session.execute(sa.select(PushSubscription)).scalar_one()
    assert sub.last_success_at is not None and sub.failure_count == 0


def test_a_different_key_cannot_read_it(vapid_app, service, session, world):
    app, _ = vapid_app
    phone = Phone(service, "pc-a")
    session.add(phone.subscription(world.constable_a.id))
    session.flush()
    push.deliver_events(app, [_message(world.constable_a.id)])
    stranger = Phone(service, "other")
    with pytest.raises(Exception):  # noqa: B017 - any decryption failure will do
        stranger.decrypt(service.received[0]["body"])


@pytest.mark.parametrize("status", [404, 410])
def test_gone_subscriptions_are_deleted(vapid_app, service, session, world, status):
    app, _ = vapid_app
    phone = Phone(service, "gone")
    service.statuses["/push/gone"] = [status]
    session.add(phone.subscription(world.constable_a.id))
    session.flush()
    push.deliver_events(app, [_message(world.constable_a.id)])
    assert session.execute(sa.select(sa.func.count(PushSubscription.id))).scalar() == 0


def test_failures_are_retried_then_counted(vapid_app, service, session, world):
    app, _ = vapid_app
    flaky, down = Phone(service, "flaky"), Phone(service, "down")
    service.statuses["/push/flaky"] = [503, 500, 201]
    service.statuses["/push/down"] = [503]
    for phone in (flaky, down):
        session.add(phone.subscription(world.constable_a.id))
    session.flush()
    push.deliver_events(app, [_message(world.constable_a.id)])
    paths = [r["path"] for r in service.received]
    assert paths.count("/push/flaky") == 3
    assert paths.count("/push/down") == 1 + len(push.RETRY_DELAYS)
    subs = {s.endpoint.rsplit("/", 1)[1]: s for s in session.execute(
        sa.select(PushSubscription)).scalars()}
    assert subs["flaky"].failure_count == 0 and subs["flaky"].last_success_at
    assert subs["down"].failure_count == 1


def test_only_push_worthy_events_for_named_users(vapid_app, service, session, world):
    app, _ = vapid_app
    phone = Phone(service, "pc-a")
    session.add(phone.subscription(world.constable_a.id))
    session.flush()
    push.deliver_events(app, [{**_message(world.constable_a.id), "type": "task.updated"}])
    push.deliver_events(app, [_message(world.constable_b.id)])
    assert service.received == []


def _pushed_for(session, action, actor, task, **kwargs) -> dict:
    """The event message a real task action records, as deliver_events receives it."""
    task_flow.act(session, actor=actor, task_id=task.id, action=action,
                  version=session.get(Task, task.id).version, **kwargs)
    row = session.execute(sa.select(Event).order_by(Event.id.desc()).limit(1)).scalar_one()
    return events.as_message(row)


def test_a_task_taken_off_the_officer_is_pushed_but_not_their_own_decline(
        vapid_app, service, session, world):
    app, _ = vapid_app
    phone = Phone(service, "pc-a")
    session.add(phone.subscription(world.constable_a.id))
    session.flush()
    taken = _pushed_for(session, "unassign", world.sergeant_a, world.task_a)
    assert taken["type"] == "task.unassigned" and taken["user_ids"] == [world.constable_a.id]
    push.deliver_events(app, [taken])
    assert len(service.received) == 1
    notification = phone.decrypt(service.received[0]["body"])
    assert notification["title"] == "Task taken off you"
    assert notification["url"] == f"/app/tasks/{world.task_a.id}"
    # Given back, then declined by the officer: that event names them, but they did it.
    push.deliver_events(app, [_pushed_for(session, "assign", world.sergeant_a, world.task_a,
                                          assignee_user_id=world.constable_a.id)])
    assert len(service.received) == 2
    declined = _pushed_for(session, "decline", world.constable_a, world.task_a, note="Off sick")
    assert world.constable_a.id in declined["user_ids"]
    push.deliver_events(app, [declined])
    assert len(service.received) == 2


def _subscription_body(phone: Phone) -> dict:
    return {"endpoint": phone.endpoint, "expirationTime": None,
            "keys": {"p256dh": _b64(phone.public), "auth": _b64(phone.auth)}}


def test_subscribe_and_unsubscribe_through_the_api(login, service, session, world):
    api = login("constable_a")
    phone = Phone(service, "api")
    first = api.post("/api/push/subscriptions", json=_subscription_body(phone))
    assert first.status_code == 200 and first.get_json()["created"] is True
    again = login("constable_b").post("/api/push/subscriptions", json=_subscription_body(phone))
    assert again.get_json() == {"id": first.get_json()["id"], "created": False}
    sub = session.execute(sa.select(PushSubscription)).scalar_one()
    assert sub.user_id == world.constable_b.id  # the phone changed hands
    assert api.delete("/api/push/subscriptions", json={"endpoint": phone.endpoint}).status_code == 204
    assert session.execute(sa.select(sa.func.count(PushSubscription.id))).scalar() == 1  # not hers


@pytest.mark.parametrize("change", [
    {"endpoint": "ftp://push.example/x"},
    {"endpoint": "http://push.example.com/abc"},
    {"endpoint": 5},
    {"keys": {"p256dh": "AAAA" * 22, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
    {"keys": {"p256dh": None, "auth": "x"}},
    {"keys": "none"},
    {"extra": True},
])
def test_bad_subscriptions_are_refused(login, service, session, world, change):
    body = {**_subscription_body(Phone(service, "bad")), **change}
    response = login("constable_a").post("/api/push/subscriptions", json=body)
    assert response.status_code == 422, response.get_json()
    assert session.execute(sa.select(sa.func.count(PushSubscription.id))).scalar() == 0


def test_public_key_endpoint(login, app, monkeypatch, world):
    monkeypatch.setitem(app.config, "VAPID_PUBLIC_KEY", "BPUK")
    assert login("constable_a").get("/api/push/key").get_json() == {"public_key": "BPUK"}
    monkeypatch.setitem(app.config, "VAPID_PUBLIC_KEY", "")
    assert login("constable_a").get("/api/push/key").status_code == 503
