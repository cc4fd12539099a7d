"""Who is told: the team's duty inspector and its sergeants.

Inspectors found a duty inspector who was never told of a new missing child. So the answer is
never "nobody": the inspectors of the team who are on duty; if none has gone on duty, every
active inspector of the team; if the team has none, the force's active admins (who can see it
and act). Sergeants likewise: those on duty, else all the team's active sergeants. Callers put
these ids in an event's user_ids (Web Push) and its audience reaches their pages live.
"""

from __future__ import annotations

from sqlalchemy import select

from ...models import User


def _team_role(session, *, team_id: int, role: str) -> list[User]:
    return list(session.execute(
        select(User).where(User.team_id == team_id, User.role == role,
                           User.active.is_(True)).order_by(User.id)).scalars())


def _on_duty_else_all(people: list[User]) -> list[User]:
    on_duty = [u for u in people if u.on_duty]
    return on_duty or people


def duty_inspectors(session, *, team_id: int) -> list[User]:
    """The team's duty inspector(s): never an empty list while the force has an admin."""
    people = _on_duty_else_all(_team_role(session, team_id=team_id, role="inspector"))
    if people:
        return people
    return list(session.execute(
        select(User).where(User.role == "admin", User.active.is_(True))
        .order_by(User.id)).scalars())


def team_sergeants(session, *, team_id: int) -> list[User]:
    """The team's sergeants on duty, else all its active sergeants."""
    return _on_duty_else_all(_team_role(session, team_id=team_id, role="sergeant"))


def senior_officers(session) -> list[User]:
    """Who an escalation goes up to when the duty inspector has not decided it in time: the
    force's chief inspector or superintendent on duty, held by the admin role (force-wide,
    with escalation.respond; docs/decisions.md "Escalations"). On duty first, else all."""
    return _on_duty_else_all(list(session.execute(
        select(User).where(User.role == "admin", User.active.is_(True))
        .order_by(User.id)).scalars()))
