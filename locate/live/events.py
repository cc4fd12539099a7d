"""The one place that publishes.

Services call record() inside their transaction: the event becomes a numbered row that
commits or rolls back with the change, stamped with the id of its transaction and with the
keys of everyone who may read its record (its audience, from locate/access.py). Only after a
commit are the recorded events sent to the Socket.IO rooms its audience names and, for the
people they concern, to Web Push. A rolled-back change is never announced, and searching the
code for socketio.emit finds this file alone.

Live sending is best effort (Redis may be away, a process may die between commit and emit);
what makes the feed whole is catch-up from a snapshot (services/feed.py), which clients run on
every connect and every few seconds.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ..extensions import socketio
from ..models import Event

_PENDING = "locate.pending_events"
log = logging.getLogger(__name__)

# Event types that also go to the phones of the users they name, even with the app closed.
PUSH_TYPES = frozenset({"task.assigned", "task.reassigned", "task.unassigned", "task.cancelled",
                        "sighting.near"})
# The review clock's alerts reach the phones of the sergeants and inspectors they name.
PUSH_TYPES = PUSH_TYPES | {"alert.raised"}
# Escalations (issue 10, c5): the duty inspector is told at once, a senior officer when it goes
# up, the person who raised it when it is decided.
PUSH_TYPES = PUSH_TYPES | {"escalation.raised", "escalation.escalated", "escalation.decided"}
# Issue 10 (reporting): a new episode goes to the duty inspector's and sergeants' phones.
PUSH_TYPES = PUSH_TYPES | {"episode.created"}


def as_message(row: Event) -> dict:
    """The wire form of an event, identical live and in catch-up."""
    return {
        "id": row.id,
        "xid": row.xid,
        "type": row.type,
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "team_id": row.team_id,
        "episode_id": row.episode_id,
        "user_ids": list(row.user_ids or ()),
        "payload": row.payload,
    }


def record(session, *, type: str, payload: dict, audience: list[str],
           actor_id: int | None = None, team_id: int | None = None,
           episode_id: int | None = None, user_ids=()) -> Event:
    """Add an event row to the caller's transaction; it is sent only if that commits.
    `audience` is who may hear it: one of the *_audience functions of locate/access.py."""
    if not audience:
        raise ValueError(f"event {type} has no audience: nobody could ever hear it")
    row = Event(type=type, payload=payload, actor_id=actor_id, team_id=team_id,
                episode_id=episode_id, user_ids=sorted(set(user_ids)),
                audience=sorted(set(audience)), at=datetime.now(UTC))
    session.add(row)
    session.flush()  # assigns the id and reads back the transaction id
    session.info.setdefault(_PENDING, []).append((as_message(row), row.audience))
    return row


def publish(pending: list[tuple[dict, list[str]]]) -> None:
    """Send committed events to their audience's rooms, and hand push-worthy ones to the push
    sender. Never raises: the change is committed whatever happens to its announcement."""
    messages = []
    for message, rooms in pending:
        messages.append(message)
        try:
            socketio.emit("event", message, to=rooms)
        except Exception:  # noqa: BLE001 - Redis away: clients catch up from the snapshot
            log.warning("live delivery of event %s failed; clients will catch up",
                        message["id"], exc_info=True)
    pushes = [m for m in messages if m["type"] in PUSH_TYPES and m["user_ids"]]
    if pushes:
        from . import push

        app = current_app._get_current_object()
        socketio.start_background_task(push.deliver_events, app, pushes)


_hooked = False


def init_app(app) -> None:
    """Hook publishing to the session's commit, and forgetting to its rollback (once per
    process: the listeners sit on SQLAlchemy's Session class, shared by every app)."""
    global _hooked
    if _hooked:
        return
    _hooked = True

    @sa_event.listens_for(Session, "after_commit")
    def _after_commit(session):
        messages = session.info.pop(_PENDING, None)
        if messages:
            publish(messages)

    @sa_event.listens_for(Session, "after_soft_rollback")
    def _after_rollback(session, previous_transaction):
        session.info.pop(_PENDING, None)
