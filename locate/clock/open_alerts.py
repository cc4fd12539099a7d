"""Reading the clock's alerts: the open ones a supervisor may see, each audited as a view."""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..access import alerts_scope, require
from ..domain.errors import NotFound
from ..models import AlertRow, Episode, User
from .fire import alert_dict


def _with_references(session, rows: list[AlertRow]) -> list[dict]:
    ids = {r.episode_id for r in rows if r.episode_id}
    refs = dict(session.execute(select(Episode.id, Episode.reference)
                                .where(Episode.id.in_(ids))).all()) if ids else {}
    return [alert_dict(r, refs.get(r.episode_id)) for r in rows]


def list_open(session, *, actor: User, episode_id: int | None = None,
              kind: str | None = None) -> dict:
    """The open alerts of the actor's team (every team's for admins), newest due first."""
    require(actor, "alert.view")
    stmt = select(AlertRow).where(alerts_scope(actor), AlertRow.resolved_at.is_(None))
    if episode_id is not None:
        stmt = stmt.where(AlertRow.episode_id == episode_id)
    if kind is not None:
        stmt = stmt.where(AlertRow.kind == kind)
    rows = session.execute(stmt.order_by(AlertRow.due_at.desc(), AlertRow.id.desc())
                           .limit(200)).scalars().all()
    audit.record(session, user=actor, action="view", entity="alert_list",
                 child_ids=sorted({r.child_id for r in rows}), alert_ids=[r.id for r in rows])
    session.commit()
    return {"items": _with_references(session, rows)}


def get_one(session, *, actor: User, alert_id: int) -> dict:
    """One alert, open or resolved, if it is the actor's to see (else 404, as everywhere)."""
    require(actor, "alert.view")
    row = session.execute(select(AlertRow).where(AlertRow.id == alert_id, alerts_scope(actor))
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No alert {alert_id} that you can see.")
    audit.record(session, user=actor, action="view", entity="alert", entity_id=row.id,
                 child_id=row.child_id)
    session.commit()
    return _with_references(session, [row])[0]
