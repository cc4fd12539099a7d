"""The real live.js in Chromium: live messages that never arrive (Redis away, a process that
died after commit) are caught up while the socket stays connected, without a reload, each
applied once. The page's WebSocket is routed through Playwright, which drops every event frame
the server sends for as long as the test says."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _sighting(context, base, episode_id):
    csrf = context.request.get(f"{base}/api/session").json()["csrf_token"]
    response = context.request.post(
        f"{base}/api/episodes/{episode_id}/sightings", headers={"X-CSRFToken": csrf}, data={
            "client_id": str(uuid.uuid4()),
            "observed_at": (datetime.now(UTC) - timedelta(minutes=2)).isoformat(),
            "location": {"type": "Point", "coordinates": [-1.7530, 53.7950]},
            "accuracy_m": 15.0, "source": "officer", "confidence": "medium",
            "description": "Seen near the market, live copy lost"})
    assert response.status == 201, response.text()
    return response.json()["id"]


def test_events_whose_live_copy_was_lost_arrive_without_a_reload(browser, live_server,
                                                                  live_app):
    sergeant = browser.new_context(viewport={"width": 1366, "height": 900})
    reporter = browser.new_context()
    dropping = {"on": False, "dropped": 0}

    def route(ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)

        def to_page(message):
            if dropping["on"] and isinstance(message, str) and message.startswith('42["event"'):
                dropping["dropped"] += 1
                return
            ws.send(message)

        server.on_message(to_page)

    try:
        page = sergeant.new_page()
        page.route_web_socket("**/socket.io/**", route)
        # Team B: the other map tests work on team A's episode and read its map view.
        sign_in(page, live_server, "sergeant_b")
        page.goto(f"{live_server}/map")
        page.wait_for_selector("#map-app[data-ready='1']", timeout=60000)
        page.wait_for_selector("#feed-status[data-state='live']")
        page.evaluate("window.__notReloaded = true")
        # The inspector records them: an officer's sighting also moves their position on the map,
        # which the other map tests read.
        sign_in(reporter.new_page(), live_server, "inspector_b")

        dropping["on"] = True
        lost = [_sighting(reporter, live_server, live_app.world["episode_b"]) for _ in range(2)]
        for sighting_id in lost:
            # The resync timer (resync_seconds, 5 s) catches up over the same open socket.
            page.wait_for_function("id => window.__locateMap.store.sightings.has(id)",
                                   arg=sighting_id, timeout=30000)
        assert dropping["dropped"] >= 2, "the live copies were not dropped: nothing tested"
        dropping["on"] = False
        live = _sighting(reporter, live_server, live_app.world["episode_b"])
        page.wait_for_function("id => window.__locateMap.store.sightings.has(id)", arg=live,
                               timeout=30000)
        assert page.evaluate("window.__notReloaded") is True
        applied = page.evaluate("window.__locateMap.applied.slice()")
        assert len(applied) == len(set(applied)), "an event was applied twice"
        assert page.locator("#feed-status[data-state='live']").count() == 1
    finally:
        sergeant.close()
        reporter.close()
