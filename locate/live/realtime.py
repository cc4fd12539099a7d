"""Socket.IO handlers: authenticate on connect, join rooms, catch up. No rules live here:
which rooms a user joins and what catch-up sends both come from the user's read keys
(locate/domain/audience.py), the same rule the API reads by."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from ..access import get_episode
from ..domain.errors import DomainError
from ..extensions import db, socketio
from ..services import feed
from . import events, realtime_sessions


def init_app(app) -> None:
    """Attach the handlers to the Socket.IO server this app's init_app just made (each
    create_app makes a fresh one, so decorators at import time would bind only the first)."""
    events.init_app(app)
    socketio.on_event("connect", on_connect)
    socketio.on_event("catch_up", on_catch_up)
    socketio.on_event("watch_episode", on_watch_episode)


def on_connect(auth=None):
    """Refuse anonymous sockets; put the user in the rooms of the keys they hold. The join is
    recorded: with the events' audiences it says who could hear what, and when."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("unauthorised")
    rooms = feed.rooms_for_user(current_user)
    for room in rooms:
        join_room(room)
    realtime_sessions.join()  # ending the session closes this socket, in any process
    feed.record_join(db.session, user=current_user, rooms=rooms)
    return True


def on_catch_up(data):
    """Send what the client missed since its cursor, or tell it to reload."""
    if not realtime_sessions.still_signed_in():
        return {"ok": False, "error": "unauthorised"}
    cursor = data.get("cursor") if isinstance(data, dict) else None
    try:
        result = feed.missed_events(db.session, user=current_user, cursor=cursor,
                                    limit=current_app.config["EVENT_CATCHUP_LIMIT"])
    except DomainError as error:
        db.session.rollback()
        return {"ok": False, "error": error.message}
    return {"ok": True, **result}


def on_watch_episode(data):
    """Kept for clients that still send it: a user already hears every episode they may read
    (their keys cover it), so this joins nothing; it only says whether the episode is theirs."""
    if not realtime_sessions.still_signed_in():
        return {"ok": False, "error": "unauthorised"}
    episode_id = data.get("episode_id") if isinstance(data, dict) else None
    if not isinstance(episode_id, int) or isinstance(episode_id, bool):
        return {"ok": False, "error": "episode_id must be a whole number"}
    try:
        get_episode(db.session, current_user, episode_id)
    except DomainError as error:
        return {"ok": False, "error": error.message}
    finally:
        db.session.rollback()
    return {"ok": True}
