"""Reviews past their due time, on open episodes: the sergeants, then the duty inspector."""

from __future__ import annotations

from sqlalchemy import select

from ...domain.review_clock import ClockSettings, EpisodeClock, review_alerts
from ...models import Episode
from . import Source


def settings_of(config) -> ClockSettings:
    return ClockSettings(escalate_minutes=config["REVIEW_ESCALATE_MINUTES"],
                         chase_minutes=config["HIGH_RISK_CHASE_MINUTES"])


def episode_clock(episode: Episode, **extra) -> EpisodeClock:
    return EpisodeClock(id=episode.id, reference=episode.reference, team_id=episode.team_id,
                        child_id=episode.child_id, grade=episode.risk_grade,
                        next_review_due=episode.next_review_due,
                        acknowledged_at=episode.acknowledged_at, **extra)


def find(session, *, now, config):
    settings = settings_of(config)
    episodes = session.execute(
        select(Episode).where(Episode.status == "open", Episode.next_review_due < now)
        .order_by(Episode.id)).scalars()
    for episode in episodes:
        yield from review_alerts(episode_clock(episode), now=now, settings=settings)


SOURCE = Source(name="reviews", kinds=frozenset({"review_overdue", "review_overdue_inspector"}),
                find=find)
