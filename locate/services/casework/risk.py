"""Risk assessments: grade again, list the history, supervisor sign-off."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ... import audit
from ...access import episode_audience, episodes_scope, get_episode, get_visible, require
from ...domain.app_questions import answers_from_legacy, factors_of
from ...domain.errors import Conflict, NotFound
from ...live import events
from ...models import Episode, RiskAssessment, User
from . import grading
from .episodes import add_assessment, assessment_dict, episode_feature


def _announce(session, *, actor: User, episode: Episode, assessment: RiskAssessment,
              type: str) -> dict:
    """Record the event carrying the assessment and the episode summary it changed."""
    payload = {"assessment": assessment_dict(assessment),
               "episode": episode_feature(session, episode.id)}
    events.record(session, type=type, payload=payload, team_id=episode.team_id,
                  audience=episode_audience(session, episode),
                  episode_id=episode.id, actor_id=actor.id)
    return payload["assessment"]


def assess(session, *, actor: User, episode_id: int, grade: str, rationale: str,
           factors: dict, sources: dict, answers: dict | None = None,
           below_suggestion_rationale: str | None = None) -> dict:
    """Grade an episode again; its grade and next review due follow the new assessment.
    The questionnaire's answers (with their sources) and the record feed the suggestion;
    a grade below it needs below_suggestion_rationale, or nothing is written."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "risk.assess")
    now = datetime.now(UTC)
    answers = grading.checked_answers(answers, now=now)
    # Answers win over plain factors for the same question; other factors stay as sent.
    factors = {**factors, **factors_of(answers)}
    columns = grading.graded(session, episode=episode, grade=grade,
                             answers=answers or answers_from_legacy(factors, sources),
                             below_suggestion_rationale=below_suggestion_rationale)
    columns["answers"] = answers
    row = add_assessment(session, actor=actor, episode=episode, grade=grade, rationale=rationale,
                         factors=factors, sources=sources, assessed_at=now, **columns)
    episode.version += 1
    session.flush()
    result = _announce(session, actor=actor, episode=episode, assessment=row, type="risk.assessed")
    audit.record(session, user=actor, action="create", entity="risk_assessment",
                 entity_id=row.id, child_id=episode.child_id, grade=grade)
    session.commit()
    return result


def history(session, *, actor: User, episode_id: int) -> list[dict]:
    """An episode's assessments, newest first, each with who graded (name and role), when,
    why, its answers and the suggestion it was graded against; audited as one view."""
    episode = get_episode(session, actor, episode_id)
    pairs = session.execute(
        select(RiskAssessment, User.display_name, User.role)
        .join(User, User.id == RiskAssessment.assessor_id)
        .where(RiskAssessment.episode_id == episode.id)
        .order_by(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc())).all()
    rows = [p[0] for p in pairs]
    audit.record(session, user=actor, action="view", entity="risk_assessment_list",
                 entity_id=episode.id, child_id=episode.child_id,
                 risk_assessment_ids=[r.id for r in rows])
    session.commit()
    return [{**assessment_dict(r), "assessor_name": name, "assessor_role": role}
            for r, name, role in pairs]


def sign_off(session, *, actor: User, assessment_id: int, note: str | None) -> dict:
    """A supervisor, not the assessor, signs an assessment off once."""
    row = session.execute(
        select(RiskAssessment).join(Episode, Episode.id == RiskAssessment.episode_id)
        .where(RiskAssessment.id == assessment_id, episodes_scope(actor))
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No risk assessment {assessment_id} that you can see.")
    require(actor, "risk.signoff")
    if row.assessor_id == actor.id:
        raise Conflict("You made this assessment: another supervisor must sign it off.")
    if row.signed_off_at is not None:
        raise Conflict("This assessment is already signed off.")
    row.supervisor_id, row.signed_off_at, row.supervisor_note = actor.id, datetime.now(UTC), note
    episode = get_visible(session, Episode, row.episode_id, episodes_scope(actor))
    session.flush()
    result = _announce(session, actor=actor, episode=episode, assessment=row,
                       type="risk.signed_off")
    audit.record(session, user=actor, action="update", entity="risk_assessment",
                 entity_id=row.id, child_id=episode.child_id, signed_off=True)
    session.commit()
    return result

