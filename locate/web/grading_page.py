"""The grading page for sergeants and inspectors: what is on record first, the APP
questionnaire, the suggestion with its reasons, and the review that confirms or regrades."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from .. import access
from ..domain.app_questions import ANSWERS, GROUPS, QUESTIONS
from ..domain.vocab import RISK_GRADE_LABELS
from ..extensions import db
from ..models import Child, ChildProfile
from ..services.casework import grading

bp = Blueprint("grading_page", __name__)

# What the record says, in the order it is shown, and how each value reads.
_INDICATORS = (
    ("exploitation_markers", "Exploitation markers on the profile"),
    ("previous_harm", "Harm suffered in an earlier episode"),
    ("associates_of_concern", "Associates of concern"),
    ("previous_high_risk", "Earlier episodes graded high"),
    ("linked_places", "Places near other missing children's"),
    ("vulnerabilities", "Vulnerabilities on the profile"),
    ("medical_needs", "Medical needs on the profile"),
    ("longest_episode_hours", "Longest earlier episode"),
    ("previous_episodes", "Earlier episodes"),
    ("interview_places", "Places the child named at return home interviews"),
    ("interview_people", "People the child named at return home interviews"),
    ("age", "Age when reported"),
)
# Which reason source each row of the record gave (domain/grading.py names them).
_REASON_OF = {"longest_episode_hours": "episode_length"}


def _value(key, value):
    if value in (None, [], ()) or (key == "previous_episodes" and value == 0):
        return None
    if key == "longest_episode_hours":
        return f"{value:.0f} hours"
    if isinstance(value, list):
        return value
    return str(value)


def indicator_rows(record: dict, reasons: list[dict]) -> list[dict]:
    """Every indicator with its value, or None for "none recorded" (so the page shows that
    each check was made), flagged when it gave a reason for the suggestion."""
    flagged = {r["source"].removeprefix("record:") for r in reasons}
    return [{"key": key, "label": label, "value": _value(key, record.get(key)),
             "concern": _REASON_OF.get(key, key) in flagged}
            for key, label in _INDICATORS]


def _child_name(episode) -> str:
    profile = db.session.execute(
        select(ChildProfile).join(Child, (Child.id == ChildProfile.child_id)
                                  & (ChildProfile.version == Child.current_version))
        .where(Child.id == episode.child_id)).scalar_one()
    return f"{profile.known_as or profile.first_name} {profile.last_name}"


@bp.get("/episodes/<int:episode_id>/grade")
def grade(episode_id: int):
    """The questionnaire and the review for one episode (404 outside the scope)."""
    access.require(current_user, "risk.assess")
    episode = access.get_episode(db.session, current_user, episode_id)
    name = _child_name(episode)
    data = grading.view(db.session, actor=current_user, episode_id=episode.id)
    config = {key: data[key] for key in ("episode", "answers", "suggestion", "grades",
                                         "review_minutes")}
    config["timezone"] = current_app.config["DISPLAY_TIMEZONE"]
    groups = [(label, [q for q in QUESTIONS if q.group == key]) for key, label in GROUPS]
    return render_template(
        "web/grade.html", name=name, data=data, groups=groups, answers_vocab=ANSWERS,
        grades=RISK_GRADE_LABELS, now=datetime.now(UTC), config=json.dumps(config),
        record_rows=indicator_rows(data["record_indicators"], data["suggestion"]["reasons"]),
        next_due=episode.next_review_due)
