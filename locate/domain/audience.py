"""Who may hear an event: the read rule of the record it carries, as room keys.

One rule for HTTP and the socket. The API lets a user read a record when their role holds
the record's read permission and the record is in their scope: force-wide roles see every
record, team-scoped roles their team's, partners their organisation's children (locate/
access.py writes the same scopes as SQL). An event is stamped, when it is recorded, with a key
for every scope that may read its record; a user holds a key for every read permission of
their role in their own scope. A socket joins the rooms named by its user's keys, live events
go to the rooms named by the event's keys, and catch-up selects events whose keys meet the
user's: the same comparison, so what is heard live and what is caught up cannot differ.

A key is "<permission>@<scope>", e.g. "task.view@team:3", "sighting.view@org:5",
"episode.view@force", "sighting.view@user:12" (an event addressed to one user alone).
"""

from __future__ import annotations

from collections.abc import Iterable

from .permissions import FORCE_WIDE, PERMISSIONS, TEAM_SCOPED

# The kinds of record an event can carry, and the permission that reads each over HTTP.
READS: dict[str, str] = {
    "task": "task.view",
    "sighting": "sighting.view",
    "episode": "episode.view",
    "child": "child.view",
    "place": "place.view",
    "officer": "user.view",
    "alert": "alert.view",  # the review clock's alerts (locate/clock/)
    "escalation": "escalation.view",
}

# Kinds a partner may read within their organisation (access.py: children, their episodes,
# sightings and places). Tasks and officers are police tasking: never a partner's.
PARTNER_KINDS = frozenset({"sighting", "episode", "child", "place", "escalation"})

READ_PERMISSIONS = frozenset(READS.values())


def _key(permission: str, scope: str) -> str:
    return f"{permission}@{scope}"


def record_keys(kind: str, *, teams: Iterable[int | None] = (),
                organisations: Iterable[int | None] = ()) -> list[str]:
    """Every scope that may read a record of this kind held by these teams and organisations."""
    permission = READS[kind]
    keys = {_key(permission, "force")}
    keys.update(_key(permission, f"team:{t}") for t in teams if t)
    if kind in PARTNER_KINDS:
        keys.update(_key(permission, f"org:{o}") for o in organisations if o)
    return sorted(keys)


def addressed_keys(kind: str, user_ids: Iterable[int]) -> list[str]:
    """An event for these users alone (the caller has checked each may read the record)."""
    permission = READS[kind]
    return sorted({_key(permission, f"user:{u}") for u in user_ids})


def user_keys(*, role: str, user_id: int, team_id: int | None,
              organisation_id: int | None) -> list[str]:
    """The keys a user holds: each read permission of their role, in their own scope."""
    keys = []
    for permission in sorted(PERMISSIONS.get(role, frozenset()) & READ_PERMISSIONS):
        if role in FORCE_WIDE:
            keys.append(_key(permission, "force"))
        elif role in TEAM_SCOPED and team_id:
            keys.append(_key(permission, f"team:{team_id}"))
        elif role == "partner" and organisation_id:
            kind = next(k for k, p in READS.items() if p == permission)
            if kind in PARTNER_KINDS:
                keys.append(_key(permission, f"org:{organisation_id}"))
        keys.append(_key(permission, f"user:{user_id}"))
    return keys


def may_hear(event_keys: Iterable[str], held_keys: Iterable[str]) -> bool:
    """True when a user holding `held_keys` may hear an event stamped with `event_keys`."""
    return not set(event_keys).isdisjoint(held_keys)
