"""Which role may do what: one table, read by the access layer and the UI."""

from __future__ import annotations

_READ = {"child.view", "episode.view", "place.view", "sighting.view", "team.view"}
_OFFICER = _READ | {"task.view", "task.progress", "sighting.create", "position.report",
                    "user.view"}
_SERGEANT = _OFFICER | {
    "episode.create", "episode.update", "episode.link", "task.create", "task.assign",
    "task.cancel", "risk.assess", "place.create", "place.update", "child.update",
    "child.create", "escalation.create", "rhi.create",
    # "Check these first" for an episode they can see, and its top items made into tasks.
    "ranking.view", "ranking.task",
}

PERMISSIONS: dict[str, frozenset[str]] = {
    "constable": frozenset(_OFFICER),
    "sergeant": frozenset(_SERGEANT),
    "inspector": frozenset(_SERGEANT | {"risk.signoff", "escalation.respond"}),
    # Coordinators analyse force-wide; they change little beyond the places they learn of.
    "coordinator": frozenset(_READ | {"task.view", "analysis.view", "place.create",
                                      "escalation.create", "user.view", "export.create",
                                      "ranking.view", "ranking.task"}),
    "admin": frozenset(_SERGEANT | {"risk.signoff", "escalation.respond", "user.manage",
                                    "team.manage", "analysis.view", "user.view", "history.import",
                                    "export.create"}),
    # Carers and home staff: their own organisation's children, nothing of police tasking.
    "partner": frozenset({"child.view", "child.update", "child.create", "episode.view",
                          "episode.create", "sighting.create", "sighting.view", "place.view",
                          "place.create", "escalation.create", "rhi.create"}),
}

TEAM_SCOPED = frozenset({"constable", "sergeant", "inspector"})
FORCE_WIDE = frozenset({"coordinator", "admin"})


def allowed(role: str, permission: str) -> bool:
    """True when the role holds the permission."""
    return permission in PERMISSIONS.get(role, frozenset())


# The pages of the product and who they are for: constables work from the phone app,
# sergeants and inspectors from the live map; everyone can read the open episodes.
MAP_ROLES = frozenset({"sergeant", "inspector", "coordinator", "admin"})
_LANDING = {"constable": "app", "sergeant": "map", "inspector": "map", "coordinator": "map",
            "admin": "map", "partner": "episodes"}


def pages_for(role: str) -> list[str]:
    """The pages a role's navigation offers, in menu order."""
    pages = ["episodes"]
    if role in MAP_ROLES:
        pages.append("map")
    if allowed(role, "task.progress"):
        pages.append("app")
    if allowed(role, "analysis.view"):
        pages.append("desk")
    return pages


def landing_page(role: str) -> str:
    """Where a role lands after signing in (one of pages_for(role))."""
    return _LANDING.get(role, "episodes")


# --- the episode page and the briefing sheet (issue 10) --------------------------------------
# The briefing sheet is for the police officers searching and those directing them; carers
# see the episode page and its timeline (without tasking), not the police briefing.
for _role in ("constable", "sergeant", "inspector", "coordinator", "admin"):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {"briefing.view"}
del _role
