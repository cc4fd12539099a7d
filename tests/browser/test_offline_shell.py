"""The installable shell: manifest, service worker at the root, pages that open offline."""

from __future__ import annotations

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _kept_by_the_worker(page, url):
    """Open url under the service worker's control and wait until its copy is cached."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_load_state("networkidle")
    # The worker writes the page to its cache after answering: wait until it is there.
    page.wait_for_function("caches.match(location.href).then((hit) => Boolean(hit))",
                           polling=200, timeout=15_000)


def test_manifest_and_service_worker_are_public_and_well_formed(live_server, desktop):
    page = desktop.new_page()
    manifest = page.request.get(f"{live_server}/manifest.webmanifest")
    assert manifest.ok and manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["display"] == "standalone" and body["start_url"] == "/"
    assert any(i["purpose"] == "maskable" for i in body["icons"])
    for icon in body["icons"]:
        assert page.request.get(f"{live_server}{icon['src']}").ok
    worker = page.request.get(f"{live_server}/sw.js")
    assert worker.ok and worker.headers["service-worker-allowed"] == "/"
    assert worker.headers["cache-control"] == "no-cache"


def test_visited_page_opens_offline_and_unvisited_shows_offline_page(live_server, phone):
    page = phone.new_page()
    sign_in(page, live_server, "constable_a")
    _kept_by_the_worker(page, f"{live_server}/")
    phone.set_offline(True)
    try:
        page.reload()
        assert page.get_by_role("heading", name="Open episodes").is_visible()
        page.goto(f"{live_server}/never-visited")
        assert page.get_by_role("heading", name="No signal").is_visible()
    finally:
        phone.set_offline(False)


def test_phone_app_screens_never_opened_still_open_offline(live_server, live_app, phone):
    """Every /app screen is the same shell: with no signal, a screen first reached from a
    notification or a link (never loaded before) opens from the kept copy of /app."""
    page = phone.new_page()
    sign_in(page, live_server, "constable_a")
    _kept_by_the_worker(page, f"{live_server}/app")
    phone.set_offline(True)
    try:
        episode = live_app.world["episode_a"]
        page.goto(f"{live_server}/app/sightings/new?episode={episode}")
        page.wait_for_selector("#screen[data-ready='1'] .sighting-form")
        assert page.locator("#status-bar[data-net='offline']").count() == 1
        page.goto(f"{live_server}/app/duty")
        page.wait_for_selector("#officer-app[data-screen='duty'] #screen[data-ready='1']")
        # Outside the phone app, an unvisited page is still the plain "No signal" page.
        page.goto(f"{live_server}/episodes/never-visited")
        assert page.get_by_role("heading", name="No signal").is_visible()
    finally:
        phone.set_offline(False)
