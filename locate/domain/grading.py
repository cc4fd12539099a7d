"""The suggested grade: the questionnaire's answers and what is on record, turned into a grade
with its reasons.

No rule predicts harm well (research file: a statistical model did no better than officers'
own grading), so this one is transparent rather than clever: every reason names the answer or
the record it came from, the suggestion is the highest grade any reason gives, and an
indicator on record always gives a reason, so it cannot be overlooked by accident. The
grading officer may choose another grade; a lower one needs a written rationale
(check_choice).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .app_questions import BY_KEY
from .errors import Invalid
from .risk_review import check_grade
from .vocab import RISK_GRADE_LABELS, RISK_GRADES

# What a "yes" to each question suggests on its own. Questions not listed (missing_before,
# trigger_incident) are context: they inform the grade but do not raise it by themselves.
YES_GRADE = {
    "self_harm_suicide": "high",
    "sexual_exploitation": "high",
    "criminal_exploitation": "high",
    "harmed_when_missing_before": "high",
    "medication_missing": "high",
    "danger_to_others": "high",
    "gone_abroad": "high",
    "reporter_worried": "medium",
    "out_of_character": "medium",
    "medical_needs": "medium",
    "mental_health": "medium",
    "victim_of_crime": "medium",
    "substance_misuse": "medium",
    "disability_or_illness": "medium",
    "weather_exposure": "medium",
    "out_at_night": "medium",
    "missing_before": "low",
    "trigger_incident": "low",
}
# Not knowing yet whether a high-grade factor applies is itself a reason for caution.
UNKNOWN_OF_HIGH = "medium"
# Several medium factors together: the APP's "harm likely" becomes "serious harm very likely".
MEDIUM_TOGETHER = 3
# Ages (completed years) below which a child alone is at more risk whatever else is known.
YOUNG_AGE_HIGH = 10
YOUNG_AGE_MEDIUM = 13
LONG_EPISODE_HOURS = 24
MANY_EPISODES = 3


@dataclass(frozen=True)
class RecordIndicators:
    """What the record already says about the child, gathered before grading."""

    age: int | None = None
    exploitation_markers: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    medical_needs: str | None = None
    previous_episodes: int = 0
    previous_high_risk: tuple[str, ...] = ()      # references of episodes graded high
    previous_harm: tuple[str, ...] = ()           # references of episodes with harm suffered
    associates_of_concern: tuple[str, ...] = ()   # "name: concern"
    linked_places: tuple[str, ...] = ()           # places near another missing child's
    longest_episode_hours: float | None = None
    # What return home interviews of earlier episodes taught: where the child said they were,
    # and who with. A child interviewed has been missing before; these are where to look.
    interview_places: tuple[str, ...] = ()        # "name (kind), from <reference>"
    interview_people: tuple[str, ...] = ()        # "name (relationship), from <reference>"


@dataclass(frozen=True)
class Reason:
    grade: str
    source: str   # "answer:<question>" or "record:<indicator>" or "combination"
    text: str

    def as_json(self) -> dict:
        return {"grade": self.grade, "source": self.source, "text": self.text}


@dataclass(frozen=True)
class Suggestion:
    grade: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        return {"grade": self.grade, "label": RISK_GRADE_LABELS[self.grade],
                "reasons": [r.as_json() for r in self.reasons]}


def _rank(grade: str) -> int:
    return RISK_GRADES.index(grade)


def _answer_reasons(answers: Mapping[str, str]) -> list[Reason]:
    reasons = []
    for key, grade in YES_GRADE.items():
        value = answers.get(key)
        text = BY_KEY[key].text
        if value == "yes":
            reasons.append(Reason(grade, f"answer:{key}", f"Yes: {text}"))
        elif value == "unknown" and grade == "high":
            reasons.append(Reason(UNKNOWN_OF_HIGH, f"answer:{key}",
                                  f"Not known yet: {text} Find out; until then, caution."))
    mediums = [r for r in reasons if r.grade == "medium" and r.text.startswith("Yes")]
    if len(mediums) >= MEDIUM_TOGETHER:
        names = ", ".join(r.source.removeprefix("answer:").replace("_", " ") for r in mediums)
        reasons.append(Reason("high", "combination",
                              f"{len(mediums)} medium-risk answers together: {names}."))
    return reasons


def _record_reasons(record: RecordIndicators) -> list[Reason]:
    reasons = []

    def add(grade, key, text):
        reasons.append(Reason(grade, f"record:{key}", text))

    if record.age is not None and record.age < YOUNG_AGE_HIGH:
        add("high", "age", f"Aged {record.age}: a young child alone.")
    elif record.age is not None and record.age < YOUNG_AGE_MEDIUM:
        add("medium", "age", f"Aged {record.age}.")
    if record.exploitation_markers:
        add("high", "exploitation_markers",
            f"Profile records exploitation markers: {', '.join(record.exploitation_markers)}.")
    if record.previous_harm:
        add("high", "previous_harm",
            f"Harm suffered in an earlier episode: {', '.join(record.previous_harm)}.")
    if record.associates_of_concern:
        add("high", "associates_of_concern",
            f"Associates of concern: {'; '.join(record.associates_of_concern)}.")
    if record.vulnerabilities:
        add("medium", "vulnerabilities",
            f"Profile records vulnerabilities: {', '.join(record.vulnerabilities)}.")
    if record.medical_needs:
        add("medium", "medical_needs", f"Profile records medical needs: {record.medical_needs}")
    if record.previous_high_risk:
        add("medium", "previous_high_risk",
            f"Graded high in earlier episodes: {', '.join(record.previous_high_risk)}.")
    if record.linked_places:
        add("medium", "linked_places",
            f"Places linked to other missing children: {'; '.join(record.linked_places)}.")
    if record.longest_episode_hours is not None and \
            record.longest_episode_hours >= LONG_EPISODE_HOURS:
        add("medium", "episode_length",
            f"Missing for {record.longest_episode_hours:.0f} hours in an earlier episode.")
    if record.interview_places:
        add("low", "interview_places",
            f"Where the child said they were at a return home interview: "
            f"{'; '.join(record.interview_places)}.")
    if record.interview_people:
        add("low", "interview_people",
            f"Who the child said they were with at a return home interview: "
            f"{'; '.join(record.interview_people)}.")
    if record.previous_episodes >= MANY_EPISODES:
        add("low", "previous_episodes", f"Missing {record.previous_episodes} times before.")
    return reasons


def suggest(answers: Mapping[str, str], record: RecordIndicators) -> Suggestion:
    """The highest grade any reason gives (no apparent risk when none does), with every
    reason, highest first; record reasons before answer reasons of the same grade."""
    reasons = _record_reasons(record) + _answer_reasons(answers)
    reasons.sort(key=lambda r: -_rank(r.grade))  # stable: record first within a grade
    grade = reasons[0].grade if reasons else "no_apparent_risk"
    return Suggestion(grade, tuple(reasons))


def check_choice(chosen: str, suggested: str, below_rationale: str | None) -> str | None:
    """The officer's grade against the suggestion: a lower grade needs a written rationale.
    Returns the rationale to keep (None when the grade is not below the suggestion)."""
    check_grade(chosen)
    if _rank(chosen) >= _rank(suggested):
        return None
    if not (below_rationale or "").strip():
        raise Invalid(
            f"{RISK_GRADE_LABELS[chosen]} is lower than the suggested "
            f"{RISK_GRADE_LABELS[suggested]}: write why in below_suggestion_rationale.",
            field="below_suggestion_rationale")
    return below_rationale.strip()
