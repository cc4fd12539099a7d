"""Getting around: every episode on the home page opens something for every role, the live
map honours /map?episode=ID, and every page has the one header from the role's menu (a
sergeant can go from the phone app to the map)."""

from __future__ import annotations

import pytest

from locate.domain.permissions import pages_for

from .conftest import sign_in

pytestmark = pytest.mark.browser

LABELS = {"episodes": "Episodes", "map": "Live map", "app": "My tasks", "report": "Report missing"}


def _menu(page):
    return page.locator("header .topnav a").all_inner_texts()


@pytest.mark.parametrize("username,role", [("sergeant_a", "sergeant"), ("coordinator", "coordinator"),
                                           ("constable_a", "constable"), ("partner_a", "partner")])
def test_every_episode_opens_something(browser, live_server, live_app, username, role):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB",
                                  timezone_id="Europe/London")
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page = context.new_page()
        sign_in(page, live_server, username)
        page.goto(f"{live_server}/")
        items = page.locator("li.episode")
        assert items.count() >= 1, "the test world gives every role an episode to see"
        for n in range(items.count()):
            item = items.nth(n)
            item.locator("summary").click()
            assert item.locator("details").get_attribute("open") is not None
            body = item.locator("details").inner_text()
            assert "Police reference" in body and "Reported missing" in body
            links = item.locator(".episode-actions a").all_inner_texts()
            expected = ["Open the episode"] + [
                label for page_name, label in (("map", "Show on the live map"),
                                               ("app", "Record a sighting"))
                if page_name in pages_for(role)]
            assert links == expected, (role, links)
        episode = live_app.world["episode_a" if role != "partner" else "episode_a"]
        item = page.locator(f"li.episode[data-episode-id='{episode}']")
        if item.count() == 0:
            return  # a partner sees only their own organisation's children
        item.locator("summary").click() if item.locator("details[open]").count() == 0 else None
        if "map" in pages_for(role):
            item.get_by_role("link", name="Show on the live map").click()
            page.wait_for_url(f"**/map?episode={episode}*")
            page.wait_for_selector(f"#map-app[data-selected='{episode}']", timeout=60_000)
            assert page.locator(f"#episode-list [data-episode-id='{episode}'] button"
                                ).get_attribute("aria-pressed") == "true"
        elif "app" in pages_for(role):
            item.get_by_role("link", name="Record a sighting").click()
            page.wait_for_selector("#screen[data-ready='1'] .sighting-form")
            assert page.locator(f"input[name='episode'][value='{episode}']").count() == 1
    finally:
        context.close()


def test_one_header_on_every_page_from_the_roles_menu(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                  timezone_id="Europe/London")
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page = context.new_page()
        sign_in(page, live_server, "sergeant_a")
        menu = [LABELS[p] for p in pages_for("sergeant")]
        assert menu == ["Episodes", "Live map", "My tasks", "Report missing"]
        for path, current in (("/", "Episodes"), ("/map", "Live map"), ("/app", "My tasks")):
            page.goto(f"{live_server}{path}")
            assert _menu(page) == menu, path
            assert page.locator("header .topnav a[aria-current='page']").inner_text() == current
        # From the phone app to the map, in one tap.
        page.wait_for_selector("#officer-app[data-ready='1']")
        page.locator("header .topnav a", has_text="Live map").click()
        page.wait_for_url("**/map")
        # A constable's menu has no map.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login**")
        sign_in(page, live_server, "constable_a")
        for path in ("/", "/app"):
            page.goto(f"{live_server}{path}")
            assert _menu(page) == ["Episodes", "My tasks", "Report missing"], path
    finally:
        context.close()
