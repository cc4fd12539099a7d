"""The phone on a night shift: every task names the child (name and photo at the top), "New"
goes once the task is accepted, overdue tasks are red, a notice never lies over a primary
button, and the child's card reads as text ("[object Object]" and "1 times" were shown)."""

from __future__ import annotations

import json
import uuid

import pytest

from .conftest import run_sql, screenshot, wait_for_photo
from .test_officer_app import (
    _api,
    _give_child_a_photo_and_a_friend,
    _new_task,
    _open_app,
    _outbox_count,
    _phone,
    _signed_in_api,
)

pytestmark = pytest.mark.browser

# At every scroll position: the buttons the officer can see (between the top bar and the tab
# bar) before the notice shows must, once it shows, be neither under it nor under the top bar.
OVERLAPS = """(names) => {
  const toast = document.getElementById('toast');
  const message = toast.textContent;
  const top = document.querySelector('.app-top') || document.getElementById('status-bar');
  const tabs = document.querySelector('.app-tabs').getBoundingClientRect();
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const buttons = () => [...document.querySelectorAll('#screen .btn, #screen button')]
    .filter((b) => names.includes(b.textContent.trim()) && b.offsetParent);
  const found = [];
  if (!message) return ['no notice to show'];
  for (let y = 0; y <= document.documentElement.scrollHeight; y += 40) {
    toast.hidden = true;
    window.scrollTo(0, y);
    const clear = top.getBoundingClientRect().bottom;
    const seen = buttons().filter((b) => {
      const r = b.getBoundingClientRect();
      return r.top >= clear && r.bottom <= tabs.top;
    });
    toast.hidden = false;
    const t = toast.getBoundingClientRect();
    const bar = top.getBoundingClientRect();
    for (const b of seen) {
      const r = b.getBoundingClientRect();
      if (hit(r, t)) found.push(`${b.textContent.trim()} under the notice at scroll ${y}`);
      else if (r.top < bar.bottom) found.push(`${b.textContent.trim()} slid under the top bar at scroll ${y}`);
    }
  }
  return found;
}"""


def _child_name(browser, base, world):
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    card = _api(sergeant, base, "GET", f"/api/children/{world['child_a']}")
    sergeant.close()
    p = card["profile"]
    return f"{p.get('known_as') or p['first_name']} {p['last_name']}"


def _overdue(live_app, task_id):
    run_sql(live_app, "UPDATE tasks SET due_at = now() - interval '3 hours' WHERE id = :id",
            id=task_id)


def test_tasks_name_the_child_new_goes_on_accept_and_overdue_is_red(browser, live_server,
                                                                     live_app):
    base, world = live_server, live_app.world
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    try:
        _give_child_a_photo_and_a_friend(sergeant, base, world["child_a"])
        name = _child_name(browser, base, world)
        task = _new_task(sergeant, base, world, f"Check the canal towpath {uuid.uuid4().hex[:6]}")
        tid = task["id"]
        _overdue(live_app, tid)
        page = phone.new_page()
        _open_app(page, base)
        item = page.locator(f"li[data-task-id='{tid}']")
        item.wait_for()
        assert f"Looking for {name}" in item.inner_text()
        # Overdue: flagged in red, as on the board.
        assert "is-overdue" in item.get_attribute("class")
        due = item.locator(".overdue")
        assert due.inner_text().startswith("overdue since")
        # The list redraws on every change (the server's answer after the phone's copy, live
        # events): look up the live element and read its colour in one step, until it settles.
        # A detached node reads as '' (CI caught one between a lookup and the read).
        red = ("id => getComputedStyle(document.querySelector("
               "`li[data-task-id='${id}'] .overdue`) || document.body).color")
        try:
            page.wait_for_function(f"id => ({red})(id) === 'rgb(185, 28, 28)'", arg=tid,
                                   timeout=10_000)
        except Exception:
            raise AssertionError(f"overdue is not red: {page.evaluate(red, tid)!r}") from None
        assert item.locator(".tag-new").count() == 1
        item.locator("button[data-action='accept']").click()
        page.wait_for_selector(f"li[data-task-id='{tid}'][data-status='accepted']")
        _outbox_count(page, 0)
        # Accepted: no longer new, though the task was never opened.
        assert item.locator(".tag-new").count() == 0
        assert "is-new" not in item.get_attribute("class")

        # The task: the child's name and photo at the top, above the buttons.
        item.locator("a").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-map")
        page.wait_for_selector(".task-child-top .child-mini img")
        wait_for_photo(page, ".task-child-top img")
        top = page.locator(".task-child-top")
        assert name.split()[0] in top.inner_text()
        first_button = page.locator("#screen [data-part='actions'] button").first
        assert top.bounding_box()["y"] < first_button.bounding_box()["y"]
        assert top.bounding_box()["y"] < page.get_by_role("link", name="Navigate").bounding_box()["y"]
        assert top.bounding_box()["y"] + top.bounding_box()["height"] < 844
        assert page.locator(".overdue[data-part='due']").count() == 1
        screenshot(page, "app-task-child")

        # The sighting form opened from the task names the child too, photo and all.
        page.get_by_role("link", name="Record sighting").click()
        page.wait_for_selector("#screen[data-ready='1'] .sighting-form")
        head = page.locator("[data-part='child']")
        assert head.inner_text().strip() == f"Sighting of {name}"
        wait_for_photo(page, "[data-part='child'] img")
        assert head.bounding_box()["y"] < page.locator(".sighting-form").bounding_box()["y"]
        screenshot(page, "app-sighting-child")
    finally:
        phone.close()
        sergeant.close()


def test_a_notice_never_covers_a_primary_button(browser, live_server, live_app):
    base, world = live_server, live_app.world
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    try:
        task = _new_task(sergeant, base, world, f"Speak to the shop owner {uuid.uuid4().hex[:6]}")
        tid = task["id"]
        page = phone.new_page()
        _open_app(page, base)
        page.wait_for_selector("#officer-app[data-feed='live']")
        page.locator(f"li[data-task-id='{tid}'] button[data-action='accept']").click()
        page.wait_for_selector(f"li[data-task-id='{tid}'][data-status='accepted']")
        page.locator(f"li[data-task-id='{tid}'] a").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-map")
        page.get_by_role("button", name="Complete…").click()
        # A new task arrives while the officer is about to complete: its notice shows.
        _new_task(sergeant, base, world, f"Check the station {uuid.uuid4().hex[:6]}",
                  priority="low")  # low: other tests expect their urgent task first
        page.wait_for_selector("#toast:not([hidden])")
        page.clock.install()  # the notice stays while we look (it would go after 6 s)
        found = page.evaluate(OVERLAPS, ["Navigate", "Complete task", "Record sighting",
                                         "En route", "On scene", "Not yet"])
        assert found == [], found
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "app-notice-clear")

        # And after saving a sighting (the notice that used to sit on "Navigate").
        page.get_by_role("button", name="Not yet").click()
        page.get_by_role("link", name="Record sighting").click()
        page.wait_for_selector("[data-part='fix'][data-how='gps']")
        page.get_by_label("What was seen").fill(f"Boy by the kiosk {uuid.uuid4().hex[:6]}")
        page.get_by_role("button", name="Save sighting").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-map")
        page.wait_for_selector("#toast:has-text('Sighting saved')")
        found = page.evaluate(OVERLAPS, ["Navigate", "Record sighting", "Complete…", "En route",
                                         "On scene"])
        assert found == [], found
        # On the list, the Accept buttons are clear of it too.
        page.locator(".app-tabs a[data-tab='tasks']").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-list")
        page.evaluate("() => { const t = document.getElementById('toast'); t.textContent = "
                      "'New task: a long notice that wraps over two lines on a phone screen'; "
                      "t.hidden = false; }")
        found = page.evaluate(OVERLAPS, ["Accept"])
        assert found == [], found
    finally:
        phone.close()
        sergeant.close()


def test_the_childs_card_reads_as_text(browser, live_server, live_app):
    base, world = live_server, live_app.world
    phone = _phone(browser, base)
    child = world["child_a"]

    def older_shapes(route):
        """The card as older records hold it: phones and handles as objects, one find."""
        response = route.fetch()
        card = response.json()
        card["profile"]["phones"] = ["07700 900456 (mobile)",
                                     {"number": "07700 900789", "label": "second phone"}]
        card["profile"]["social_media"] = [{"platform": "Snapchat", "handle": "jade123"},
                                           "TikTok: jadey_x"]
        places = card.get("places", {}).get("features", [])
        assert places, "the test child needs a place"
        places[0]["properties"]["times_found_here"] = 1
        if len(places) > 1:
            places[1]["properties"]["times_found_here"] = 3
        route.fulfill(response=response, body=json.dumps(card))

    try:
        page = phone.new_page()
        _open_app(page, base)
        phone.route(f"**/api/children/{child}", older_shapes)
        page.goto(f"{base}/app/children/{child}")
        page.wait_for_selector("#screen[data-ready='1'] .child-head")
        text = page.locator("#screen").inner_text()
        assert "[object Object]" not in text
        phones = page.locator("[data-part='phones'] a")
        assert phones.all_inner_texts() == ["07700 900456 (mobile)", "07700 900789 (second phone)"]
        assert phones.nth(1).get_attribute("href") == "tel:07700900789"
        assert page.locator("[data-part='social'] li").all_inner_texts() == [
            "Snapchat: jade123", "TikTok: jadey_x"]
        assert "Found here once" in text and "1 times" not in text
    finally:
        phone.close()


def test_demo_heights_and_builds_are_plausible():
    import random

    from locate.demo.people import MEDIAN_HEIGHT_CM, height_and_build

    rng = random.Random(7)
    for _ in range(3000):
        age, sex = rng.randint(8, 17), rng.choice(("male", "female"))
        height, build = height_and_build(rng, age=age, sex=sex)
        median = MEDIAN_HEIGHT_CM[sex][age]
        assert median - 12 <= height <= median + 12, (age, sex, height)
        if build == "tall and slim":
            assert height > median
        if build == "small for age":
            assert height < median
    assert max(MEDIAN_HEIGHT_CM["female"].values()) < 170  # no 212 cm fifteen-year-olds
