"""Socket.IO handlers: authenticate on connect, join rooms, catch up. No rules live here."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from . import events, realtime_sessions
from .access import get_episode
from .domain.errors import DomainError
from .extensions import db, socketio
from .services import feed


def init_app(app) -> None:
    """Attach the handlers to the Socket.IO server this app's init_app just made (each
    create_app makes a fresh one, so decorators at import time would bind only the first)."""
    events.init_app(app)
    socketio.on_event("connect", on_connect)
    socketio.on_event("catch_up", on_catch_up)
    socketio.on_event("watch_episode", on_watch_episode)


def on_connect(auth=None):
    """Refuse anonymous sockets; put the user in the rooms their role may hear."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("unauthorised")
    for room in feed.rooms_for_user(current_user):
        join_room(room)
    realtime_sessions.join()  # ending the session closes this socket, in any process
    return True


def on_catch_up(data):
    """Send what the client missed since the last id it applied, or tell it to reload."""
    if not realtime_sessions.still_signed_in():
        return {"ok": False, "error": "unauthorised"}
    last_id = data.get("last_id") if isinstance(data, dict) else None
    if not isinstance(last_id, int) or isinstance(last_id, bool) or last_id < 0:
        return {"ok": False, "error": "last_id must be a whole number >= 0"}
    result = feed.missed_events(db.session, user=current_user, last_id=last_id,
                                limit=current_app.config["EVENT_CATCHUP_LIMIT"])
    db.session.rollback()  # read-only: end the transaction so the connection goes back
    return {"ok": True, **result}


def on_watch_episode(data):
    """Join an episode's room, if the user may see that episode."""
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
    join_room(f"episode:{episode_id}")
    return {"ok": True}
