"""Reading the event feed: which rooms a user hears, and what they missed."""

from __future__ import annotations

from sqlalchemy import any_, func, literal, or_, select

from ..domain.permissions import FORCE_WIDE, TEAM_SCOPED
from ..events import as_message
from ..models import Event, User


def rooms_for_user(user: User) -> list[str]:
    """Rooms a connected user joins: their own, their team's, and force-wide for managers."""
    rooms = [f"user:{user.id}"]
    if user.role in TEAM_SCOPED and user.team_id:
        rooms.append(f"team:{user.team_id}")
    if user.role in FORCE_WIDE:
        rooms.append("force")
    return rooms


def visible_events(user: User):
    """WHERE clause on Event matching the rooms the user is in."""
    if user.role in FORCE_WIDE:
        return Event.id.isnot(None)
    clauses = [literal(user.id) == any_(Event.user_ids)]
    if user.role in TEAM_SCOPED and user.team_id:
        clauses.append(Event.team_id == user.team_id)
    return or_(*clauses)


def last_event_id(session) -> int:
    """The newest event id: a page reads this before it loads state."""
    return session.execute(select(func.coalesce(func.max(Event.id), 0))).scalar_one()


def missed_events(session, *, user: User, last_id: int, limit: int) -> dict:
    """Events after last_id the user may see, oldest first; reload if there are too many."""
    rows = session.execute(
        select(Event).where(Event.id > last_id, visible_events(user))
        .order_by(Event.id).limit(limit + 1)
    ).scalars().all()
    if len(rows) > limit:
        return {"reload": True, "events": [], "last_id": last_event_id(session)}
    return {"reload": False, "events": [as_message(r) for r in rows],
            "last_id": rows[-1].id if rows else last_id}
