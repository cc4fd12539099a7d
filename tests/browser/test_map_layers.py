"""The map's layers from the team, officer and place endpoints, drawn and used: patrol areas,
officers with the age of their fix, and a child's place that becomes a task in one click; all of
it with no map tiles at all."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import PASSWORD

from .conftest import DESKTOP, screenshot
from .test_map_live import _api, _open_map, _select_episode, open_popup

pytestmark = pytest.mark.browser


def test_areas_officers_and_places(browser, live_server):
    base = live_server
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    try:
        # No tiles at all (no network, or the tile server down): the map must still work.
        context.route(re.compile(r"/\d+/\d+/\d+\.png$"), lambda r: r.abort())
        # An officer on duty whose last fix is 25 minutes old (the sergeant, who patrols too).
        api = context.request
        signed_in = api.post(f"{base}/api/session",
                             data={"username": "sergeant_a", "password": PASSWORD})
        assert signed_in.ok
        _api(context, base, "PUT", "/api/me/duty", {"on_duty": True})
        _api(context, base, "POST", "/api/me/positions", {
            "client_id": str(uuid.uuid4()), "lon": -1.53, "lat": 53.79, "accuracy_m": 30,
            "recorded_at": (datetime.now(UTC) - timedelta(minutes=25)).isoformat()})

        page, errors = _open_map(context, base)
        page.locator("#map-notice", has_text="Map tiles could not be loaded").wait_for()
        page.locator(".team-label", has_text="Leeds LOCATE").wait_for()
        officer = page.locator(".pin-officer.stale", has_text="TS")
        officer.wait_for(state="attached")
        assert "fix 25 min ago" in officer.get_attribute("title")
        # Each layer can be hidden from the legend and shown again.
        page.get_by_label("Team patrol areas").uncheck()
        assert page.locator(".team-label").count() == 0
        page.get_by_label("Team patrol areas").check()
        page.locator(".team-label").first.wait_for()

        _select_episode(page)
        page.locator(".pin-place").first.wait_for()
        page.evaluate("window.__locateMap.map.setView([53.8008, -1.5491], 18, {animate: false})")
        # The place shares its spot with the last-seen point: open it from the keyboard.
        open_popup(page, ".pin-place", "Check this address", keyboard=True).click()
        dialog = page.locator("#task-dialog")
        dialog.wait_for(state="visible")
        assert page.locator("#task-kind").input_value() == "address_check"
        assert page.get_by_label("Title").input_value() == "Check Friend's flat"
        assert "from a known place" in page.locator("#task-where").inner_text()
        # The sergeant (on duty, 25-minute-old fix) is offered among the nearest officers.
        nearest = dialog.locator(".assign-option", has_text="Test sergeant")
        nearest.wait_for()
        assert "fix 25 min ago" in nearest.inner_text()
        dialog.get_by_role("button", name="Create task").click()
        dialog.wait_for(state="hidden")
        page.locator("#task-board [data-list='unassigned'] .task-card",
                     has_text="Check Friend's flat").wait_for()
        page.evaluate("window.__locateMap.map.setView([53.794, -1.54], 14, {animate: false})")
        page.get_by_role("button", name="Dismiss").click()
        screenshot(page, "map-layers")
        assert errors == []
    finally:
        _api(context, base, "PUT", "/api/me/duty", {"on_duty": False})
        context.close()
