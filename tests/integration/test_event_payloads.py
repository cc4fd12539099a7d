"""Each event type's payload matches its schema, and the catch-up promise holds: state loaded
before + the events that followed, applied by id = state loaded after."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from locate.live.event_schemas import PAYLOADS, errors_for
from locate.models import Event, Task
from locate.services import feed
from locate.services.fieldwork import officers, task_flow
from tests import factories


def _events_after(session, last_id):
    return session.execute(sa.select(Event).where(Event.id > last_id).order_by(Event.id)).scalars().all()


def _team_tasks(session, team_id):
    ids = session.execute(sa.select(Task.id).where(Task.team_id == team_id)).scalars()
    return {i: task_flow.task_feature(session, i) for i in ids}


def test_task_events_match_schema_and_replay_to_the_same_state(session, world):
    extra = factories.task(session, episode_row=world.episode_a, by=world.sergeant_a)
    mark = feed.mark(session)  # read the mark BEFORE the state, as a page does
    before = _team_tasks(session, world.team_a.id)
    t = world.task_a
    task_flow.act(session, actor=world.constable_a, task_id=t.id, action="accept", version=t.version)
    task_flow.act(session, actor=world.sergeant_a, task_id=extra.id, action="assign",
                  version=extra.version, assignee_user_id=world.constable_a.id)
    task_flow.act(session, actor=world.constable_a, task_id=t.id, action="arrive",
                  version=session.get(Task, t.id).version)
    task_flow.act(session, actor=world.constable_a, task_id=t.id, action="complete",
                  version=session.get(Task, t.id).version, result="Found safe, returned home")
    task_flow.act(session, actor=world.sergeant_a, task_id=extra.id, action="cancel",
                  version=session.get(Task, extra.id).version)
    missed = feed.missed_events(session, user=world.sergeant_a, cursor=mark["cursor"], limit=100)
    types = [e["type"] for e in missed["events"]]
    assert types == ["task.updated", "task.assigned", "task.updated", "task.updated",
                     "task.cancelled"]
    state = dict(before)
    for event in missed["events"]:
        assert errors_for(event["type"], event["payload"]) == {}, event["type"]
        assert event["payload"]["from"] in ("unassigned", "assigned", "accepted", "on_scene")
        state[event["payload"]["task"]["id"]] = event["payload"]["task"]
        state[event["payload"]["task"]["id"]] = event["payload"]["task"]  # idempotent re-apply
    assert state == _team_tasks(session, world.team_a.id)


def test_officer_events_match_schema_and_replay(session, world):
    last = feed.mark(session)["last_event_id"]
    officers.set_on_duty(session, actor=world.constable_a, on_duty=True)
    officers.report_position(session, actor=world.constable_a, client_id=uuid.uuid4(),
                             lon=-1.55, lat=53.8, accuracy_m=8, recorded_at=datetime.now(UTC))
    events = _events_after(session, last)
    assert [e.type for e in events] == ["officer.duty", "officer.position"]
    for event in events:
        assert errors_for(event.type, event.payload) == {}
    assert events[-1].payload["position"] == {"type": "Point", "coordinates": [-1.55, 53.8]}


def test_every_recorded_event_type_has_a_schema():
    """Scan the services for events.record(type=...): each literal type needs a schema."""
    root = Path(__file__).resolve().parents[2] / "locate"
    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r'type="([a-z_]+\.[a-z_]+)"', path.read_text()))
    found |= {"task.assigned", "task.reassigned", "task.cancelled", "task.updated"}
    missing = found - set(PAYLOADS)
    assert not missing, f"event types without a payload schema: {sorted(missing)}"
