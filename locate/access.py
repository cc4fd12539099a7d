"""Access policy in one place: what each role and team may see and do.

Scopes are SQL expressions so that lists, maps and single reads share one rule, and a record
outside the caller's scope is simply not found (404), never revealed by a 403.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, false, select, true

from .domain import audience
from .domain.errors import Forbidden, NotFound
from .domain.permissions import FORCE_WIDE, TEAM_SCOPED, allowed
from .models import Child, Episode, Task, User


def require(user: User, permission: str) -> None:
    """Raise Forbidden unless the user's role holds the permission."""
    if not allowed(user.role, permission):
        raise Forbidden(f"Your role ({user.role}) may not do this ({permission}).")


def permission_required(permission: str):
    """Route decorator: 403 unless the signed-in user's role holds the permission."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not allowed(current_user.role, permission):
                abort(403, f"Your role ({current_user.role}) may not do this ({permission}).")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def children_scope(user: User):
    """WHERE clause on Child for what the user may see."""
    if user.role in FORCE_WIDE:
        return true()
    if user.role in TEAM_SCOPED:
        has_team_episode = exists().where(
            Episode.child_id == Child.id, Episode.team_id == user.team_id
        )
        return (Child.team_id == user.team_id) | has_team_episode
    if user.role == "partner" and user.organisation_id:
        return Child.organisation_id == user.organisation_id
    return false()


def episodes_scope(user: User):
    """WHERE clause on Episode for what the user may see."""
    if user.role in FORCE_WIDE:
        return true()
    if user.role in TEAM_SCOPED:
        return Episode.team_id == user.team_id
    if user.role == "partner" and user.organisation_id:
        return Episode.child_id.in_(
            select(Child.id).where(Child.organisation_id == user.organisation_id)
        )
    return false()


def tasks_scope(user: User):
    """WHERE clause on Task: police tasking is never shown to partners."""
    if user.role in FORCE_WIDE:
        return true()
    if user.role in TEAM_SCOPED:
        return Task.team_id == user.team_id
    return false()


def users_scope(user: User):
    """WHERE clause on User: officers see their own team; managers see all."""
    if user.role in FORCE_WIDE:
        return true()
    if user.role in TEAM_SCOPED:
        return User.team_id == user.team_id
    return User.id == user.id


def teams_visible(user: User) -> set[int] | None:
    """Team ids the user may see (None means every team)."""
    if user.role in FORCE_WIDE:
        return None
    if user.role in TEAM_SCOPED:
        return {user.team_id}
    return set()


def get_visible(session, model, record_id, scope):
    """Load one record within a scope, or raise NotFound."""
    row = session.execute(select(model).where(model.id == record_id, scope)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No {model.__name__.lower()} {record_id} that you can see.")
    return row


def get_child(session, user, child_id):
    return get_visible(session, Child, child_id, children_scope(user))


def get_episode(session, user, episode_id):
    return get_visible(session, Episode, episode_id, episodes_scope(user))


def get_task(session, user, task_id):
    return get_visible(session, Task, task_id, tasks_scope(user))


# --- who may hear an event about a record (domain/audience.py explains the keys) -------------
# Each mirrors the SQL scope above for the same record, so the socket delivers what the API
# would let a user read.

def task_audience(task: Task) -> list[str]:
    """tasks_scope: force-wide roles, and the team that holds the task."""
    return audience.record_keys("task", teams=[task.team_id])


def episode_audience(session, episode: Episode, kind: str = "episode") -> list[str]:
    """episodes_scope: force-wide roles, the episode's team, the child's organisation. Also
    the scope of the episode's sightings (kind="sighting")."""
    organisation = session.execute(
        select(Child.organisation_id).where(Child.id == episode.child_id)).scalar_one()
    return audience.record_keys(kind, teams=[episode.team_id], organisations=[organisation])


def child_audience(session, child: Child, kind: str = "child") -> list[str]:
    """children_scope: force-wide roles, the child's team and every team with an episode of
    the child, the child's organisation. Also the scope of the child's places (kind="place")."""
    teams = set(session.execute(
        select(Episode.team_id).where(Episode.child_id == child.id).distinct()).scalars())
    teams.add(child.team_id)
    return audience.record_keys(kind, teams=teams, organisations=[child.organisation_id])


def officer_audience(officer: User) -> list[str]:
    """users_scope with user.view: force-wide roles and the officer's own team."""
    return audience.record_keys("officer", teams=[officer.team_id])


def user_feed_keys(user: User) -> list[str]:
    """The keys a signed-in user holds: the rooms their socket joins, the filter of catch-up."""
    return audience.user_keys(role=user.role, user_id=user.id, team_id=user.team_id,
                              organisation_id=user.organisation_id)


# --- the review clock's alerts (locate/clock/) ------------------------------------------------

def alerts_scope(user: User):
    """WHERE clause on AlertRow: the team's supervisors, force-wide readers everything;
    a role without alert.view (constables, coordinators, carers) nothing."""
    from .models import AlertRow

    if not allowed(user.role, "alert.view"):
        return false()
    if user.role in FORCE_WIDE:
        return true()
    return AlertRow.team_id == user.team_id


def alert_audience(team_id: int) -> list[str]:
    """alerts_scope: the supervisors of the alert's team and the force-wide readers."""
    return audience.record_keys("alert", teams=[team_id])
# --- Escalations (issue 10, c5) --------------------------------------------------------------

def escalations_scope(user: User):
    """WHERE clause on Escalation: force-wide roles all; police the team that answers; a carer
    their organisation's (the placement that raised it, or that a police concern is about)."""
    from .models import Escalation

    if not allowed(user.role, "escalation.view"):
        return false()
    if user.role in FORCE_WIDE:
        return true()
    if user.role in TEAM_SCOPED:
        return Escalation.team_id == user.team_id
    if user.role == "partner" and user.organisation_id:
        return Escalation.organisation_id == user.organisation_id
    return false()


def get_escalation(session, user, escalation_id):
    from .models import Escalation

    return get_visible(session, Escalation, escalation_id, escalations_scope(user))


def escalation_audience(escalation) -> list[str]:
    """escalations_scope: force-wide roles, the answering team, the organisation."""
    return audience.record_keys("escalation", teams=[escalation.team_id],
                                organisations=[escalation.organisation_id])


# --- Transfers of placement (issue 10: the profile moves with the child) ---------------------

def child_transfer_audience(session, child: Child) -> list[str]:
    """Who hears that a child moved in: children_scope after the move (the receiving
    organisation, the child's new team, every team with an episode of it, force-wide roles)."""
    return child_audience(session, child)


def child_left_audience(transfer) -> list[str]:
    """Who hears only that a child left them: the old organisation's carers and the old team
    (and force-wide readers). From the commit on the carers may no longer read the child, and
    the team only while it holds one of its episodes, so the event names no child."""
    return audience.record_keys("child", teams=[transfer.from_team_id],
                                organisations=[transfer.from_organisation_id])
