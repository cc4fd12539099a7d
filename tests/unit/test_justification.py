"""The s.62 rule: who works on a child's record (no prompt) and who must say why."""

from __future__ import annotations

import pytest

from locate.domain.errors import Invalid
from locate.domain.justification import (
    AUTO,
    REASON_MAX,
    EpisodeFacts,
    JustificationRequired,
    Viewer,
    automatic,
    parse_reason,
)

OPEN_A = EpisodeFacts(reference="E1", is_open=True, team_id=1, episode_id=1)
CLOSED_A = EpisodeFacts(reference="E0", is_open=False, team_id=1, episode_id=2)
CLOSED_MY_TASK = EpisodeFacts(reference="E0", is_open=False, team_id=1, episode_id=2,
                              viewer_holds_task=True)
CLOSED_MY_REPORT = EpisodeFacts(reference="E0", is_open=False, team_id=1, episode_id=2,
                                reported_by_viewer=True)
OPEN_B = EpisodeFacts(reference="E9", is_open=True, team_id=2, episode_id=3)
OPEN_B_MY_TASK = EpisodeFacts(reference="E9", is_open=True, team_id=2, episode_id=3,
                              viewer_holds_task=True)

CONSTABLE_A = Viewer("constable", team_id=1)
SERGEANT_A = Viewer("sergeant", team_id=1)
INSPECTOR_A = Viewer("inspector", team_id=1)
COORDINATOR = Viewer("coordinator")
ADMIN = Viewer("admin")
CARER_1 = Viewer("partner", organisation_id=10)


@pytest.mark.parametrize(("viewer", "episodes", "consulted", "view", "expected"), [
    # carers: their own organisation's children, never anybody else's
    (CARER_1, [CLOSED_A], None, "child", "carer"),
    (Viewer("partner", organisation_id=11), [OPEN_A], None, "child", None),
    (Viewer("partner"), [OPEN_A], None, "child", None),
    # the team's open episode
    (CONSTABLE_A, [OPEN_A], None, "child", "of the viewer's team"),
    (SERGEANT_A, [CLOSED_A, OPEN_A], 2, "episode", "of the viewer's team"),
    (INSPECTOR_A, [OPEN_A], 1, "episode", "open episode E1"),
    # another team's open episode: only with a task on it
    (CONSTABLE_A, [OPEN_B], None, "child", None),
    (CONSTABLE_A, [OPEN_B_MY_TASK], None, "child", "holds a task on episode E9"),
    # a closed episode: own work read back, else a reason
    (CONSTABLE_A, [CLOSED_A], 2, "episode", None),
    (CONSTABLE_A, [CLOSED_A], None, "child", None),
    (CONSTABLE_A, [CLOSED_MY_TASK], 2, "episode", "holds a task on episode E0"),
    (CONSTABLE_A, [CLOSED_MY_TASK], None, "child", None),  # not the child's whole record
    (SERGEANT_A, [CLOSED_MY_REPORT], 2, "episode_timeline", "reported episode E0"),
    # force-wide: oversight of open episodes, analysis on the desk, else a reason
    (COORDINATOR, [OPEN_B], None, "child", "force-wide oversight"),
    (ADMIN, [CLOSED_A], None, "child", None),
    (COORDINATOR, [CLOSED_A], None, "child_history", "analysis of repeat episodes"),
    (COORDINATOR, [], None, "child_map", "analysis"),
    (COORDINATOR, [CLOSED_A], 2, "episode", None),
    (CONSTABLE_A, [CLOSED_A], None, "child_history", None),  # analysis is force-wide only
    (CONSTABLE_A, [], None, "child", None),
])
def test_the_rule(viewer, episodes, consulted, view, expected):
    found = automatic(viewer, child_organisation_id=10, episodes=episodes,
                      consulted_episode_id=consulted, view=view)
    if expected is None:
        assert found is None
    else:
        assert found.startswith("auto: ") and expected in found


def test_the_consulted_episode_is_named_first():
    other = EpisodeFacts(reference="E5", is_open=True, team_id=1, episode_id=5)
    found = automatic(SERGEANT_A, child_organisation_id=None, episodes=[other, OPEN_A],
                      consulted_episode_id=1)
    assert "E1" in found


@pytest.mark.parametrize(("text", "expected"), [
    (None, None), ("", None), ("   ", None),
    ("welfare_concern", "given: A concern for the child's welfare now"),
    ("  Strategy   meeting at 10 ", "given: Strategy meeting at 10"),
    ("Court file request, ref 1234", "given: Court file request, ref 1234"),
    ("é" * REASON_MAX, "given: " + "é" * REASON_MAX),
])
def test_reasons_accepted(text, expected):
    assert parse_reason(text) == expected


@pytest.mark.parametrize("text", ["no", "a\x00b and more", "tab\there", "x" * (REASON_MAX + 1),
                                  "line\nbreak"])
def test_reasons_refused(text):
    with pytest.raises(Invalid) as caught:
        parse_reason(text)
    assert caught.value.details["field"] == "access_reason"


def test_justification_required_offers_the_reasons():
    error = JustificationRequired()
    assert error.status == 428
    assert ["welfare_concern", "A concern for the child's welfare now"] in error.details["reasons"]


def test_reading_back_ones_own_change_is_part_of_it():
    found = automatic(CONSTABLE_A, child_organisation_id=None, episodes=[],
                      changed_just_now=True)
    assert found == "auto: reading back the change just made"


def test_continuing_ones_own_recent_change_is_part_of_it():
    """A sergeant who closed the episode a few minutes ago reads the child's places back."""
    closed = [EpisodeFacts(reference="WY-1", is_open=False, team_id=9, episode_id=1)]
    viewer = Viewer(role="sergeant", team_id=1)
    assert automatic(viewer, child_organisation_id=None, episodes=closed) is None
    assert automatic(viewer, child_organisation_id=None, episodes=closed,
                     changed_recently=True).startswith(AUTO)
