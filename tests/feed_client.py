"""A Python port of the browser's feed client (static/src/lib/live.js + feed-cursor.js), for
tests that follow the documented catch-up protocol against real server processes: mark
before state, apply live events once by id, catch up from the cursor on connect and every
few seconds, move the cursor only with catch-up answers."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter

import requests
import socketio as socketio_client

from tests.factories import PASSWORD


def parse_cursor(cursor: str):
    xmin, xmax, xip = cursor.split(":")
    return int(xmin), int(xmax), {int(x) for x in xip.split(",") if x}


def holds_all(newer, older) -> bool:
    """True when snapshot `newer` sees everything `older` sees (feed-cursor.js `holdsAll`)."""
    if older is None:
        return True
    if newer is None or newer[1] < older[1]:
        return False
    return all(xid >= older[1] or xid in older[2] for xid in newer[2])


def covers(snapshot, xid: int) -> bool:
    """True when transaction `xid` is visible in the snapshot (feed-cursor.js `covers`)."""
    if snapshot is None:
        return False
    xmin, xmax, xip = snapshot
    return xid < xmin or (xid < xmax and xid not in xip)


class FeedState:
    """The client's position and what it applied (feed-cursor.js FeedPosition), counting how
    often each id was handed to the page."""

    def __init__(self):
        self.lock = threading.RLock()
        self.applied: Counter[int] = Counter()  # event id -> times handed to the page
        self.pending: dict[int, int] = {}  # id -> xid, applied but not yet under the cursor
        self.cursor = None
        self.snapshot = None

    def reset(self, cursor: str) -> None:
        with self.lock:
            self.cursor = cursor
            self.snapshot = parse_cursor(cursor)
            self.pending = {}

    def apply(self, event: dict) -> None:
        with self.lock:
            if event["id"] in self.pending or covers(self.snapshot, event["xid"]):
                return
            self.pending[event["id"]] = event["xid"]
            self.applied[event["id"]] += 1

    def advance(self, cursor: str) -> None:
        with self.lock:
            snapshot = parse_cursor(cursor)
            if not holds_all(snapshot, self.snapshot):
                return  # an older answer landing late: never move back
            self.cursor = cursor
            self.snapshot = snapshot
            for event_id, xid in list(self.pending.items()):
                if covers(self.snapshot, xid):
                    del self.pending[event_id]

    def take(self, reply: dict) -> None:
        """Apply a catch-up answer (not a reload) and move to its cursor."""
        for event in reply["events"]:
            self.apply(event)
        self.advance(reply["cursor"])

    def doubles(self) -> list[int]:
        return sorted(i for i, n in self.applied.items() if n > 1)

    def gaps(self, expected: set[int]) -> list[int]:
        return sorted(expected - set(self.applied))


class FeedClient(FeedState):
    """One signed-in user's feed over HTTP and a real Socket.IO connection."""

    def __init__(self, base: str, username: str, *, password: str = PASSWORD):
        super().__init__()
        self.base = base
        self.username = username
        self.http = requests.Session()
        response = self.http.post(f"{base}/api/session",
                                  json={"username": username, "password": password}, timeout=10)
        response.raise_for_status()
        self.user_id = response.json()["user"]["id"]
        self.reloads = 0
        self._catching_up = threading.Lock()
        self.sio = None
        self.resync_seconds = 5
        self._stop = threading.Event()
        self._timer = None

    def mark(self) -> str:
        answer = self.http.get(f"{self.base}/api/events/last", timeout=10).json()
        self.reset(answer["cursor"])
        self.resync_seconds = answer["resync_seconds"]
        return self.cursor

    def catch_up(self) -> bool:
        """One catch-up over the socket (or HTTP when not connected); True when it answered.
        One at a time, as live.js does (its inFlight flag): the timer and a reconnect may ask
        together."""
        with self._catching_up:
            return self._catch_up()

    def _catch_up(self) -> bool:
        cursor = self.cursor
        try:
            if self.sio is not None and self.sio.connected:
                reply = self.sio.call("catch_up", {"cursor": cursor}, timeout=15)
            else:
                reply = {"ok": True, **self.http.get(f"{self.base}/api/events",
                                                     params={"cursor": cursor}, timeout=15).json()}
        except Exception:  # noqa: BLE001 - a dropped connection: the next try catches up
            return False
        if not reply or not reply.get("ok"):
            return False
        if reply["reload"]:
            self.reloads += 1
            self.mark()
            return True
        self.take(reply)
        return True

    # -- the socket -----------------------------------------------------------------------
    def connect(self, base: str | None = None) -> None:
        sio = socketio_client.Client(reconnection=False)
        sio.on("event", self.apply)
        sio.on("connect", lambda: sio.start_background_task(self.catch_up))
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        sio.connect(base or self.base, headers={"Cookie": cookie}, transports=["websocket"],
                    wait_timeout=10)
        self.sio = sio

    def disconnect(self) -> None:
        if self.sio is not None:
            with contextlib.suppress(Exception):  # already gone
                self.sio.disconnect()
            self.sio = None

    def start_resync(self, *, reconnect_to: str | None = None) -> None:
        """Catch up every resync_seconds while running, as live.js does while connected; with
        `reconnect_to`, connect again there when the connection was lost (socket.io-client's
        reconnection, which connects and so catches up)."""
        def loop():
            while not self._stop.wait(self.resync_seconds):
                if self.sio is not None and self.sio.connected:
                    self.catch_up()
                elif reconnect_to:
                    with contextlib.suppress(Exception):  # not up yet: next round
                        self.disconnect()
                        self.connect(reconnect_to)
        self._timer = threading.Thread(target=loop, daemon=True)
        self._timer.start()

    def close(self) -> None:
        self._stop.set()
        self.disconnect()
