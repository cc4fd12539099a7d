"""Open high-risk episodes the duty inspector has not acknowledged: chased until they are."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from sqlalchemy import select

from ...domain.review_clock import high_risk_alerts
from ...models import Episode, RiskAssessment
from . import Source
from .reviews import episode_clock, settings_of


def _high_since(grades) -> datetime | None:
    """The start of the latest unbroken run of high grades, from (grade, assessed_at) newest
    first: an acknowledgement given before it was for an earlier risk."""
    since = None
    for grade, assessed_at in grades:
        if grade != "high":
            break
        since = assessed_at
    return since


def find(session, *, now, config):
    settings = settings_of(config)
    episodes = session.execute(
        select(Episode).where(Episode.status == "open", Episode.risk_grade == "high")
        .order_by(Episode.id)).scalars().all()
    if not episodes:
        return
    rows = session.execute(
        select(RiskAssessment.episode_id, RiskAssessment.grade, RiskAssessment.assessed_at)
        .where(RiskAssessment.episode_id.in_([e.id for e in episodes]))
        .order_by(RiskAssessment.episode_id, RiskAssessment.assessed_at.desc(),
                  RiskAssessment.id.desc())).all()
    since = {episode_id: _high_since((r.grade, r.assessed_at) for r in group)
             for episode_id, group in groupby(rows, key=lambda r: r.episode_id)}
    for episode in episodes:
        # Graded high with no assessment on record (loaded history): chased from the report.
        started = since.get(episode.id) or episode.reported_at
        yield from high_risk_alerts(episode_clock(episode, high_since=started), now=now,
                                    settings=settings)


SOURCE = Source(name="high_risk", kinds=frozenset({"high_risk_unacknowledged"}), find=find)
