"""Every state x every action of the task state machine, as a table."""

from __future__ import annotations

import pytest

from locate.domain.errors import Conflict, Invalid
from locate.domain.task_rules import TRANSITIONS, allowed_actions, check_version, next_status
from locate.domain.vocab import TASK_STATUSES

# The expected table, written out by hand (not derived from TRANSITIONS) so it can disagree.
EXPECTED = {
    ("unassigned", "assign"): "assigned",
    ("unassigned", "cancel"): "cancelled",
    ("assigned", "reassign"): "assigned",
    ("assigned", "unassign"): "unassigned",
    ("assigned", "accept"): "accepted",
    ("assigned", "decline"): "unassigned",
    ("assigned", "cancel"): "cancelled",
    ("accepted", "reassign"): "assigned",
    ("accepted", "unassign"): "unassigned",
    ("accepted", "start"): "en_route",
    ("accepted", "arrive"): "on_scene",
    ("accepted", "complete"): "completed",
    ("accepted", "cancel"): "cancelled",
    ("en_route", "reassign"): "assigned",
    ("en_route", "unassign"): "unassigned",
    ("en_route", "arrive"): "on_scene",
    ("en_route", "complete"): "completed",
    ("en_route", "cancel"): "cancelled",
    ("on_scene", "reassign"): "assigned",
    ("on_scene", "unassign"): "unassigned",
    ("on_scene", "complete"): "completed",
    ("on_scene", "cancel"): "cancelled",
}


@pytest.mark.parametrize("status", TASK_STATUSES)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_state_and_action(status, action):
    kwargs = {"result": "Not at the address; spoke to the occupant", "has_assignee": True}
    if (status, action) in EXPECTED:
        assert next_status(status, action, **kwargs) == EXPECTED[(status, action)]
    else:
        with pytest.raises(Conflict) as caught:
            next_status(status, action, **kwargs)
        assert caught.value.details["allowed"] == allowed_actions(status)
        assert action not in caught.value.details["allowed"]


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_finished_tasks_allow_nothing(status):
    assert allowed_actions(status) == []
    with pytest.raises(Conflict, match="finished"):
        next_status(status, "cancel")


def test_completion_needs_a_result():
    with pytest.raises(Invalid, match="result"):
        next_status("on_scene", "complete", result="   ")


def test_assigning_needs_an_assignee():
    with pytest.raises(Invalid, match="officer or a team"):
        next_status("unassigned", "assign")


def test_unknown_action():
    with pytest.raises(Invalid, match="Unknown action"):
        next_status("assigned", "teleport")


def test_stale_version_is_refused():
    check_version(3, 3)
    with pytest.raises(Conflict, match="version 2, it is now 3") as caught:
        check_version(3, 2)
    assert caught.value.details["current_version"] == 3
