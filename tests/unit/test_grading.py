"""The suggested grade as a table of cases: each answer, combinations, the record's indicators,
and the rule that a grade below the suggestion needs a written rationale."""

from __future__ import annotations

import pytest

from locate.domain.app_questions import (
    QUESTIONS,
    answers_from_legacy,
    check_answers,
    factors_of,
)
from locate.domain.errors import Invalid
from locate.domain.grading import RecordIndicators, check_choice, suggest

NONE = RecordIndicators(age=15)
SOURCE = {"who": "Duty manager", "contact": "0113 000 0000",
          "obtained_at": "2026-12-01T13:00:00+00:00"}

# (answers, record, suggested grade, the sources the reasons must name)
CASES = {
    "nothing known, nothing on record": ({}, NONE, "no_apparent_risk", set()),
    "all no": ({q.key: "no" for q in QUESTIONS}, NONE, "no_apparent_risk", set()),
    "missing before is context": ({"missing_before": "yes"}, NONE, "low",
                                  {"answer:missing_before"}),
    "trigger incident": ({"trigger_incident": "yes"}, NONE, "low", {"answer:trigger_incident"}),
    "reporter worried": ({"reporter_worried": "yes"}, NONE, "medium",
                         {"answer:reporter_worried"}),
    "out of character": ({"out_of_character": "yes"}, NONE, "medium",
                         {"answer:out_of_character"}),
    "medical needs": ({"medical_needs": "yes"}, NONE, "medium", {"answer:medical_needs"}),
    "mental health": ({"mental_health": "yes"}, NONE, "medium", {"answer:mental_health"}),
    "victim of crime": ({"victim_of_crime": "yes"}, NONE, "medium", {"answer:victim_of_crime"}),
    "substances": ({"substance_misuse": "yes"}, NONE, "medium", {"answer:substance_misuse"}),
    "disability": ({"disability_or_illness": "yes"}, NONE, "medium",
                   {"answer:disability_or_illness"}),
    "weather": ({"weather_exposure": "yes"}, NONE, "medium", {"answer:weather_exposure"}),
    "night": ({"out_at_night": "yes"}, NONE, "medium", {"answer:out_at_night"}),
    "self-harm": ({"self_harm_suicide": "yes"}, NONE, "high", {"answer:self_harm_suicide"}),
    "CSE": ({"sexual_exploitation": "yes"}, NONE, "high", {"answer:sexual_exploitation"}),
    "CCE": ({"criminal_exploitation": "yes"}, NONE, "high", {"answer:criminal_exploitation"}),
    "harmed before": ({"harmed_when_missing_before": "yes"}, NONE, "high",
                      {"answer:harmed_when_missing_before"}),
    "medication missing": ({"medication_missing": "yes"}, NONE, "high",
                           {"answer:medication_missing"}),
    "danger to others": ({"danger_to_others": "yes"}, NONE, "high",
                         {"answer:danger_to_others"}),
    "abroad": ({"gone_abroad": "yes"}, NONE, "high", {"answer:gone_abroad"}),
    "unknown self-harm is caution": ({"self_harm_suicide": "unknown"}, NONE, "medium",
                                     {"answer:self_harm_suicide"}),
    "unknown of a medium factor adds nothing": ({"mental_health": "unknown"}, NONE,
                                                "no_apparent_risk", set()),
    "two mediums stay medium": ({"mental_health": "yes", "out_at_night": "yes"}, NONE,
                                "medium", {"answer:mental_health", "answer:out_at_night"}),
    "three mediums together are high": (
        {"mental_health": "yes", "out_at_night": "yes", "weather_exposure": "yes"}, NONE,
        "high", {"answer:mental_health", "answer:out_at_night", "answer:weather_exposure",
                 "combination"}),
    "cautions do not combine": (
        {"self_harm_suicide": "unknown", "sexual_exploitation": "unknown",
         "gone_abroad": "unknown"}, NONE, "medium",
        {"answer:self_harm_suicide", "answer:sexual_exploitation", "answer:gone_abroad"}),
    "young child": ({}, RecordIndicators(age=8), "high", {"record:age"}),
    "child of eleven": ({}, RecordIndicators(age=11), "medium", {"record:age"}),
    "exploitation on profile": ({"sexual_exploitation": "no"},
                                RecordIndicators(age=15, exploitation_markers=("older male",)),
                                "high", {"record:exploitation_markers"}),
    "vulnerability on profile": ({}, RecordIndicators(age=15, vulnerabilities=("autism",)),
                                 "medium", {"record:vulnerabilities"}),
    "medical needs on profile": ({}, RecordIndicators(age=15, medical_needs="Epilepsy"),
                                 "medium", {"record:medical_needs"}),
    "harm in a previous episode": ({}, RecordIndicators(age=15, previous_harm=("WY-1",)),
                                   "high", {"record:previous_harm"}),
    "previously graded high": ({}, RecordIndicators(age=15, previous_high_risk=("WY-1",)),
                               "medium", {"record:previous_high_risk"}),
    "associate of concern": ({}, RecordIndicators(
        age=15, associates_of_concern=("Dan: older, CCE",)), "high",
        {"record:associates_of_concern"}),
    "linked place": ({}, RecordIndicators(age=15, linked_places=("Flat (friend address)",)),
                     "medium", {"record:linked_places"}),
    "long earlier episode": ({}, RecordIndicators(age=15, longest_episode_hours=30.0),
                             "medium", {"record:episode_length"}),
    "short earlier episode": ({}, RecordIndicators(age=15, longest_episode_hours=5.0),
                              "no_apparent_risk", set()),
    "often missing": ({}, RecordIndicators(age=15, previous_episodes=3), "low",
                      {"record:previous_episodes"}),
    "place learnt at an interview": ({}, RecordIndicators(
        age=15, interview_places=("Kirkgate flat (friend address), from WY-1",)), "low",
        {"record:interview_places"}),
    "person named at an interview": ({}, RecordIndicators(
        age=15, interview_people=("Tia (friend), from WY-1",)), "low",
        {"record:interview_people"}),
    "record and answers together": (
        {"out_of_character": "yes"},
        RecordIndicators(age=15, vulnerabilities=("autism",), previous_episodes=4),
        "medium", {"answer:out_of_character", "record:vulnerabilities",
                   "record:previous_episodes"}),
    "record mediums do not make the combination": (
        {"mental_health": "yes"},
        RecordIndicators(age=11, vulnerabilities=("autism",), medical_needs="Asthma"),
        "medium", {"answer:mental_health", "record:age", "record:vulnerabilities",
                   "record:medical_needs"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_suggestion(case):
    answers, record, grade, sources = CASES[case]
    suggestion = suggest(answers, record)
    assert suggestion.grade == grade
    assert {r.source for r in suggestion.reasons} == sources
    assert all(r.text for r in suggestion.reasons)


def test_reasons_highest_first_record_before_answers():
    suggestion = suggest({"self_harm_suicide": "yes", "missing_before": "yes"},
                         RecordIndicators(age=15, exploitation_markers=("gifts",),
                                          vulnerabilities=("autism",)))
    assert [r.source for r in suggestion.reasons] == [
        "record:exploitation_markers", "answer:self_harm_suicide", "record:vulnerabilities",
        "answer:missing_before"]


def test_every_question_is_weighed_or_deliberately_context():
    from locate.domain.grading import YES_GRADE
    assert set(YES_GRADE) == {q.key for q in QUESTIONS}


@pytest.mark.parametrize("chosen, suggested, rationale, kept", [
    ("high", "high", None, None),
    ("high", "medium", None, None),            # above the suggestion: nothing more needed
    ("medium", "high", "Seen safe with aunt", "Seen safe with aunt"),
    ("no_apparent_risk", "low", " Returned home ", "Returned home"),
])
def test_choice_allowed(chosen, suggested, rationale, kept):
    assert check_choice(chosen, suggested, rationale) == kept


@pytest.mark.parametrize("chosen, suggested, rationale", [
    ("medium", "high", None), ("low", "medium", "   "), ("no_apparent_risk", "high", ""),
])
def test_below_suggestion_without_rationale_is_refused(chosen, suggested, rationale):
    with pytest.raises(Invalid, match="below_suggestion_rationale"):
        check_choice(chosen, suggested, rationale)


def test_absent_stays_impossible():
    with pytest.raises(Invalid, match="2017"):
        check_choice("absent", "low", "because")


def test_answers_need_their_source_unless_unknown():
    ok = check_answers({"mental_health": {"answer": "yes", **SOURCE},
                        "gone_abroad": {"answer": "unknown"}})
    assert ok["mental_health"]["who"] == "Duty manager"
    assert ok["gone_abroad"]["who"] is None
    assert factors_of(ok) == {"mental_health": "yes", "gone_abroad": "unknown"}
    for missing in ("who", "contact", "obtained_at"):
        with pytest.raises(Invalid, match=missing.replace("_", " ")):
            check_answers({"mental_health": {"answer": "no",
                                             **{k: v for k, v in SOURCE.items()
                                                if k != missing}}})
    with pytest.raises(Invalid, match="Unknown question"):
        check_answers({"favourite_colour": {"answer": "yes", **SOURCE}})
    with pytest.raises(Invalid, match="yes, no or unknown"):
        check_answers({"mental_health": {"answer": "maybe", **SOURCE}})


def test_older_factors_read_as_answers():
    answers = answers_from_legacy({"mental_health": "yes", "cse_concern": "no", "x": "odd"},
                                  {"mental_health": "social worker"})
    assert answers["mental_health"]["who"] == "social worker"
    assert answers["mental_health"]["legacy"] is True
    assert "x" not in answers and answers["cse_concern"]["answer"] == "no"
