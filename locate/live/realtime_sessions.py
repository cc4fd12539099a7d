"""Closing the live sockets of ended sessions, in every server process.

Each socket joins the room `session:<id>` of the session it signed in with (realtime.py's
connect handler calls join()). When sessions end, the service calls end() after its commit:
this process closes its own sockets in those rooms at once and publishes the ids on a Redis
channel; every other process listens on that channel and closes its own. python-socketio's
queue can only disconnect a socket id, not a room, hence the channel of our own.

Redis may be away: then the other processes cannot hear it, so each process also sweeps its
rooms every SESSION_SWEEP_SECONDS and closes sockets whose session has ended. Every socket
message re-checks the session as well (still_signed_in()), so an ended session is refused at
its next message even before either of those.
"""

from __future__ import annotations

import json
import logging
import os
import threading

from flask import current_app
from flask_login import current_user
from flask_socketio import disconnect, join_room

from ..extensions import socketio

CHANNEL = "locate:sessions-ended"
ROOM_PREFIX = "session:"
log = logging.getLogger(__name__)

_started_in_pid: int | None = None
_start_lock = threading.Lock()
_publishers: dict[str, object] = {}


def room(session_id: int) -> str:
    return f"{ROOM_PREFIX}{session_id}"


def join() -> None:
    """Put the connecting socket in its session's room (call in the connect handler, after
    the user is known to be signed in)."""
    from ..security.auth import current_session_id

    join_room(room(current_session_id()))
    _start_watchers(current_app._get_current_object())


def still_signed_in() -> bool:
    """For socket message handlers: is the socket's session still live? If not, close it."""
    if current_user.is_authenticated:
        return True
    disconnect()
    return False


def end(session_ids) -> None:
    """Close every socket of these sessions, here and in the other processes (after commit)."""
    ids = sorted({int(i) for i in session_ids})
    if not ids:
        return
    disconnect_here(ids)
    url = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if not url:
        return
    try:
        _publisher(url).publish(CHANNEL, json.dumps(ids))
    except Exception as error:  # Redis away: the sweep in each process catches up
        log.warning("Could not tell the other processes to close the sockets of ended "
                    "sessions %s (%s); their sweep closes them within %s s.", ids, error,
                    current_app.config.get("SESSION_SWEEP_SECONDS"))


def disconnect_here(session_ids) -> int:
    """Close this process's sockets in the rooms of these sessions; how many were closed."""
    server = socketio.server
    closed = 0
    for session_id in session_ids:
        for sid, _eio_sid in list(server.manager.get_participants("/", room(session_id))):
            server.disconnect(sid, namespace="/", ignore_queue=True)
            closed += 1
    return closed


def _publisher(url: str):
    if url not in _publishers:
        import redis

        _publishers[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return _publishers[url]


def _start_watchers(app) -> None:
    """Once per process (gunicorn forks after import): the channel listener and the sweep."""
    global _started_in_pid
    with _start_lock:
        if _started_in_pid == os.getpid():
            return
        _started_in_pid = os.getpid()
    url = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if url:
        socketio.start_background_task(_listen, url)
    # 0 turns the sweep off: the test suite's sessions live in a transaction the sweep's own
    # connection cannot see, so it would close every socket as "ended" (its own tests run
    # real servers with a 1 s sweep: test_sessions_scale_out.py).
    if app.config.get("SESSION_SWEEP_SECONDS", 30) > 0:
        socketio.start_background_task(_sweep, app)


def _listen(url: str) -> None:
    import redis

    while True:
        try:
            pubsub = redis.Redis.from_url(url, socket_connect_timeout=2,
                                          health_check_interval=30).pubsub(
                ignore_subscribe_messages=True)
            pubsub.subscribe(CHANNEL)
            for message in pubsub.listen():
                if message.get("type") == "message":
                    disconnect_here(json.loads(message["data"]))
        except Exception as error:  # Redis away or restarting: retry; the sweep covers the gap
            log.warning("Ended-sessions channel unavailable (%s); retrying.", error)
            socketio.sleep(1)


def _sweep(app) -> None:
    from ..extensions import db
    from ..services.accounts import sessions

    while True:
        socketio.sleep(app.config.get("SESSION_SWEEP_SECONDS", 30))
        try:
            rooms = socketio.server.manager.rooms.get("/", {})
            live = [int(name[len(ROOM_PREFIX):]) for name in list(rooms)
                    if isinstance(name, str) and name.startswith(ROOM_PREFIX)]
            if not live:
                continue
            with app.app_context():
                ended = sessions.ended_among(db.session, session_ids=live)
                db.session.remove()
            disconnect_here(ended)
        except Exception as error:  # the database away: try again next round
            log.warning("Session sweep failed (%s); retrying.", error)
