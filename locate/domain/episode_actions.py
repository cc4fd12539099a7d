"""Which actions the episode page's header offers a role, from the permission table.

Each action is (key, label, permission, statuses it applies to); a role sees an action only
when allowed() grants the permission and the episode is in one of those states."""

from __future__ import annotations

from .permissions import MAP_ROLES, allowed

_ACTIONS = (
    ("grade", "Grade or review the risk", "risk.assess", ("open",)),
    ("found", "Mark found", "episode.update", ("open",)),
    ("close", "Close the episode", "episode.update", ("found",)),
    ("escalate", "Escalate a risk decision", "escalation.create", ("open", "found", "closed")),
    ("briefing", "Briefing sheet", "briefing.view", ("open",)),
)


def actions_for(role: str, status: str) -> list[tuple[str, str]]:
    """[(key, label)] in header order; "map" (show on the live map) for the map's roles."""
    found = [(key, label) for key, label, permission, statuses in _ACTIONS
             if status in statuses and allowed(role, permission)]
    if role in MAP_ROLES:
        found.append(("map", "Show on the live map"))
    return found


def action_url(key: str, episode_id: int) -> str:
    """Where each action goes (grading, found and escalation pages are their own)."""
    return {
        "grade": f"/episodes/{episode_id}/grade",
        "found": f"/episodes/{episode_id}/found",
        "close": f"/episodes/{episode_id}/close",
        "escalate": f"/escalations/new?episode={episode_id}",
        "briefing": f"/episodes/{episode_id}/briefing",
        "map": f"/map?episode={episode_id}",
    }[key]
