"""Audit rows: who viewed or changed what, when and from where. Written in the caller's
transaction so a change and its audit row land together or not at all."""

from __future__ import annotations

from flask import has_request_context, request

from . import justification
from .models import AuditEntry, User


def record(session, *, user: User | None, action: str, entity: str, entity_id=None,
           child_id: int | None = None, username: str | None = None,
           episode_id: int | None = None, **details) -> AuditEntry:
    """Add one audit row to the session (the caller commits). A view of a child's data gets
    its justification (locate/justification.py), or is refused with 428 before anything is
    returned; `episode_id` names the episode consulted, when there is one."""
    entry = AuditEntry(
        user_id=user.id if user else None,
        username=user.username if user else username,
        role=user.role if user else None,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        child_id=child_id,
        details=details if episode_id is None else {**details, "episode_id": episode_id},
    )
    if action == "view" and child_id is not None and user is not None:
        entry.justification = justification.for_view(session, user, child_id=child_id,
                                                      episode_id=episode_id, view=entity)
    elif child_id is not None:
        justification.note_change(child_id)
    if has_request_context():
        entry.ip = request.remote_addr
        entry.user_agent = (request.user_agent.string or "")[:300]
        entry.route = f"{request.method} {request.path}"[:200]
    session.add(entry)
    return entry
