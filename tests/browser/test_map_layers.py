"""The map's layers from the team, officer and place endpoints, drawn and used: patrol areas,
officers with the age of their fix, and a child's place that becomes a task in one click; all of
it with no map tiles at all."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from .conftest import DESKTOP, screenshot
from .test_map_live import _open_map, _select_episode

pytestmark = pytest.mark.browser


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _fulfil_if_missing(route, body):
    """Serve the app's own answer when the endpoint exists; the stand-in only while it is 404."""
    response = route.fetch()
    if response.status == 404:
        route.fulfill(status=200, content_type="application/geo+json", body=body)
    else:
        route.fulfill(response=response)


def test_areas_officers_and_places(browser, live_server, live_app):
    world = live_app.world
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    stale = (datetime.now(UTC) - timedelta(minutes=25)).isoformat()
    teams = _collection({"type": "Feature", "id": world["team_a"], "properties": {"name": "Leeds LOCATE", "code": "LDS"},
                         "geometry": {"type": "MultiPolygon", "coordinates": [[[[-1.65, 53.74], [-1.44, 53.74], [-1.44, 53.86], [-1.65, 53.86], [-1.65, 53.74]]]]}})
    officers = _collection({"type": "Feature", "id": 9001, "geometry": {"type": "Point", "coordinates": [-1.53, 53.79]},
                            "properties": {"user_id": 9001, "display_name": "PC Stale Fix", "collar_number": "4242",
                                           "accuracy_m": 30, "fix_at": stale, "fix_age_s": 1500}})
    places = _collection({"type": "Feature", "id": world["place_a"], "geometry": {"type": "Point", "coordinates": [-1.5491, 53.8008]},
                          "properties": {"kind": "friend_address", "name": "Friend's flat", "source": "philomena"}})
    try:
        # No tiles at all (no network, or the tile server down): the map must still work.
        context.route(re.compile(r"/\d+/\d+/\d+\.png$"), lambda r: r.abort())
        context.route("**/api/teams", lambda r: _fulfil_if_missing(r, teams))
        context.route("**/api/users/positions", lambda r: _fulfil_if_missing(r, officers))
        context.route("**/api/children/*/places", lambda r: _fulfil_if_missing(r, places))
        page, errors = _open_map(context, live_server, "sergeant_a")
        page.locator("#map-notice", has_text="Map tiles could not be loaded").wait_for()
        page.locator(".team-label", has_text="Leeds LOCATE").wait_for()
        # An officer whose last fix is 25 minutes old is drawn as stale, with the fix's age.
        officer = page.locator(".pin-officer.stale", has_text="4242")
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
        page.locator(".pin-place").first.focus()
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Check this address").click()
        dialog = page.locator("#task-dialog")
        dialog.wait_for(state="visible")
        assert page.locator("#task-kind").input_value() == "address_check"
        assert page.get_by_label("Title").input_value() == "Check Friend's flat"
        assert "from a known place" in page.locator("#task-where").inner_text()
        dialog.get_by_role("button", name="Create task").click()
        dialog.wait_for(state="hidden")
        page.locator("#task-board [data-list='unassigned'] .task-card", has_text="Check Friend's flat").wait_for()
        page.evaluate("window.__locateMap.map.setView([53.794, -1.54], 14, {animate: false})")
        page.get_by_role("button", name="Dismiss").click()
        screenshot(page, "map-layers")
        assert errors == []
    finally:
        context.close()
