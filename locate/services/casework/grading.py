"""Grading with the APP questionnaire: what the page shows, the suggestion as answers change,
and the review that confirms or regrades (each with who, when and why, kept for good)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from ... import audit
from ...access import episode_audience, get_child, get_episode, require
from ...domain import grading
from ...domain.app_questions import answers_from_legacy, check_answers, factors_of, questions_json
from ...domain.errors import Conflict, Invalid
from ...domain.risk_review import grade_for_report
from ...domain.vocab import RISK_GRADE_LABELS, RISK_GRADES
from ...live import events
from ...models import Episode, RiskAssessment, User
from . import record_indicators
from .episodes import add_assessment, assessment_dict, episode_feature


def latest_assessment(session, episode: Episode) -> RiskAssessment | None:
    """The assessment the episode's grade comes from."""
    return session.execute(
        select(RiskAssessment).where(RiskAssessment.episode_id == episode.id)
        .order_by(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc()).limit(1)
    ).scalar_one_or_none()


def current_answers(row: RiskAssessment | None) -> dict:
    """The answers last recorded (an older assessment's factors read as answers)."""
    if row is None:
        return {}
    return dict(row.answers or answers_from_legacy(row.factors or {}, row.sources or {}))


def graded(session, *, episode: Episode, answers: dict, grade: str,
           below_suggestion_rationale: str | None) -> dict:
    """The suggestion for these answers and this record, and the officer's grade checked
    against it: the questionnaire's columns of a new assessment (refused, Invalid, when the
    grade is below the suggestion without a written rationale)."""
    record = record_indicators.gather(session, episode=episode)
    suggestion = grading.suggest(factors_of(answers), record)
    kept = grading.check_choice(grade, suggestion.grade, below_suggestion_rationale)
    return {"answers": answers, "record_indicators": record_indicators.as_json(record),
            "suggested_grade": suggestion.grade,
            "suggestion_reasons": [r.as_json() for r in suggestion.reasons],
            "below_suggestion_rationale": kept}


def opening(session, *, actor: User, child_id: int, risk: dict, on: datetime) -> dict:
    """The report's grading checked against the same rule as grading (issue 10): the
    suggestion from the child's record as of the report and the factors sent; the grade the
    episode opens with (a carer's after its floor) below the suggestion needs
    below_suggestion_rationale (Invalid, nothing written). `risk` with the suggestion's
    columns added, for add_assessment."""
    record = record_indicators.gather_for_child(session, child_id=child_id, on=on)
    suggestion = grading.suggest(risk.get("factors") or {}, record)
    opens_with = grade_for_report(actor.role, risk["grade"])
    kept = grading.check_choice(opens_with, suggestion.grade,
                                risk.get("below_suggestion_rationale"))
    return {**risk, "record_indicators": record_indicators.as_json(record),
            "suggested_grade": suggestion.grade,
            "suggestion_reasons": [r.as_json() for r in suggestion.reasons],
            "below_suggestion_rationale": kept}


def for_report(session, *, actor: User, child_id: int) -> dict:
    """What the report page shows once the child is picked: the suggested grade with its
    reasons and the record they come from; audited as a view of the child's record."""
    require(actor, "episode.create")
    child = get_child(session, actor, child_id)
    record = record_indicators.gather_for_child(session, child_id=child.id,
                                                on=datetime.now(UTC))
    suggestion = grading.suggest({}, record)
    audit.record(session, user=actor, action="view", entity="report_suggestion",
                 entity_id=child.id, child_id=child.id, grade=suggestion.grade)
    session.commit()
    return {"child_id": child.id, "suggestion": suggestion.as_json(),
            "record_indicators": record_indicators.as_json(record),
            "floor": grade_for_report(actor.role, "no_apparent_risk")}


def checked_answers(raw: dict | None, *, now: datetime) -> dict:
    """The questionnaire's answers validated (sources, and no time in the future)."""
    answers = check_answers(raw or {})
    for key, value in answers.items():
        obtained = value["obtained_at"]
        if obtained and datetime.fromisoformat(obtained) > now:
            raise Invalid(f"The answer to {key!r} was obtained in the future.", question=key)
    return answers


def view(session, *, actor: User, episode_id: int) -> dict:
    """Everything the grading page shows: the questions, the answers so far, what is on
    record, the suggestion with its reasons, and the grade with its next review; audited."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "risk.assess")
    latest = latest_assessment(session, episode)
    answers = current_answers(latest)
    record = record_indicators.gather(session, episode=episode)
    suggestion = grading.suggest(factors_of(answers), record)
    audit.record(session, user=actor, action="view", entity="episode_grading",
                 entity_id=episode.id, child_id=episode.child_id,
                 risk_assessment_id=latest.id if latest else None)
    session.commit()
    return {
        "episode": {"id": episode.id, "reference": episode.reference, "status": episode.status,
                    "risk_grade": episode.risk_grade,
                    "next_review_due": (episode.next_review_due.isoformat()
                                        if episode.next_review_due else None),
                    "reported_by_name": episode.reported_by_name,
                    "reported_at": episode.reported_at.isoformat()},
        "questions": questions_json(),
        "answers": answers,
        "record_indicators": record_indicators.as_json(record),
        "suggestion": suggestion.as_json(),
        "grades": [{"value": g, "label": RISK_GRADE_LABELS[g]} for g in RISK_GRADES],
        "review_minutes": dict(current_app.config["REVIEW_MINUTES"]),
        "latest_assessment": assessment_dict(latest) if latest else None,
    }


def suggest(session, *, actor: User, episode_id: int, answers: dict) -> dict:
    """The suggested grade for answers being filled in (nothing recorded but the audit row:
    the suggestion reads the child's record)."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "risk.assess")
    record = record_indicators.gather(session, episode=episode)
    suggestion = grading.suggest({k: v["answer"] for k, v in answers.items()}, record)
    audit.record(session, user=actor, action="view", entity="grading_suggestion",
                 entity_id=episode.id, child_id=episode.child_id, grade=suggestion.grade)
    session.commit()
    return suggestion.as_json()


def review(session, *, actor: User, episode_id: int, decision: str, rationale: str,
           grade: str | None = None, answers: dict | None = None,
           below_suggestion_rationale: str | None = None) -> dict:
    """A supervisor's review: confirm the grade or regrade, with a rationale; the answers
    given replace those on record question by question. Sets the next review due."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "risk.assess")
    if episode.status != "open":
        raise Conflict("This episode is no longer open: there is nothing to review.")
    current = episode.risk_grade
    if decision == "confirm":
        if current is None:
            raise Invalid("The episode has no grade to confirm: regrade it.", field="decision")
        if grade is not None and grade != current:
            raise Invalid(f"Confirming keeps the grade {current!r}: to change it, regrade.",
                          field="grade")
        grade = current
    elif grade is None:
        raise Invalid("A regrade needs the new grade.", field="grade")
    elif grade == current:
        raise Invalid(f"The grade is already {grade!r}: confirm it instead.", field="grade")
    now = datetime.now(UTC)
    latest = latest_assessment(session, episode)
    merged = {**current_answers(latest), **checked_answers(answers, now=now)}
    columns = graded(session, episode=episode, answers=merged, grade=grade,
                     below_suggestion_rationale=below_suggestion_rationale)
    row = add_assessment(session, actor=actor, episode=episode, grade=grade,
                         rationale=rationale.strip(), factors=factors_of(merged),
                         sources=latest.sources if latest else {}, assessed_at=now,
                         kind="confirmed" if decision == "confirm" else "regraded", **columns)
    episode.version += 1
    session.flush()
    payload = {"assessment": assessment_dict(row), "decision": decision,
               "previous_grade": current, "episode": episode_feature(session, episode.id)}
    events.record(session, type="risk.reviewed", payload=payload, team_id=episode.team_id,
                  audience=episode_audience(session, episode), episode_id=episode.id,
                  actor_id=actor.id)
    audit.record(session, user=actor, action="create", entity="risk_review", entity_id=row.id,
                 child_id=episode.child_id, decision=decision, grade=grade,
                 previous_grade=current, suggested_grade=columns["suggested_grade"])
    session.commit()
    return payload["assessment"]
