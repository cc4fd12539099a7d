"""The one place that publishes.

Services call record() inside their transaction: the event becomes a numbered row that
commits or rolls back with the change. Only after a commit are the recorded events sent to
Socket.IO rooms and, for the people they concern, to Web Push. A rolled-back change is never
announced, and searching the code for socketio.emit finds this file alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from .extensions import socketio
from .models import Event

_PENDING = "locate.pending_events"

# Event types that also go to the phones of the users they name, even with the app closed.
PUSH_TYPES = frozenset({"task.assigned", "task.reassigned", "task.unassigned", "task.cancelled",
                        "sighting.near"})


def rooms_for(event: dict) -> list[str]:
    """The Socket.IO rooms an event goes to: its team, its episode, its users, force-wide."""
    rooms = ["force"]
    if event.get("team_id"):
        rooms.append(f"team:{event['team_id']}")
    if event.get("episode_id"):
        rooms.append(f"episode:{event['episode_id']}")
    rooms.extend(f"user:{uid}" for uid in event.get("user_ids") or ())
    return rooms


def as_message(row: Event) -> dict:
    """The wire form of an event, identical live and in catch-up."""
    return {
        "id": row.id,
        "type": row.type,
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "team_id": row.team_id,
        "episode_id": row.episode_id,
        "user_ids": list(row.user_ids or ()),
        "payload": row.payload,
    }


def record(session, *, type: str, payload: dict, actor_id: int | None = None,
           team_id: int | None = None, episode_id: int | None = None,
           user_ids=()) -> Event:
    """Add an event row to the caller's transaction; it is sent only if that commits."""
    row = Event(type=type, payload=payload, actor_id=actor_id, team_id=team_id,
                episode_id=episode_id, user_ids=sorted(set(user_ids)),
                at=datetime.now(UTC))
    session.add(row)
    session.flush()  # assigns the id, which orders the feed
    session.info.setdefault(_PENDING, []).append(as_message(row))
    return row


def publish(messages: list[dict]) -> None:
    """Send committed events to sockets, and hand push-worthy ones to the push sender."""
    for message in messages:
        socketio.emit("event", message, to=rooms_for(message))
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
