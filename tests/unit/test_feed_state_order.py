"""The feed client's position never moves back (tests/feed_client.py, the port of
feed-cursor.js): a catch-up answer that lands after a newer one must not uncover events
already applied, or the next catch-up applies them a second time (a double seen once in the
reconnect storm, when a connect's catch-up and the timer's overlapped)."""

from tests.feed_client import FeedState


def test_an_older_answer_landing_late_leaves_the_newer_position():
    state = FeedState()
    state.reset("100:100:")
    newer = {"events": [{"id": 21, "xid": 103}], "cursor": "105:105:"}
    older = {"events": [], "cursor": "101:104:103"}  # read while 103 was still running
    state.take(newer)
    state.take(older)
    assert state.cursor == "105:105:"
    state.take({"events": [{"id": 21, "xid": 103}], "cursor": "105:105:"})
    assert state.doubles() == []
