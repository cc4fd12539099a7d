"""The lock-screen text of a new missing child report: the grade and reference, no name."""

from __future__ import annotations

import pytest

from locate.domain.notifications import notification_for


def _message(**props):
    return {"id": 7, "type": "episode.created", "episode_id": 12, "user_ids": [3],
            "payload": {"id": 12, "properties": {"reference": "WY-2026-000012",
                                                 "child_name": "Jade Example", **props}}}


@pytest.mark.parametrize("grade, words", [("high", "High risk"), ("medium", "Medium risk"),
                                          ("low", "Low risk"),
                                          ("no_apparent_risk", "No apparent risk"),
                                          (None, "Not graded yet")])
def test_a_new_episode_says_its_grade_and_reference_only(grade, words):
    note = notification_for(_message(risk_grade=grade))
    assert note == {"title": "New missing child report",
                    "body": f"{words}: WY-2026-000012. Open LOCATE for details.",
                    "url": "/map?episode=12", "event_id": 7, "type": "episode.created",
                    "tag": "episode.created:7"}
    assert "Jade" not in str(note)
