"""The episode timeline: everything that happened on one episode, in order, on one page.

Assembled from the per-source queries in sources.py; partners (carers) get it without
police tasking, as tasks_scope refuses them tasks everywhere else."""

from __future__ import annotations

from ... import audit
from ...access import get_episode, require
from ...domain.permissions import allowed
from ...models import Episode, User
from .header import header
from .sources import KIND_ORDER, POLICE_ONLY, SOURCES, SUPERVISORS_ONLY, Entry


def sources_for(actor: User):
    """The sources the actor's role may read: police tasking only with task.view, the
    clock's alerts only with alert.view."""
    return (SOURCES + (POLICE_ONLY if allowed(actor.role, "task.view") else ())
            + (SUPERVISORS_ONLY if allowed(actor.role, "alert.view") else ()))


def entries(session, *, actor: User, episode: Episode) -> list[Entry]:
    """Every entry the actor may see, oldest first (ties in the order of KIND_ORDER)."""
    found = [entry for source in sources_for(actor) for entry in source(session, episode)]
    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda e: (e.at, rank.get(e.kind, len(rank)), e.key))


def for_episode(session, *, actor: User, episode_id: int) -> dict:
    """The timeline of an episode the actor can see; audited as a view of the child's data."""
    require(actor, "episode.view")
    episode = get_episode(session, actor, episode_id)
    rows = entries(session, actor=actor, episode=episode)
    audit.record(session, user=actor, action="view", entity="episode_timeline",
                 entity_id=episode.id, child_id=episode.child_id, episode_id=episode.id, count=len(rows))
    session.commit()
    return {**header(session, episode), "entries": [e.as_dict() for e in rows]}
