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

# --- A force's own distance table (issue 11): the coordinator who knows the force's figures, and
# the admins; it changes the rings everyone sees and the ranking's distance decay.
PERMISSIONS.update({role: PERMISSIONS[role] | {"distance_table.manage"}
                    for role in ("coordinator", "admin")})
# --- The review clock (issue 10): its alerts are for the team's supervisors and the admins
# who stand in for a team without an inspector; never constables' tasking, never carers.
ALERT_READERS = ("sergeant", "inspector", "admin")
PERMISSIONS.update({role: PERMISSIONS[role] | {"alert.view"} for role in ALERT_READERS})
# --- Escalations (issue 10, c5) --------------------------------------------------------------
# Reading escalations: the police who answer them (not constables: they carry tasks, not
# decisions) and carers, who see their own organisation's. A placement answers a police
# concern about itself (escalation.answer); a carer's escalation is decided by
# escalation.respond (duty inspector; once sent up, a senior officer: docs/decisions.md).
for _role in ("sergeant", "inspector", "coordinator", "admin", "partner"):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {"escalation.view"}
PERMISSIONS["partner"] = PERMISSIONS["partner"] | {"escalation.answer"}
PERMISSIONS["coordinator"] = PERMISSIONS["coordinator"] | {"outcome.view"}
PERMISSIONS["admin"] = PERMISSIONS["admin"] | {"outcome.view"}
PERMISSIONS["inspector"] = PERMISSIONS["inspector"] | {"outcome.view"}


TEAM_SCOPED = frozenset({"constable", "sergeant", "inspector"})
FORCE_WIDE = frozenset({"coordinator", "admin"})


def allowed(role: str, permission: str) -> bool:
    """True when the role holds the permission."""
    return permission in PERMISSIONS.get(role, frozenset())


# The pages of the product and who they are for: constables work from the phone app,
# sergeants and inspectors from the live map; everyone can read the open episodes.
MAP_ROLES = frozenset({"sergeant", "inspector", "coordinator", "admin"})
_LANDING = {"constable": "app", "sergeant": "map", "inspector": "map", "coordinator": "map",
            "admin": "map", "partner": "carer"}


def pages_for(role: str) -> list[str]:
    """The pages a role's navigation offers, in menu order."""
    pages = ["carer"] if role in CARER_ROLES else []
    pages.append("episodes")
    if role in MAP_ROLES:
        pages.append("map")
    if allowed(role, "task.progress"):
        pages.append("app")
    if allowed(role, "analysis.view"):
        pages.append("desk")
    if allowed(role, "inspector.desk"):
        pages.insert(0, "inspector")
    if allowed(role, "episode.create"):
        pages.append("report")
    return pages


def landing_page(role: str) -> str:
    """Where a role lands after signing in (one of pages_for(role))."""
    return _LANDING.get(role, "episodes")


# --- Carers keep the Philomena profile (issue 10) ---------------------------------------------
# Carers land on their organisation's children (/carer), each with how current its profile is.
CARER_ROLES = frozenset({"partner"})
# A transfer of placement moves the child (and its profile) to another organisation. Who may:
# the sending organisation's carer (they know the child is leaving), the child's team's
# sergeant or inspector and an administrator (a placement ended in an emergency, the home
# closed); never the receiving home alone, which could otherwise take any child's record.
# children_scope still applies: each can transfer only a child they can see.
for _role in ("partner", "sergeant", "inspector", "admin"):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {"child.transfer"}
# --- Issue 10: reporting a child missing, and the duty inspector's desk ------------------------
# Constables take calls and meet carers at the door: they report a child missing too (with no
# profile on file, the report makes the child with the minimum the call gave).
PERMISSIONS["constable"] = PERMISSIONS["constable"] | {"episode.create"}
# The duty inspector's desk (new episodes, high risk awaiting acknowledgement, overdue reviews,
# open escalations): inspectors for their team, admins force-wide. Inspectors land there.
for _role in ("inspector", "admin"):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {"inspector.desk"}
_LANDING["inspector"] = "inspector"
# --- the episode page and the briefing sheet (issue 10) --------------------------------------
# The briefing sheet is for the police officers searching and those directing them; carers
# see the episode page and its timeline (without tasking), not the police briefing.
for _role in ("constable", "sergeant", "inspector", "coordinator", "admin"):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {"briefing.view"}
del _role
