"""Who raises which escalation, and who may decide it. Pure (roles and levels as values).

A carer (partner) challenges a police decision: carer_to_police, decided by the duty inspector
and, once sent up for want of a decision in time, by a senior officer only (the admin role:
docs/decisions.md "Escalations"). Police raise the matching concern about a placement that
mismanages risk: police_to_care_provider, answered by that placement.
"""

from __future__ import annotations

from .errors import Conflict, Forbidden
from .permissions import allowed


def direction_for(role: str) -> str:
    """A carer escalates to the police; everyone else with escalation.create is police."""
    return "carer_to_police" if role == "partner" else "police_to_care_provider"


def check_may_decide(*, role: str, direction: str, level: str, status: str) -> None:
    """Raise unless this role may record the decision now."""
    if status == "resolved":
        raise Conflict("This escalation is already decided.")
    if direction == "carer_to_police":
        if not allowed(role, "escalation.respond"):
            raise Forbidden("A carer's escalation is decided by the duty inspector or a "
                            "senior officer.")
        if level == "senior" and role != "admin":
            raise Forbidden("This escalation was sent up to a senior officer: it is theirs "
                            "to decide now.")
        return
    if not allowed(role, "escalation.answer"):
        raise Forbidden("A concern about a placement is answered by the placement.")
