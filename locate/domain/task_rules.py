"""The task state machine: which action moves a task from which state to which.

unassigned -> assigned -> accepted -> en_route -> on_scene -> completed, and cancelled from any
state that is not finished. Sergeants assign, reassign, unassign and cancel; the assignee
accepts, declines, sets off, arrives and completes (with a result).
"""

from __future__ import annotations

from .errors import Conflict, Invalid

TERMINAL = frozenset({"completed", "cancelled"})
_ACTIVE = ("assigned", "accepted", "en_route", "on_scene")
# An officer holding a task in one of these is working the episode (and hears of sightings).
ACTIVE = frozenset(_ACTIVE)

# action -> {from_state: to_state}
TRANSITIONS: dict[str, dict[str, str]] = {
    "assign": {"unassigned": "assigned"},
    "reassign": {s: "assigned" for s in _ACTIVE},
    "unassign": {s: "unassigned" for s in _ACTIVE},
    "accept": {"assigned": "accepted"},
    "decline": {"assigned": "unassigned"},
    "start": {"accepted": "en_route"},
    "arrive": {"accepted": "on_scene", "en_route": "on_scene"},
    "complete": {"accepted": "completed", "en_route": "completed", "on_scene": "completed"},
    "cancel": {s: "cancelled" for s in ("unassigned", *_ACTIVE)},
}

# Who may take an action: the supervisor side (task.assign / task.cancel) or the assignee.
SUPERVISOR_ACTIONS = frozenset({"assign", "reassign", "unassign", "cancel"})
ASSIGNEE_ACTIONS = frozenset({"accept", "decline", "start", "arrive", "complete"})

ACTION_LABELS = {
    "assign": "Assign", "reassign": "Reassign", "unassign": "Unassign", "accept": "Accept",
    "decline": "Decline", "start": "En route", "arrive": "On scene", "complete": "Complete",
    "cancel": "Cancel",
}


def allowed_actions(status: str) -> list[str]:
    """Actions that are legal from a status, in a stable order."""
    return [a for a, moves in TRANSITIONS.items() if status in moves]


def next_status(status: str, action: str, *, result: str | None = None,
                has_assignee: bool = False) -> str:
    """The status after an action, or raise Conflict naming the actions that are allowed."""
    if action not in TRANSITIONS:
        raise Invalid(f"Unknown action {action!r}; use one of {', '.join(TRANSITIONS)}.")
    moves = TRANSITIONS[action]
    if status not in moves:
        allowed = allowed_actions(status)
        raise Conflict(
            f"A task that is {status.replace('_', ' ')} cannot be '{action}'d"
            + (f"; allowed: {', '.join(allowed)}." if allowed else "; it is finished."),
            allowed=allowed, task_status=status,
        )
    if action == "complete" and not (result and result.strip()):
        raise Invalid("Say what you found: a completed task needs a result.")
    if action in ("assign", "reassign") and not has_assignee:
        raise Invalid("Name an officer or a team to assign the task to.")
    return moves[status]


def check_version(current: int, expected: int) -> None:
    """Refuse an edit made against an older version of the task."""
    if expected != current:
        raise Conflict(
            f"The task changed since you loaded it (you had version {expected}, it is now "
            f"{current}). Reload it and try again.", current_version=current,
        )
