"""What the review clock (locate/clock/) calls for return home interviews: a referred interview
not recorded within RHI_DUE_HOURS of the child being found (pure rule: domain/rhi_timing.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from ...domain.alerts import Alert
from ...domain.rhi_timing import InterviewClock, overdue_alert
from ...models import Child, Episode, ReturnHomeInterview


def due_alerts(session, *, now: datetime, config) -> list[Alert]:
    interviewed = exists().where(ReturnHomeInterview.episode_id == Episode.id)
    rows = session.execute(
        select(Episode.id, Episode.team_id, Episode.child_id, Episode.found_at,
               Episode.rhi_referred, interviewed, Child.organisation_id.is_not(None))
        .join(Child, Child.id == Episode.child_id)
        .where(Episode.rhi_referred.is_(True), ~interviewed)
        .order_by(Episode.found_at)).all()
    hours = config["RHI_DUE_HOURS"]
    alerts = (overdue_alert(InterviewClock(*r), now=now, due_hours=hours) for r in rows)
    return [a for a in alerts if a is not None]
