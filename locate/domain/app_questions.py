"""The grading questionnaire: the APP call-handler questions and risk factors, as a closed list.

Each answer is yes, no or unknown, and carries its source: who supplied it, how to reach them,
and when it was obtained (the APP asks for all three for every piece of information). The
questions are phrased so that "yes" is the answer that raises concern; what each "yes" means
for the grade is decided in domain/grading.py, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .errors import Invalid

ANSWERS = ("yes", "no", "unknown")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    group: str


GROUPS = (
    ("report", "The report"),
    ("health", "Health and wellbeing"),
    ("harm", "Harm and exploitation"),
    ("surroundings", "Age, vulnerability and surroundings"),
)

QUESTIONS: tuple[Question, ...] = (
    Question("reporter_worried", "Does the reporter have a specific reason to be worried?",
             "Why is the caller worried? Write the reason in the note.", "report"),
    Question("out_of_character", "Is going missing out of character for this child?",
             "Compare with how they usually behave; a first episode counts.", "report"),
    Question("missing_before", "Has the child been missing before?",
             "Write what happened then in the note: where found, with whom.", "report"),
    Question("harmed_when_missing_before", "Was the child harmed when missing before?",
             "Harm in a previous episode predicts harm (research file).", "report"),
    Question("trigger_incident", "Was there a trigger: an argument, bad news, a move?",
             "The West Yorkshire framework asks about trigger incidents.", "report"),
    Question("gone_abroad", "Could they have gone, or been taken, abroad?",
             "Forced marriage, trafficking, a parent abroad.", "report"),
    Question("medical_needs", "Do they have medical needs?", "Conditions, disabilities.",
             "health"),
    Question("medication_missing", "Do they need medication they do not have with them?",
             "Insulin, epilepsy medication, inhalers.", "health"),
    Question("mental_health", "Are there mental health concerns?",
             "Diagnosed or observed; mental health is linked to harm.", "health"),
    Question("self_harm_suicide", "Is there a risk of self-harm or suicide?",
             "Police Scotland's aide-memoire asks this first.", "health"),
    Question("substance_misuse", "Are drugs or alcohol involved?", "Use, or being supplied.",
             "health"),
    Question("sexual_exploitation", "Are there signs of sexual exploitation?",
             "Older boyfriend, gifts, unknown cars, online contact.", "harm"),
    Question("criminal_exploitation", "Are there signs of criminal exploitation?",
             "County lines, cash, new phones, travel out of area.", "harm"),
    Question("victim_of_crime", "Might the child be the victim of a crime?",
             "Abduction, assault, being held.", "harm"),
    Question("danger_to_others", "Is the child a danger to others?",
             "Weapons, threats, violence.", "harm"),
    Question("disability_or_illness", "Does a disability or illness affect their safety or "
             "decisions?", "Learning disability, autism, a condition affecting judgement.",
             "surroundings"),
    Question("weather_exposure", "Is the weather or the place a danger to them?",
             "Cold, heat, water, clothing unsuited to the weather.", "surroundings"),
    Question("out_at_night", "Are they out after dark or overnight?",
             "Time of day changes the risk.", "surroundings"),
)

BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}

SOURCE_FIELDS = ("who", "contact", "obtained_at")


def check_answers(answers: Mapping[str, Mapping]) -> dict[str, dict]:
    """The answers, normalised, or Invalid naming the first question that is wrong.

    A yes or no must say who supplied it, how to reach them and when; an unknown need not
    (nobody has said yet), but may.
    """
    result: dict[str, dict] = {}
    for key, raw in answers.items():
        question = BY_KEY.get(key)
        if question is None:
            raise Invalid(f"Unknown question {key!r}.", question=key)
        answer = raw.get("answer")
        if answer not in ANSWERS:
            raise Invalid(f"{question.text} Answer yes, no or unknown.", question=key)
        source = {f: raw.get(f) or None for f in SOURCE_FIELDS}
        if answer != "unknown":
            missing = [f for f in SOURCE_FIELDS if source[f] is None]
            if missing:
                raise Invalid(f"{question.text} The answer needs its source: "
                              f"{', '.join(m.replace('_', ' ') for m in missing)} (APP).",
                              question=key)
        obtained = source["obtained_at"]
        if isinstance(obtained, datetime):
            if obtained.tzinfo is None:
                raise Invalid(f"{question.text} When it was obtained needs a time zone.",
                              question=key)
            source["obtained_at"] = obtained.isoformat()
        result[key] = {"answer": answer, "note": raw.get("note") or None, **source}
    return result


def factors_of(answers: Mapping[str, Mapping]) -> dict[str, str]:
    """The plain {question: answer} map kept in the older `factors` column, for old readers."""
    return {key: value["answer"] for key, value in answers.items()}


def answers_from_legacy(factors: Mapping[str, str], sources: Mapping[str, str]) -> dict:
    """Answers for an assessment recorded before the questionnaire: a factor's source was one
    line of text, kept as who supplied it; contact and time were not recorded then."""
    return {key: {"answer": value, "note": None, "who": sources.get(key), "contact": None,
                  "obtained_at": None, "legacy": True}
            for key, value in factors.items() if value in ANSWERS}


def questions_json() -> list[dict]:
    """The questionnaire for the page and the API, grouped in order."""
    labels = dict(GROUPS)
    return [{"key": q.key, "text": q.text, "hint": q.hint, "group": q.group,
             "group_label": labels[q.group]} for q in QUESTIONS]
