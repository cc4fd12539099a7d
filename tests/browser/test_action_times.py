"""When things happened: a task step tapped on the phone with no signal is recorded at the
time of the tap, not when the signal came back, and the sergeant's board says when it was done
and that it arrived late."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from .conftest import run_sql, screenshot
from .test_officer_app import (
    TILE,
    _api,
    _new_task,
    _open_app,
    _outbox_count,
    _phone,
    _signed_in_api,
)

pytestmark = pytest.mark.browser

BEHIND = timedelta(minutes=25)  # the phone's clock, as if the tap was 25 minutes before sync


def _backdate_task(live_app, task_id, by):
    run_sql(live_app, "UPDATE tasks SET created_at = created_at - :by WHERE id = :id",
            "UPDATE task_transitions SET acted_at = acted_at - :by, at = at - :by"
            " WHERE task_id = :id", by=by, id=task_id)


def test_an_offline_completion_is_recorded_at_the_tap_and_shown_late(browser, live_server,
                                                                    live_app):
    base, world = live_server, live_app.world
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    try:
        title = f"Check the allotments {uuid.uuid4().hex[:6]}"
        task = _new_task(sergeant, base, world, title)
        tid = task["id"]
        _backdate_task(live_app, tid, timedelta(hours=1))
        page = phone.new_page()
        # The phone lives 25 minutes in the past: the taps it stamps are that far before the
        # server receives them, as after a long dead spot.
        page.clock.install(time=datetime.now(UTC) - BEHIND)
        _open_app(page, base)
        page.locator(f"li[data-task-id='{tid}']").wait_for()
        phone.set_offline(True)
        page.wait_for_selector("#status-bar[data-net='offline']")
        page.locator(f"li[data-task-id='{tid}'] button[data-action='accept']").click()
        _outbox_count(page, 1)
        page.locator(f"li[data-task-id='{tid}'] a").click()
        page.get_by_role("button", name="Complete…").click()
        page.get_by_label("What did you find?").fill("Allotments searched; the shed was locked.")
        tapped = page.evaluate("Date.now()") / 1000
        page.get_by_role("button", name="Complete task").click()
        _outbox_count(page, 2)
        phone.set_offline(False)
        _outbox_count(page, 0)

        done = _api(sergeant, base, "GET", f"/api/tasks/{tid}")["properties"]
        complete = done["transitions"][-1]
        assert complete["action"] == "complete"
        acted = datetime.fromisoformat(complete["acted_at"]).timestamp()
        received = datetime.fromisoformat(complete["received_at"]).timestamp()
        assert abs(acted - tapped) < 2, (complete, tapped)  # the tap's time, not the sync's
        assert received - acted > BEHIND.total_seconds() - 60
        assert datetime.fromisoformat(done["status_acted_at"]).timestamp() == acted

        # The sergeant's board: when it was done, and that it arrived late.
        sergeant.route(TILE, lambda route: route.abort())
        board = sergeant.new_page()
        board.set_viewport_size({"width": 1440, "height": 900})
        board.goto(f"{base}/map#episode={world['episode_a']}")
        board.wait_for_selector("#map-app[data-ready='1']")
        card = board.locator(f"#task-board [data-task-id='{tid}']")
        card.wait_for()
        line = card.locator("[data-part='done-at']")
        local = datetime.fromtimestamp(acted).astimezone()
        arrived = datetime.fromtimestamp(received).astimezone()
        text = line.inner_text()
        assert text.startswith("Completed") and local.strftime("%H:%M") in text, text
        assert f"received {arrived.strftime('%H:%M')} (sent late)" in text, text
        # The history lists each step with its own times.
        card.get_by_text("History").click()
        history = card.locator(".task-history li")
        history.nth(3).wait_for()
        assert "sent late" in history.nth(3).inner_text()
        card.scroll_into_view_if_needed()
        screenshot(board, "map-board-action-times")
    finally:
        phone.set_offline(False)
        phone.close()
        sergeant.close()
