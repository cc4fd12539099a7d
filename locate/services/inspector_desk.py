"""The duty inspector's desk: what needs an inspector now, in four lists.

New episodes of this shift, high-risk episodes awaiting the inspector's acknowledgement,
open episodes whose review is overdue, and open escalations. Scoped like every read (an
inspector their team's, an admin force-wide) and audited as one view. The page re-reads it on
every episode./risk./alert./escalation. event, so each list is live.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..access import children_scope, episodes_scope, require
from ..models import Child, Episode, Escalation, User

# The name the episode list shows (known-as first), the same SQL as every episode answer.
from .casework.episodes import _display_name as episode_child_name

_LIMIT = 200  # per list: a desk longer than this is a major incident, not a shift


def _iso(value):
    return value.isoformat() if value else None


def _episodes(session, actor: User, *conditions, order) -> list[dict]:
    rows = session.execute(
        select(Episode, episode_child_name()).where(episodes_scope(actor), *conditions)
        .order_by(*order, Episode.id.desc()).limit(_LIMIT)).all()
    return [{"id": e.id, "reference": e.reference, "child_id": e.child_id, "child_name": name,
             "team_id": e.team_id, "status": e.status, "risk_grade": e.risk_grade,
             "reported_at": _iso(e.reported_at), "last_seen_at": _iso(e.last_seen_at),
             "last_seen_description": e.last_seen_description,
             "next_review_due": _iso(e.next_review_due),
             "acknowledged_at": _iso(e.acknowledged_at), "version": e.version}
            for e, name in rows]


def _escalations(session, actor: User) -> list[dict]:
    visible = (Escalation.episode_id.in_(select(Episode.id).where(episodes_scope(actor)))
               | (Escalation.episode_id.is_(None)
                  & Escalation.child_id.in_(select(Child.id).where(children_scope(actor)))))
    rows = session.execute(
        select(Escalation, Episode.reference).outerjoin(Episode, Episode.id == Escalation.episode_id)
        .where(Escalation.status == "open", visible)
        .order_by(Escalation.raised_at, Escalation.id).limit(_LIMIT)).all()
    return [{"id": x.id, "episode_id": x.episode_id, "episode_reference": reference,
             "child_id": x.child_id, "direction": x.direction, "reason": x.reason,
             "raised_at": _iso(x.raised_at), "status": x.status} for x, reference in rows]


def desk(session, *, actor: User, now: datetime | None = None) -> dict:
    """The four lists for the actor's scope; audited once with every id shown."""
    require(actor, "inspector.desk")
    now = now or datetime.now(UTC)
    hours = current_app.config["INSPECTOR_DESK_NEW_HOURS"]
    since = now - timedelta(hours=hours)
    is_open = Episode.status == "open"
    body = {
        "now": now.isoformat(), "new_since": since.isoformat(), "new_hours": hours,
        "new_episodes": _episodes(session, actor, Episode.reported_at >= since,
                                  order=(Episode.reported_at.desc(),)),
        "awaiting_acknowledgement": _episodes(
            session, actor, is_open, Episode.risk_grade == "high",
            Episode.acknowledged_at.is_(None), order=(Episode.reported_at,)),
        # Ungraded counts as overdue too (domain/risk_review.is_overdue).
        "overdue_reviews": _episodes(
            session, actor, is_open,
            (Episode.next_review_due < now) | Episode.next_review_due.is_(None),
            order=(Episode.next_review_due.asc().nulls_first(),)),
        "open_escalations": _escalations(session, actor),
    }
    shown = sorted({e["id"] for key in ("new_episodes", "awaiting_acknowledgement",
                                        "overdue_reviews") for e in body[key]})
    audit.record(session, user=actor, action="view", entity="inspector_desk",
                 episode_ids=shown, escalation_ids=[x["id"] for x in body["open_escalations"]])
    session.commit()
    return body
