"""Raise an escalation on an episode: a carer's challenge, or police concern about a placement.
Whoever must answer is told at once (event user_ids and Web Push) and the telling is a step."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ... import audit
from ...access import escalation_audience, get_episode, require
from ...domain.errors import Invalid
from ...domain.escalation_rules import direction_for
from ...live import events
from ...models import Child, Escalation, RiskAssessment, User
from ..accounts.duty import duty_inspectors
from .records import add_step, escalation_dict


def _placement_staff(session, organisation_id: int) -> list[User]:
    return list(session.execute(
        select(User).where(User.organisation_id == organisation_id, User.role == "partner",
                           User.active.is_(True)).order_by(User.id)).scalars())


def raise_escalation(session, *, actor: User, episode_id: int, subject: str, reason: str,
                     risk_assessment_id: int | None = None) -> dict:
    """Open an escalation about an episode the actor can see, during it or after."""
    require(actor, "escalation.create")
    episode = get_episode(session, actor, episode_id)
    if risk_assessment_id is not None:
        found = session.execute(select(RiskAssessment.id).where(
            RiskAssessment.id == risk_assessment_id,
            RiskAssessment.episode_id == episode.id)).scalar_one_or_none()
        if found is None:
            raise Invalid("That risk assessment is not one of this episode's.",
                          field="risk_assessment_id")
    organisation_id = session.execute(select(Child.organisation_id)
                                      .where(Child.id == episode.child_id)).scalar_one()
    direction = direction_for(actor.role)
    if direction == "police_to_care_provider" and organisation_id is None:
        raise Invalid("This child has no placement on record to raise a concern about.",
                      field="episode_id")
    now = datetime.now(UTC)
    row = Escalation(episode_id=episode.id, child_id=episode.child_id, team_id=episode.team_id,
                     organisation_id=organisation_id, direction=direction, subject=subject,
                     reason=reason, status="open", level="duty_inspector",
                     risk_assessment_id=risk_assessment_id, raised_by_id=actor.id, raised_at=now)
    session.add(row)
    session.flush()
    add_step(session, escalation=row, step="raised", at=now, actor_id=actor.id)
    told = (duty_inspectors(session, team_id=episode.team_id) if direction == "carer_to_police"
            else _placement_staff(session, organisation_id))
    add_step(session, escalation=row, step="notified", at=now, user_ids=[u.id for u in told],
             note="Told at once: live on their pages and by push.")
    payload = {"escalation": escalation_dict(session, row)}
    events.record(session, type="escalation.raised", payload=payload, team_id=row.team_id,
                  audience=escalation_audience(row), episode_id=episode.id, actor_id=actor.id,
                  user_ids=[u.id for u in told])
    audit.record(session, user=actor, action="create", entity="escalation", entity_id=row.id,
                 child_id=row.child_id, episode_id=episode.id, direction=direction,
                 notified=[u.id for u in told])
    session.commit()
    return payload["escalation"]
