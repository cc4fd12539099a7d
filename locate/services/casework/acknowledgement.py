"""The duty inspector's acknowledgement of a high-risk episode.

A high-risk episode needs an inspector to say, on the record, that they know of it and own it
(the research file: a duty inspector never told of a new missing child did nothing all shift).
acknowledged_at / acknowledged_by_id hold it; a later assessment that raises the episode to high
again clears them (episodes.add_assessment), so each new high risk is acknowledged afresh. The
review clock (another module) chases episodes that stay high and unacknowledged; this is only
the action that stops the chase.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ... import audit
from ...access import episode_audience, get_episode, require
from ...domain.errors import Conflict
from ...live import events
from ...models import User
from .episodes import episode_feature


def acknowledge(session, *, actor: User, episode_id: int, note: str | None = None) -> dict:
    """Acknowledge an open high-risk episode once per high grade; 409 otherwise."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "risk.signoff")
    if episode.status != "open":
        raise Conflict(f"This episode is {episode.status}: only an open episode is "
                       f"acknowledged.")
    if episode.risk_grade != "high":
        raise Conflict("Only a high-risk episode needs the duty inspector's acknowledgement "
                       f"(this one is graded {episode.risk_grade or 'not at all'}).")
    if episode.acknowledged_at is not None:
        raise Conflict(f"This high risk was already acknowledged at "
                       f"{episode.acknowledged_at.isoformat(timespec='minutes')}.")
    episode.acknowledged_at, episode.acknowledged_by_id = datetime.now(UTC), actor.id
    episode.version += 1
    session.flush()
    feature = episode_feature(session, episode.id)
    events.record(session, type="episode.acknowledged", payload=feature,
                  team_id=episode.team_id, audience=episode_audience(session, episode),
                  episode_id=episode.id, actor_id=actor.id)
    audit.record(session, user=actor, action="update", entity="episode", entity_id=episode.id,
                 child_id=episode.child_id, change="acknowledge", grade=episode.risk_grade,
                 note=note)
    session.commit()
    return feature
