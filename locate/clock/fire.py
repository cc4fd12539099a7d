"""Raising an alert: once per key, told and audited in the same transaction.

The INSERT ... ON CONFLICT (key) DO NOTHING is what makes an alert fire once whatever runs
the tick: a second process inserting the same key waits for the first one's transaction and
then inserts nothing, so only the process whose row went in records the event and the audit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from .. import audit
from ..access import alert_audience
from ..domain import audience
from ..domain.alerts import Alert
from ..live import events
from ..models import AlertRow, Episode
from . import recipients

CLOCK_NAME = "review clock"  # the audit log's username for what the clock did


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def alert_dict(row: AlertRow, reference: str | None) -> dict:
    """An alert as the API and the event alert.raised carry it (no child's name)."""
    return {"id": row.id, "key": row.key, "kind": row.kind, "recipients": row.recipients,
            "due_at": iso(row.due_at), "raised_at": iso(row.raised_at),
            "team_id": row.team_id, "child_id": row.child_id, "episode_id": row.episode_id,
            "escalation_id": row.escalation_id, "reference": reference,
            "message": row.message, "told_user_ids": list(row.told_user_ids or ()),
            "resolved_at": iso(row.resolved_at)}


def reference_of(session, episode_id: int | None) -> str | None:
    if episode_id is None:
        return None
    return session.execute(select(Episode.reference).where(Episode.id == episode_id)).scalar()


def _insert(session, alert: Alert, now: datetime) -> int | None:
    statement = insert(AlertRow).values(
        key=alert.key, kind=alert.kind, recipients=alert.recipients, due_at=alert.due_at,
        raised_at=now, team_id=alert.team_id, child_id=alert.child_id,
        episode_id=alert.episode_id, escalation_id=alert.escalation_id,
        message=alert.message, told_user_ids=[],
    ).on_conflict_do_nothing(index_elements=["key"]).returning(AlertRow.id)
    return session.execute(statement).scalar_one_or_none()


def fire(session, alerts: list[Alert], *, now: datetime, hooks=None) -> list[AlertRow]:
    """Insert each alert not raised before; tell and audit those, and run its kind's hook
    (sources' on_fire). Returns the new rows. The caller commits."""
    raised = []
    for alert in sorted(alerts, key=lambda a: (a.due_at, a.key)):
        new_id = _insert(session, alert, now)
        if new_id is None:
            continue  # raised before, by this process or another
        told = recipients.people(session, alert)
        told_ids = sorted(u.id for u in told)
        session.execute(update(AlertRow).where(AlertRow.id == new_id)
                        .values(told_user_ids=told_ids))
        row = session.get(AlertRow, new_id, populate_existing=True)
        events.record(session, type="alert.raised",
                      payload={"alert": alert_dict(row, reference_of(session, row.episode_id))},
                      audience=alert_audience(row.team_id)
                      + audience.addressed_keys("alert", told_ids),
                      team_id=row.team_id, episode_id=row.episode_id, user_ids=told_ids)
        audit.record(session, user=None, username=CLOCK_NAME, action="create", entity="alert",
                     entity_id=row.id, child_id=row.child_id, kind=row.kind, key=row.key,
                     due_at=iso(row.due_at), told_user_ids=told_ids)
        hook = (hooks or {}).get(alert.kind)
        if hook is not None:
            hook(session, alert, now)
        raised.append(row)
    return raised


def resolve(session, *, current_keys: set[str], kinds: frozenset[str],
            now: datetime) -> list[AlertRow]:
    """Close the open alerts of these kinds whose cause no source found at `now` (the review
    done, the episode closed, the acknowledgement given, a later chase raised)."""
    rows = session.execute(select(AlertRow).where(
        AlertRow.resolved_at.is_(None), AlertRow.kind.in_(sorted(kinds)))
        .with_for_update(skip_locked=True)).scalars().all()
    done = [r for r in rows if r.key not in current_keys]
    for row in done:
        row.resolved_at = now
        session.flush()
        # Pages take the alert off their lists; nobody's phone is woken for it.
        events.record(session, type="alert.resolved",
                      payload={"alert": alert_dict(row, reference_of(session, row.episode_id))},
                      audience=alert_audience(row.team_id), team_id=row.team_id,
                      episode_id=row.episode_id)
        audit.record(session, user=None, username=CLOCK_NAME, action="update", entity="alert",
                     entity_id=row.id, child_id=row.child_id, kind=row.kind, resolved=True)
    return done
