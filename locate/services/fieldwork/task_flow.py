"""Moving a task through its states: assign, accept, set off, arrive, complete, cancel.

One use case: load the task in scope, check who may act and against which version, apply the
pure state machine, write the task and its transition, record the event, audit, commit once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from ... import audit
from ...access import get_task, require, task_audience
from ...domain.clock import check_acted_at
from ...domain.errors import Forbidden, Invalid
from ...domain.permissions import allowed
from ...domain.task_rules import ASSIGNEE_ACTIONS, SUPERVISOR_ACTIONS, check_version, next_status
from ...live import events
from ...models import Child, ChildProfile, Episode, Task, TaskTransition, Team, User
from ..geojson import one_feature

_EVENT_TYPES = {"assign": "task.assigned", "reassign": "task.reassigned",
                "unassign": "task.unassigned", "cancel": "task.cancelled"}


def derived_props() -> dict:
    """Task properties read from other tables, for the one task and the list alike.

    `child_name`: who the officer is looking for, named on every task card (the name the
    child goes by, as on the map's episode list). `status_acted_at` and `status_received_at`:
    when the current status was reached by the clock of whoever acted, and when the server
    received it; they differ when a phone kept the step through a dead spot."""
    latest = (select(TaskTransition.acted_at, TaskTransition.at)
              .where(TaskTransition.task_id == Task.id)
              .order_by(TaskTransition.id.desc()).limit(1))
    name = (select(func.concat(func.coalesce(ChildProfile.known_as, ChildProfile.first_name),
                               " ", ChildProfile.last_name))
            .join(Child, (Child.id == ChildProfile.child_id)
                  & (ChildProfile.version == Child.current_version))
            .join(Episode, Episode.child_id == Child.id)
            .where(Episode.id == Task.episode_id).scalar_subquery())
    return {"child_name": name,
            "status_acted_at": latest.with_only_columns(TaskTransition.acted_at)
            .scalar_subquery(),
            "status_received_at": latest.with_only_columns(TaskTransition.at).scalar_subquery()}


def task_feature(session, task_id: int) -> dict:
    """The task as a GeoJSON Feature, built in PostGIS: what the API answers and events carry."""
    assignee = select(User.display_name).where(User.id == Task.assignee_user_id).scalar_subquery()
    team = select(Team.name).where(Team.id == Task.assignee_team_id).scalar_subquery()
    child = select(Episode.child_id).where(Episode.id == Task.episode_id).scalar_subquery()
    return one_feature(
        session, select(Task.id).where(Task.id == task_id), geom=Task.geom, id_col=Task.id,
        props={
            "episode_id": Task.episode_id, "child_id": child, "team_id": Task.team_id,
            "kind": Task.kind, "title": Task.title, "instructions": Task.instructions,
            "priority": Task.priority, "due_at": Task.due_at, "status": Task.status,
            "assignee_user_id": Task.assignee_user_id, "assignee_name": assignee,
            "assignee_team_id": Task.assignee_team_id, "assignee_team_name": team,
            "result": Task.result, "version": Task.version, "created_at": Task.created_at,
            "updated_at": Task.updated_at,
            "geometry_type": func.GeometryType(Task.geom),
            **derived_props(),
        },
    )


def _may_act(actor: User, task: Task, action: str) -> None:
    if action in SUPERVISOR_ACTIONS:
        require(actor, "task.cancel" if action == "cancel" else "task.assign")
        return
    if action in ASSIGNEE_ACTIONS:
        require(actor, "task.progress")
        is_assignee = task.assignee_user_id == actor.id or (
            task.assignee_user_id is None and task.assignee_team_id == actor.team_id)
        if not (is_assignee or allowed(actor.role, "task.assign")):
            raise Forbidden("Only the officer the task is assigned to (or a supervisor) can "
                            "record its progress.")


def check_assignee(session, task: Task, user_id: int | None, team_id: int | None) -> None:
    if user_id is not None:
        officer = session.get(User, user_id)
        if (officer is None or not officer.active or officer.team_id != task.team_id
                or officer.role not in ("constable", "sergeant")):
            raise Invalid("Assign to an active constable or sergeant of the task's team.",
                          field="assignee_user_id")
    elif team_id is not None and team_id != task.team_id:
        raise Invalid("A task can be given only to its own team.", field="assignee_team_id")


def act(session, *, actor: User, task_id: int, action: str, version: int,
        result: str | None = None, note: str | None = None,
        assignee_user_id: int | None = None, assignee_team_id: int | None = None,
        client_id: uuid.UUID | None = None, acted_at: datetime | None = None) -> dict:
    """Apply one action to a task and answer the task as it now is. `acted_at` is when the
    person acted (a phone's tap, sent later when it had no signal); without it, now."""
    task = get_task(session, actor, task_id)
    if client_id is not None:
        seen = session.execute(select(TaskTransition).where(
            TaskTransition.client_id == client_id)).scalar_one_or_none()
        if seen is not None:
            if seen.task_id != task.id:
                raise Invalid("That client_id was already used for another task.")
            session.commit()
            return task_feature(session, task.id)  # a resend from the phone: already done
    _may_act(actor, task, action)
    now = datetime.now(UTC)
    acted_at = now if acted_at is None else check_acted_at(
        acted_at, now=now, not_before=task.created_at, before_what="the task was created")
    check_version(task.version, version)
    if action in ("assign", "reassign"):
        check_assignee(session, task, assignee_user_id, assignee_team_id)
    before_status, before_user = task.status, task.assignee_user_id
    task.status = next_status(task.status, action, result=result,
                              has_assignee=assignee_user_id is not None
                              or assignee_team_id is not None)
    if action in ("assign", "reassign"):
        task.assignee_user_id, task.assignee_team_id = assignee_user_id, assignee_team_id
    elif action in ("unassign", "decline"):
        task.assignee_user_id = task.assignee_team_id = None
    if action == "complete":
        task.result = result.strip()
    task.updated_at = now
    session.add(TaskTransition(task_id=task.id, client_id=client_id, action=action,
                               acted_at=acted_at, at=now,
                               from_status=before_status, to_status=task.status,
                               by_user_id=actor.id, assignee_user_id=task.assignee_user_id,
                               assignee_team_id=task.assignee_team_id, note=note))
    session.flush()  # bumps the version (version_id_col) and guards against a racing edit
    feature = task_feature(session, task.id)
    concerned = {u for u in (before_user, task.assignee_user_id) if u}
    events.record(session, type=_EVENT_TYPES.get(action, "task.updated"), actor_id=actor.id,
                  audience=task_audience(task), team_id=task.team_id, episode_id=task.episode_id, user_ids=concerned,
                  payload={"task": feature, "action": action, "from": before_status,
                           "to": task.status})
    audit.record(session, user=actor, action="update", entity="task", entity_id=task.id,
                 child_id=feature["properties"]["child_id"], task_action=action,
                 from_status=before_status, to_status=task.status)
    session.commit()
    return feature
