"""Search tasks: create (and assign) on an episode, list them on the map, read one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ... import audit, geo
from ...access import get_episode, get_task, require, task_audience, tasks_scope
from ...domain.errors import Invalid
from ...live import events
from ...models import Place, Sighting, Task, TaskTransition, User
from .. import geojson
from .task_flow import check_assignee, derived_props, task_feature


def _check_sources(session, *, episode, source_place_id, source_sighting_id) -> None:
    if source_place_id is not None:
        place = session.get(Place, source_place_id)
        if place is None or place.child_id != episode.child_id:
            raise Invalid("source_place_id is not a place of this episode's child.",
                          field="source_place_id")
    if source_sighting_id is not None:
        sighting = session.get(Sighting, source_sighting_id)
        if sighting is None or sighting.episode_id != episode.id:
            raise Invalid("source_sighting_id is not a sighting of this episode.",
                          field="source_sighting_id")


def create(session, **task) -> dict:
    """Create a task on a visible episode for its team, optionally assigned at once."""
    feature = add(session, **task)
    session.commit()
    return feature


def add(session, *, actor: User, episode_id: int, kind: str, title: str, geometry,
        priority: str = "normal", instructions: str | None = None, due_at=None,
        assignee_user_id: int | None = None, assignee_team_id: int | None = None,
        source_place_id: int | None = None, source_sighting_id: int | None = None,
        permission: str = "task.create") -> dict:
    """create() without the commit, so a use case making several tasks commits them together
    (the ranking's one click, under its own permission 'ranking.task')."""
    episode = get_episode(session, actor, episode_id)
    require(actor, permission)
    if assignee_user_id is not None or assignee_team_id is not None:
        require(actor, "task.assign")
    _check_sources(session, episode=episode, source_place_id=source_place_id,
                   source_sighting_id=source_sighting_id)
    task = Task(episode_id=episode.id, team_id=episode.team_id, kind=kind, title=title,
                geom=geo.to_db(geometry), instructions=instructions, priority=priority,
                due_at=due_at, source_place_id=source_place_id,
                source_sighting_id=source_sighting_id, created_by_id=actor.id,
                status="unassigned", updated_at=datetime.now(UTC))
    check_assignee(session, task, assignee_user_id, assignee_team_id)
    assigned = assignee_user_id is not None or assignee_team_id is not None
    if assigned:
        task.status = "assigned"
        task.assignee_user_id, task.assignee_team_id = assignee_user_id, assignee_team_id
    session.add(task)
    session.flush()
    session.add(TaskTransition(task_id=task.id, action="create", from_status=None,
                               to_status="unassigned", by_user_id=actor.id))
    if assigned:
        session.add(TaskTransition(task_id=task.id, action="assign", from_status="unassigned",
                                   to_status="assigned", by_user_id=actor.id,
                                   assignee_user_id=assignee_user_id,
                                   assignee_team_id=assignee_team_id))
    session.flush()
    feature = task_feature(session, task.id)
    events.record(session, type="task.created", payload={"task": feature},
                  audience=task_audience(task), team_id=task.team_id, episode_id=episode.id, actor_id=actor.id)
    if assigned:
        # The same shape task_flow gives task.assigned, so a phone handles both alike.
        change = {"task": feature, "action": "assign", "from": "unassigned", "to": "assigned"}
        events.record(session, type="task.assigned", payload=change,
                      audience=task_audience(task), team_id=task.team_id,
                      episode_id=episode.id, actor_id=actor.id,
                      user_ids=[assignee_user_id] if assignee_user_id else ())
    audit.record(session, user=actor, action="create", entity="task", entity_id=task.id,
                 child_id=episode.child_id, assignee_user_id=assignee_user_id)
    return feature


def _transition_dict(row: TaskTransition) -> dict:
    return {"id": row.id, "action": row.action, "from_status": row.from_status,
            "to_status": row.to_status, "at": row.at.isoformat(),
            # when it was done (a phone's tap) and when the server heard of it
            "acted_at": row.acted_at.isoformat(), "received_at": row.at.isoformat(),
            "by_user_id": row.by_user_id,
            "assignee_user_id": row.assignee_user_id, "assignee_team_id": row.assignee_team_id,
            "note": row.note}


def get(session, *, actor: User, task_id: int) -> dict:
    """One task with its transitions, oldest first; audited."""
    require(actor, "task.view")
    task = get_task(session, actor, task_id)
    feature = task_feature(session, task.id)
    rows = session.execute(select(TaskTransition).where(TaskTransition.task_id == task.id)
                           .order_by(TaskTransition.id)).scalars().all()
    feature["properties"]["transitions"] = [_transition_dict(r) for r in rows]
    audit.record(session, user=actor, action="view", entity="task", entity_id=task.id,
                 child_id=feature["properties"]["child_id"], episode_id=task.episode_id)
    session.commit()
    return feature


def list_text(session, *, actor: User, page: int, per_page: int, bbox=None, since=None,
              until=None, status=None, assignee=None, episode_id=None) -> str:
    """Visible tasks as FeatureCollection text, most recently updated first; audited once."""
    require(actor, "task.view")
    stmt = select(Task.id).where(tasks_scope(actor))
    if status:
        stmt = stmt.where(Task.status == status)
    if assignee == "me":
        stmt = stmt.where(Task.assignee_user_id == actor.id)
    if episode_id is not None:
        stmt = stmt.where(Task.episode_id == episode_id)
    order = (Task.updated_at.desc(), Task.id.desc())
    stmt = geojson.filtered(stmt, geom=Task.geom, time_col=Task.updated_at, bbox=bbox,
                            since=since, until=until)
    result = geojson.page_text(
        session, stmt, geom=Task.geom, id_col=Task.id,
        props={"episode_id": Task.episode_id, "team_id": Task.team_id, "kind": Task.kind,
               "title": Task.title, "status": Task.status, "priority": Task.priority,
               "due_at": Task.due_at, "assignee_user_id": Task.assignee_user_id,
               "assignee_team_id": Task.assignee_team_id, "updated_at": Task.updated_at,
               "version": Task.version, **derived_props()},
        order=order, page=page, per_page=per_page)
    audit.record(session, user=actor, action="view", entity="task_list", task_ids=result.ids,
                 count=len(result.ids))
    session.commit()
    return result.text
