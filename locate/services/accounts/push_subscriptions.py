"""Phones subscribing to and unsubscribing from Web Push."""

from __future__ import annotations

from sqlalchemy import delete, select

from ... import audit
from ...models import PushSubscription, User


def subscribe(session, *, actor: User, endpoint: str, p256dh: str, auth: str,
              user_agent: str | None) -> tuple[PushSubscription, bool]:
    """Store a subscription for the signed-in user; a known endpoint moves to them (a phone
    handed over at shift change). Returns (subscription, created)."""
    sub = session.execute(select(PushSubscription).where(
        PushSubscription.endpoint == endpoint)).scalar_one_or_none()
    created = sub is None
    if created:
        sub = PushSubscription(endpoint=endpoint)
        session.add(sub)
    sub.user_id, sub.p256dh, sub.auth = actor.id, p256dh, auth
    sub.user_agent = (user_agent or "")[:300] or None
    sub.failure_count = 0
    session.flush()
    audit.record(session, user=actor, action="create" if created else "update",
                 entity="push_subscription", entity_id=sub.id)
    session.commit()
    return sub, created


def unsubscribe(session, *, actor: User, endpoint: str) -> bool:
    """Forget one of the user's own subscriptions; True if there was one."""
    result = session.execute(delete(PushSubscription).where(
        PushSubscription.endpoint == endpoint, PushSubscription.user_id == actor.id))
    if result.rowcount:
        audit.record(session, user=actor, action="delete", entity="push_subscription")
    session.commit()
    return bool(result.rowcount)
