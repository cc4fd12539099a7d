"""Reading the event feed: which rooms a user hears, where a client stands, what it missed.

A client's position is a PostgreSQL snapshot (pg_snapshot as text, "xmin:xmax:xip,..."): the
set of transactions whose changes it has. Catch-up sends the events the user may hear that are
visible now and were not visible in that snapshot, and answers the current snapshot as the
next position. Transactions commit in any order, and an event's id says nothing about when it
became visible; its transaction id against a snapshot says exactly that, so nothing committed
late is ever stepped over, and nothing is sent twice by catch-up. docs/decisions.md, "The live
feed's guarantee", has the whole argument.
"""

from __future__ import annotations

import re

from sqlalchemy import text

from .. import audit
from ..access import user_feed_keys
from ..domain.errors import Invalid
from ..live.events import as_message
from ..models import User

# xmin:xmax:xip1,xip2,... (decimal xid8 values); bounded so a forged cursor costs nothing.
_CURSOR = re.compile(r"^(\d{1,19}):(\d{1,19}):((?:\d{1,19})(?:,\d{1,19})*)?$")
CURSOR_MAX_LENGTH = 20_000


def parse_cursor(cursor: str) -> str:
    """The cursor if it is a well-formed snapshot, else Invalid (a 422 at the edge)."""
    match = _CURSOR.match(cursor) if isinstance(cursor, str) else None
    if not match or len(cursor) > CURSOR_MAX_LENGTH:
        raise Invalid("cursor must be the value answered by /api/events/last or a catch-up.",
                      field="cursor")
    xmin, xmax = int(match[1]), int(match[2])
    xip = [int(x) for x in match[3].split(",")] if match[3] else []
    if not (0 < xmin <= xmax < 2**63) or any(not xmin <= x < xmax for x in xip):
        raise Invalid("cursor is not a snapshot this feed answered.", field="cursor")
    return cursor


def rooms_for_user(user: User) -> list[str]:
    """Rooms a connected user joins: one per key they hold (domain/audience.py)."""
    return user_feed_keys(user)


def record_join(session, *, user: User, rooms: list[str]) -> None:
    """Audit a socket joining the feed: with each event's audience, who could hear what."""
    audit.record(session, user=user, action="view", entity="live_feed", rooms=rooms)
    session.commit()


def _as_seen_from_outside(cursor: str, own_xid: str | None) -> str:
    """A snapshot leaves out the reading transaction's own id, as if it were already done. If
    the reader has written (its events are not committed yet), list it as still running, so
    that the cursor does not count its events as held."""
    if own_xid is None:
        return cursor
    xmin, xmax, xip = cursor.split(":")
    own = int(own_xid)
    if not int(xmin) <= own < int(xmax):
        return cursor  # at or past xmax: not counted as held anyway
    running = sorted({int(x) for x in xip.split(",") if x} | {own})
    return f"{xmin}:{xmax}:{','.join(map(str, running))}"


_MARK = text("SELECT pg_current_snapshot()::text AS cursor, "
             "pg_current_xact_id_if_assigned()::text AS own_xid, "
             "coalesce((SELECT max(id) FROM events), 0) AS last_id")


def mark(session) -> dict:
    """Where the feed stands now: a page reads this BEFORE it loads state, then catches up
    from the cursor. Read-only: it leaves no transaction id behind."""
    row = session.execute(_MARK).one()
    return {"cursor": _as_seen_from_outside(row.cursor, row.own_xid),
            "last_event_id": row.last_id}


# One statement, so the rows and the snapshot answered as the next cursor are the same view.
_MISSED = text("""
WITH now_snapshot AS (SELECT pg_current_snapshot() AS snap)
SELECT now_snapshot.snap::text AS cursor,
       pg_current_xact_id_if_assigned()::text AS own_xid, e.id, e.xid, e.type, e.at, e.actor_id, e.team_id,
       e.episode_id, e.user_ids, e.payload
FROM now_snapshot
LEFT JOIN LATERAL (
    SELECT ev.* FROM events ev
    WHERE ev.xid >= pg_snapshot_xmin(CAST(:cursor AS pg_snapshot))::text::bigint
      AND NOT pg_visible_in_snapshot(ev.xid::text::xid8, CAST(:cursor AS pg_snapshot))
      AND ev.audience && CAST(:keys AS text[])
    ORDER BY ev.id
    LIMIT :limit
) e ON true
""")

# Where a payload names the child it is about (episode, sighting, place and task Features,
# child.updated, and the nested forms of risk and sighting.near events).
_CHILD_PATHS = (("properties",), ("task", "properties"), ("sighting", "properties"),
                ("episode", "properties"), ())


def _child_ids(payload: dict) -> set[int]:
    found = set()
    for path in _CHILD_PATHS:
        node = payload
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        child = node.get("child_id") if isinstance(node, dict) else None
        if isinstance(child, int):
            found.add(child)
    return found


def missed_events(session, *, user: User, cursor: str, limit: int) -> dict:
    """Events the user may hear that committed since `cursor`, oldest id first, with the
    cursor to ask from next; reload when there are more than `limit`. A read of children's
    data, so an answer that carries events is audited like any other read."""
    cursor = parse_cursor(cursor)
    rows = session.execute(_MISSED, {"cursor": cursor, "keys": user_feed_keys(user),
                                     "limit": limit + 1}).all()
    now = _as_seen_from_outside(rows[0].cursor, rows[0].own_xid)
    found = [r for r in rows if r.id is not None]
    if len(found) > limit:
        session.rollback()
        return {"reload": True, "events": [], **mark(session)}
    if not found:
        session.rollback()
        return {"reload": False, "events": [], "cursor": now}
    messages = [as_message(r) for r in found]
    children = sorted(set().union(*(_child_ids(m["payload"]) for m in messages)))
    audit.record(session, user=user, action="view", entity="event_list",
                 child_id=children[0] if len(children) == 1 else None,
                 event_ids=[m["id"] for m in messages], child_ids=children)
    session.commit()
    return {"reload": False, "events": messages, "cursor": now}
