"""The constable's phone app in Chromium at phone size: a task accepted, three sightings and a
completion recorded with no signal survive a closed page and reach the server exactly once;
a change refused because the sergeant reassigned the task meanwhile is told in words; every
screen passes axe-core; screenshots of each screen when asked."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.images import GPS_TAG, image_bytes

from .conftest import PHONE, screenshot, sign_in, wait_for_photo

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
HERE = {"latitude": 53.8012, "longitude": -1.5478, "accuracy": 14}
TILE = "https://tile.openstreetmap.org/**"

AXE_CHECK = """async () => {
  const r = await axe.run(document, { resultTypes: ['violations'] });
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({ id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }));
}"""

OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('locate-officer');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction('outbox').objectStore('outbox').getAll();
    req.onsuccess = () => { resolve(req.result.map(i => ({ kind: i.kind, client_id: i.client_id,
      body: i.body }))); open.result.close(); };
  };
})"""

HELD_PHOTOS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('locate-officer');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction('photos').objectStore('photos').getAllKeys();
    req.onsuccess = () => { resolve(req.result); open.result.close(); };
  };
})"""

# A camera photo: 3000 px wide, with the GPS position of where it was taken in its EXIF.
CAMERA_PHOTO = {"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                "buffer": image_bytes(size=(3000, 2250))}


def _phone(browser, base, *, dark=False):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB",
        timezone_id="Europe/London", bypass_csp=True, permissions=["geolocation"],
        geolocation=HERE, color_scheme="dark" if dark else "light")
    # No tile server in the test: every tile request is refused (the map still works).
    context.route(TILE, lambda route: route.abort())
    return context


def _axe(page, screen):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_CHECK)
    assert found == [], (screen, found)


def _api(context, base, method, path, body=None):
    csrf = context.request.get(f"{base}/api/session").json()["csrf_token"]
    response = context.request.fetch(f"{base}{path}", method=method, data=body,
                                     headers={"X-CSRFToken": csrf})
    assert response.ok, (path, response.status, response.text())
    return response.json()


def _signed_in_api(browser, base, username):
    context = browser.new_context()
    response = context.request.post(f"{base}/api/session",
                                    data={"username": username, "password": "correct horse battery staple"})
    assert response.ok
    return context


def _new_task(sergeant, base, world, title, *, assignee="constable_a", priority="high"):
    return _api(sergeant, base, "POST", f"/api/episodes/{world['episode_a']}/tasks", {
        "kind": "address_check", "title": title, "priority": priority,
        "geometry": {"type": "Point", "coordinates": [-1.5470, 53.8020]},
        "instructions": "Knock, speak to the occupier, check the garden shed.",
        "assignee_user_id": world[assignee]})


def _give_child_a_photo_and_a_friend(sergeant, base, child_id):
    """A photo (as a carer's phone would send it) and an associate on the child's card."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 760), (96, 125, 139))
    draw = ImageDraw.Draw(image)
    draw.ellipse((190, 120, 410, 360), fill=(224, 190, 160))
    draw.rectangle((130, 380, 470, 760), fill=(185, 28, 28))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    card = _api(sergeant, base, "GET", f"/api/children/{child_id}")
    csrf = sergeant.request.get(f"{base}/api/session").json()["csrf_token"]
    response = sergeant.request.post(
        f"{base}/api/children/{child_id}/photo", headers={"X-CSRFToken": csrf},
        multipart={"version": str(card["version"]),
                   "photo": {"name": "jade.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}})
    assert response.ok, response.text()
    if not card["associates"]:
        _api(sergeant, base, "POST", f"/api/children/{child_id}/associates", {
            "name": "Kayden Friend", "relationship": "friend", "age_estimate": 17,
            "phone": "07700 900123", "address": "Flat 3, 14 Park Row, Leeds",
            "concern": "Older; seen with her on previous episodes"})


def _open_app(page, base):
    """Open /app and load it once more under the service worker, so the shell is cached."""
    sign_in(page, base, "constable_a")
    # Off duty to begin with (other tests put this officer on duty): no position fixes queued.
    _api(page.context, base, "PUT", "/api/me/duty", {"on_duty": False})
    page.goto(f"{base}/app")
    page.wait_for_selector("#officer-app[data-ready='1']")
    # Bounded, and a page left outside the worker says how the worker stood.
    problem = page.evaluate(_CONTROLLED)
    assert problem is None, f"the service worker never took /app: {problem}"
    page.reload()
    page.wait_for_selector("#screen[data-ready='1']")


_CONTROLLED = """async () => {
  const until = Date.now() + 20000;
  while (!navigator.serviceWorker.controller && Date.now() < until) await new Promise((ok) => setTimeout(ok, 100));
  if (navigator.serviceWorker.controller) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  const state = (w) => (w ? w.state : 'none');
  return reg ? `installing=${state(reg.installing)} waiting=${state(reg.waiting)} active=${state(reg.active)}`
    : 'no registration';
}"""


def _outbox_count(page, n):
    page.wait_for_selector(f"#status-bar [data-part='outbox'][data-count='{n}']", timeout=15_000)


def _record_sighting(page, note, *, shot=None, photo=None):
    page.get_by_role("link", name="Record sighting").click()
    page.wait_for_selector("#screen[data-ready='1'] .sighting-form")
    page.wait_for_selector("[data-part='fix'][data-how='gps']")
    assert "accurate to about 14 m" in page.locator("[data-part='fix']").inner_text()
    page.get_by_label("How sure").select_option("high")
    page.get_by_label("What was seen").fill(note)
    if photo:
        page.get_by_label("Photo (optional)").set_input_files(photo)
        page.wait_for_function(
            "document.querySelector('[data-part=\"photo-note\"]').textContent.startsWith('Photo ready')")
        # Shrunk on the phone before it is kept or sent.
        assert "(1280×960," in page.locator("[data-part='photo-note']").inner_text()
    if shot:
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, shot)
        _axe(page, "sighting")
    page.get_by_role("button", name="Save sighting").click()
    page.wait_for_selector("#screen[data-ready='1'] [data-part='map'].task-map")


def test_offline_work_survives_a_closed_page_and_arrives_once(browser, live_server, live_app):
    base, world = live_server, live_app.world
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    errors = []
    try:
        _give_child_a_photo_and_a_friend(sergeant, base, world["child_a"])
        task = _new_task(sergeant, base, world, f"Check 14 Park Row {uuid.uuid4().hex[:6]}")
        tid = task["id"]
        page = phone.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        _open_app(page, base)

        # My tasks: the new task, highlighted, with Accept right there.
        item = page.locator(f"li[data-task-id='{tid}']")
        item.wait_for()
        assert item.get_attribute("data-status") == "assigned"
        assert "is-new" in item.get_attribute("class")
        assert page.locator("#status-bar [data-part='net']").inner_text() == "Online"
        screenshot(page, "app-tasks")
        _axe(page, "tasks")
        item.locator("button[data-action='accept']").click()
        page.wait_for_selector(f"li[data-task-id='{tid}'][data-status='accepted']")
        _outbox_count(page, 0)

        # The task: map, navigation, the child, instructions, the next steps.
        item.locator("a").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-map")
        page.wait_for_selector(".child-mini")
        navigate = page.get_by_role("link", name="Navigate").get_attribute("href")
        assert navigate.startswith(("geo:53.8020", "https://maps.google.com/?daddr=53.8020"))
        assert page.locator("button[data-action='start']").is_visible()
        assert "garden shed" in page.locator(".instructions").inner_text()
        page.wait_for_timeout(300)
        screenshot(page, "app-task")
        _axe(page, "task")

        # The child's card (opened online once, so it is on the phone).
        page.get_by_role("link", name="Full profile").click()
        page.wait_for_selector("#screen[data-ready='1'] .child-head")
        assert "Jade" in page.locator("h1").inner_text()
        wait_for_photo(page, ".child-photo")
        assert "Kayden Friend" in page.locator("#screen").inner_text()
        screenshot(page, "app-child")
        _axe(page, "child card")
        page.go_back()
        page.wait_for_selector("#screen[data-ready='1'] .task-map")

        # No signal: three sightings and the completion are kept on the phone.
        phone.set_offline(True)
        page.wait_for_selector("#status-bar[data-net='offline']")
        notes = [f"Girl in a red coat by the bus stop {n} {uuid.uuid4().hex[:6]}" for n in range(3)]
        for n, note in enumerate(notes):
            _record_sighting(page, note, shot="app-sighting" if n == 0 else None,
                             photo=CAMERA_PHOTO if n == 1 else None)
            _outbox_count(page, n + 1)
        # Back on the task, the three are listed (newest first) as mine, waiting to send.
        waiting_list = page.locator("[data-part='sightings'] li.is-waiting")
        waiting_list.nth(2).wait_for()
        assert notes[2] in waiting_list.first.inner_text()
        assert "Photo waiting to send" in waiting_list.nth(1).inner_text()
        page.get_by_role("button", name="Complete…").click()
        page.get_by_label("What did you find?").fill("Not at the address; occupier saw her at 14:10.")
        page.get_by_role("button", name="Complete task").click()
        page.wait_for_selector("#screen[data-status='completed']")
        _outbox_count(page, 4)
        waiting = page.evaluate(OUTBOX)
        assert [i["kind"] for i in waiting] == ["sighting"] * 3 + ["task_action"]

        # The page is closed and the app opened again, still with no signal.
        page.close()
        page = phone.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/app")
        page.wait_for_selector("#officer-app[data-ready='1']")
        _outbox_count(page, 4)
        assert page.locator("#status-bar[data-net='offline']").count() == 1
        page.wait_for_selector(f"li[data-task-id='{tid}'][data-status='completed']")
        screenshot(page, "app-offline-outbox")
        # The child's card, photo included, opens from the phone's copy.
        page.goto(f"{base}/app/children/{world['child_a']}")
        page.wait_for_selector("#screen[data-ready='1'] .child-head")
        wait_for_photo(page, ".child-photo")
        assert "No signal" in page.locator(".child-head").inner_text()
        page.locator(".app-tabs a[data-tab='tasks']").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-list")
        _axe(page, "offline tasks")

        # The sergeant watches the live map while the phone is out of signal.
        sergeant.route(TILE, lambda route: route.abort())
        board = sergeant.new_page()
        board.set_viewport_size({"width": 1366, "height": 900})
        board.goto(f"{base}/map")
        board.wait_for_selector("#map-app[data-ready='1']")
        board.wait_for_selector("#feed-status[data-state='live']")

        # Signal again: everything is sent, in order, once.
        phone.set_offline(False)
        _outbox_count(page, 0)
        page.wait_for_selector("#status-bar[data-net='online']")
        assert "Last synced" in page.locator("#status-bar [data-part='synced']").inner_text()
        page.evaluate("window.dispatchEvent(new Event('online'))")  # a second send finds nothing
        page.wait_for_timeout(500)
        _outbox_count(page, 0)

        sightings = _api(sergeant, base, "GET", f"/api/episodes/{world['episode_a']}/sightings?per_page=1000")
        ours = [f for f in sightings["features"] if f["properties"]["description"] in notes]
        assert sorted(f["properties"]["client_id"] for f in ours) == sorted(
            i["client_id"] for i in waiting if i["kind"] == "sighting")
        assert all(f["properties"]["accuracy_m"] == 14 for f in ours)
        assert {f["properties"]["confidence"] for f in ours} == {"high"}
        # The second sighting's photo followed it, once, shrunk and without its GPS block; the
        # phone no longer holds it.
        with_photo = [f for f in ours if f["properties"]["photo_url"]]
        assert [f["properties"]["description"] for f in with_photo] == [notes[1]]
        photo = sergeant.request.get(f"{base}{with_photo[0]['properties']['photo_url']}")
        assert photo.ok and photo.headers["content-type"] == "image/jpeg"
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(photo.body())) as image:
            assert image.size == (1280, 960) and not image.getexif().get_ifd(GPS_TAG)
        assert page.evaluate(HELD_PHOTOS) == []
        # The phone's task screen now lists them as the server's, the photo with its sighting.
        page.goto(f"{base}/app/tasks/{tid}")
        page.wait_for_function(
            "notes => { const box = document.querySelector(\"[data-part='sightings']\");"
            " return box && box.querySelector('li') && !box.querySelector('li.is-waiting')"
            " && notes.every((n) => box.textContent.includes(n)); }", arg=notes)
        # The photo is lazy-loaded (data on a phone): ours is the one beside the second note.
        wait_for_photo(page, "[data-part='sightings'] li img", beside=notes[1])
        _axe(page, "task with sightings")
        page.evaluate("document.querySelector(\"[data-part='sightings']\")"
                      ".previousElementSibling.scrollIntoView({ block: 'start' })")
        screenshot(page, "app-task-sightings")
        board.wait_for_function(
            "id => window.__locateMap.store.sightings.get(id)?.properties.photo_url",
            arg=with_photo[0]["id"])
        # ... and the sergeant's map showed them without a reload.
        for f in ours:
            board.wait_for_function("id => window.__locateMap.store.sightings.has(id)", arg=f["id"])
        board.wait_for_function(
            "id => window.__locateMap.store.tasks.get(id)?.properties.status === 'completed'", arg=tid)
        done = _api(sergeant, base, "GET", f"/api/tasks/{tid}")
        assert done["properties"]["status"] == "completed"
        assert [t["action"] for t in done["properties"]["transitions"]] == [
            "create", "assign", "accept", "complete"]
        assert page.locator("#conflicts").is_hidden()
        assert errors == []
    finally:
        phone.set_offline(False)
        phone.close()
        sergeant.close()


def test_a_sighting_left_at_now_keeps_its_second_and_goes_on_top(browser, live_server, live_app):
    """The "When" field holds whole minutes. Left as it was filled in, it means the moment the
    form opened, to the second: a sighting stored at 14:10:00 sorted below a camera report from
    14:10:20 that came in before it, and fell out of the task screen's newest few."""
    import time
    from datetime import UTC, datetime, timedelta

    base, world = live_server, live_app.world
    # Early in a minute, so the camera report and the phone's form share it.
    while not 2 <= datetime.now(UTC).second <= 30:
        time.sleep(0.5)
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    try:
        tid = _new_task(sergeant, base, world, f"Check the precinct {uuid.uuid4().hex[:6]}")["id"]
        camera = _api(sergeant, base, "POST", f"/api/episodes/{world['episode_a']}/sightings", {
            "client_id": str(uuid.uuid4()),
            "observed_at": (datetime.now(UTC) - timedelta(seconds=1)).isoformat(),
            "location": {"type": "Point", "coordinates": [-1.5475, 53.8015]},
            "source": "cctv", "confidence": "high", "description": "On the precinct camera"})
        page = phone.new_page()
        _open_app(page, base)
        page.goto(f"{base}/app/tasks/{tid}")
        page.wait_for_selector("#screen[data-ready='1'] .task-map")
        note = f"Girl in a grey hoodie by the fountain {uuid.uuid4().hex[:6]}"
        _record_sighting(page, note)
        _outbox_count(page, 0)

        newest = _api(sergeant, base, "GET", f"/api/episodes/{world['episode_a']}/sightings?per_page=2")
        ours, theirs = newest["features"]
        assert ours["properties"]["description"] == note
        assert theirs["id"] == camera["id"]
        seen = datetime.fromisoformat(ours["properties"]["observed_at"])
        assert seen > datetime.fromisoformat(camera["properties"]["observed_at"])
        assert seen <= datetime.fromisoformat(ours["properties"]["recorded_at"])
        # On the task screen, ours is the newest.
        page.goto(f"{base}/app/tasks/{tid}")
        first = page.locator("[data-part='sightings'] li").first
        first.wait_for()
        assert note in first.inner_text()
    finally:
        phone.close()
        sergeant.close()


def test_a_reassignment_while_offline_is_told_in_words(browser, live_server, live_app):
    base, world = live_server, live_app.world
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    phone = _phone(browser, base)
    try:
        title = f"Search Woodhouse Moor {uuid.uuid4().hex[:6]}"
        task = _new_task(sergeant, base, world, title)
        tid = task["id"]
        page = phone.new_page()
        _open_app(page, base)
        page.locator(f"li[data-task-id='{tid}']").wait_for()
        # A task given while the app is open appears live, highlighted, in priority order.
        page.wait_for_selector("#officer-app[data-feed='live']")
        urgent = _new_task(sergeant, base, world, f"Urgent: bus station {uuid.uuid4().hex[:6]}",
                           priority="urgent")
        first = page.locator(".task-list[data-part='open'] li").first
        page.wait_for_selector(f"li[data-task-id='{urgent['id']}'].is-new")
        assert first.get_attribute("data-task-id") == str(urgent["id"])
        page.wait_for_selector("#toast:has-text('New task')")

        phone.set_offline(True)
        page.wait_for_selector("#status-bar[data-net='offline']")
        page.locator(f"li[data-task-id='{tid}'] button[data-action='accept']").click()
        _outbox_count(page, 1)
        # ... and, still offline, starts and completes it with what they found.
        page.locator(f"li[data-task-id='{tid}'] a").click()
        page.locator("button[data-action='start']").click()
        _outbox_count(page, 2)
        page.get_by_role("button", name="Complete…").click()
        found = "Moor searched end to end; groundsman saw no one by the bandstand."
        page.get_by_label("What did you find?").fill(found)
        page.get_by_role("button", name="Complete task").click()
        _outbox_count(page, 3)
        page.locator(".app-tabs a[data-tab='tasks']").click()
        page.wait_for_selector("#screen[data-ready='1'] .task-list")
        # Meanwhile the sergeant gives the task to someone else.
        _api(sergeant, base, "POST", f"/api/tasks/{tid}/actions", {
            "action": "reassign", "version": task["properties"]["version"],
            "assignee_user_id": world["sergeant_a"]})

        phone.set_offline(False)
        conflict = page.locator("#conflicts .conflict")
        conflict.wait_for(timeout=15_000)
        text = conflict.inner_text()
        assert f"Task {tid} ({title}) was reassigned to Test sergeant while you were offline" in text
        # One message for the three steps that fell together, and what they wrote is kept.
        assert "your 'Accept', 'En route' and 'Complete' were not applied" in text
        assert found in text
        _outbox_count(page, 0)
        assert page.locator("#conflicts .conflict").count() == 1
        page.locator(f"li[data-task-id='{tid}']").wait_for(state="detached")
        # Signal is back: the list is the server's again, and says so.
        page.wait_for_function("document.querySelector('[data-part=\"source\"]').textContent === ''")
        page.evaluate("document.getElementById('toast').hidden = true")  # the new-task notice
        screenshot(page, "app-conflict")
        _axe(page, "conflict")
        # Understood: the message goes, and stays gone after a reload.
        conflict.get_by_role("button", name="Understood").click()
        page.locator("#conflicts").wait_for(state="hidden")
        page.reload()
        page.wait_for_selector("#officer-app[data-ready='1']")
        assert page.locator("#conflicts .conflict").count() == 0
    finally:
        phone.set_offline(False)
        phone.close()
        sergeant.close()


def test_duty_reports_positions_and_stops_off_duty(browser, live_server, live_app):
    base = live_server
    phone = _phone(browser, base)
    try:
        page = phone.new_page()
        _open_app(page, base)
        page.locator(".app-tabs a[data-tab='duty']").click()
        toggle = page.locator("[data-part='toggle']")
        toggle.wait_for()
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        page.wait_for_selector("[data-part='toggle'][aria-pressed='true']")
        page.wait_for_selector("[data-part='last-fix']:has-text('accurate to about 14 m')")
        _outbox_count(page, 0)
        me = phone.request.get(f"{base}/api/session").json()["user"]
        assert me["on_duty"] is True
        sergeant = _signed_in_api(browser, base, "sergeant_a")
        nearest = _api(sergeant, base, "GET", "/api/officers/nearest?lon=-1.5478&lat=53.8012")
        sergeant.close()
        assert any(o["user_id"] == live_app.world["constable_a"] and o["distance_m"] < 5
                   and o["accuracy_m"] == 14 for o in nearest)
        screenshot(page, "app-duty")
        _axe(page, "duty")
        # The first fix reached the server through the outbox (the sparing rule: tests/js).
        assert page.evaluate(OUTBOX) == []
        toggle.click()
        page.wait_for_selector("[data-part='toggle'][aria-pressed='false']")
        _outbox_count(page, 0)
        assert phone.request.get(f"{base}/api/session").json()["user"]["on_duty"] is False
        # Off duty, the watch is cleared: a new position from the phone is not reported.
        phone.set_geolocation({"latitude": 53.81, "longitude": -1.56, "accuracy": 9})
        page.wait_for_timeout(1500)
        assert page.evaluate(OUTBOX) == []
    finally:
        phone.close()


def test_fixes_kept_offline_go_back_in_one_request(browser, live_server, live_app):
    """On duty in a dead spot: each fix the sparing rule lets through waits in the outbox, and
    when the signal returns they go together in one request, before the sighting recorded
    after them."""
    base = live_server
    phone = _phone(browser, base)
    sent = []
    try:
        page = phone.new_page()
        page.clock.install()  # the sparing rule needs a minute between fixes: fast-forwarded
        _open_app(page, base)
        # Answered requests only: a try made while the phone was still offline fails unseen.
        page.on("requestfinished", lambda r: sent.append(r.url.removeprefix(base))
                if "/api/me/positions" in r.url or r.url.endswith("/sightings") else None)
        page.locator(".app-tabs a[data-tab='duty']").click()
        page.locator("[data-part='toggle']").click()
        page.wait_for_selector("[data-part='last-fix']:has-text('accurate to about 14 m')")
        _outbox_count(page, 0)
        phone.set_offline(True)
        page.wait_for_selector("#status-bar[data-net='offline']")
        sent.clear()
        for n in range(1, 6):
            page.clock.fast_forward("01:05")
            phone.set_geolocation({"latitude": HERE["latitude"] + n * 0.001,
                                   "longitude": HERE["longitude"], "accuracy": 20})
            _outbox_count(page, n)
        page.goto(f"{base}/app/sightings/new?episode={live_app.world['episode_a']}")
        page.wait_for_selector("#screen[data-ready='1'] .sighting-form")
        page.get_by_label("What was seen").fill(f"After the dead spot {uuid.uuid4().hex[:6]}")
        page.get_by_role("button", name="Save sighting").click()
        waiting = page.evaluate(OUTBOX)
        assert [i["kind"] for i in waiting][-6:] == ["position"] * 5 + ["sighting"]
        sent.clear()
        phone.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        _outbox_count(page, 0)
        assert sent[:2] == ["/api/me/positions/batch",
                            f"/api/episodes/{live_app.world['episode_a']}/sightings"], sent
        assert "/api/me/positions" not in sent
        sergeant = _signed_in_api(browser, base, "sergeant_a")
        nearest = _api(sergeant, base, "GET",
                       f"/api/officers/nearest?lon={HERE['longitude']}&lat={HERE['latitude'] + 0.005}")
        sergeant.close()
        me = [o for o in nearest if o["user_id"] == live_app.world["constable_a"]]
        assert me and me[0]["distance_m"] < 5  # the newest fix is the live position
        page.locator(".app-tabs a[data-tab='duty']").click()
        page.locator("[data-part='toggle'][aria-pressed='true']").click()
        _outbox_count(page, 0)
    finally:
        phone.set_offline(False)
        phone.close()


def test_dark_mode(browser, live_server):
    phone = _phone(browser, live_server, dark=True)
    try:
        page = phone.new_page()
        sign_in(page, live_server, "constable_a")
        page.goto(f"{live_server}/app")
        page.wait_for_selector("#screen[data-ready='1']")
        screenshot(page, "app-dark")
        _axe(page, "tasks (dark)")
    finally:
        phone.close()


def test_a_shared_phone_sends_each_officers_writes_under_their_own_name(browser, live_server,
                                                                        live_app):
    base, world = live_server, live_app.world
    phone = _phone(browser, base)
    try:
        page = phone.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        _open_app(page, base)
        # The sighting cannot reach the server (a dead spot that only the API path sees).
        phone.route("**/api/episodes/*/sightings", lambda route: route.abort())
        note = f"Shared phone sighting {uuid.uuid4().hex[:6]}"
        page.goto(f"{base}/app/sightings/new?episode={world['episode_a']}")
        page.wait_for_selector("[data-part='fix'][data-how='gps']")
        page.get_by_label("What was seen").fill(note)
        page.get_by_role("button", name="Save sighting").click()
        _outbox_count(page, 1)
        # Sign out (the officer is told it stays), and a sergeant signs in on the same phone.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login**")
        phone.unroute("**/api/episodes/*/sightings")
        sign_in(page, base, "sergeant_a")
        page.goto(f"{base}/app")
        page.wait_for_selector("#officer-app[data-ready='1']")
        _outbox_count(page, 0)
        page.wait_for_timeout(1000)
        assert [i["body"]["description"] for i in page.evaluate(OUTBOX)] == [note]
        # The constable signs in again: their sighting goes, recorded as theirs.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login**")
        sign_in(page, base, "constable_a")
        page.goto(f"{base}/app")
        page.wait_for_selector("#officer-app[data-ready='1']")
        _outbox_count(page, 0)
        for _ in range(20):
            sightings = _api(phone, base, "GET",
                             f"/api/episodes/{world['episode_a']}/sightings?per_page=1000")
            ours = [f for f in sightings["features"] if f["properties"]["description"] == note]
            if ours:
                break
            page.wait_for_timeout(250)
        assert len(ours) == 1 and ours[0]["properties"]["recorded_by_id"] == world["constable_a"]
    finally:
        phone.close()


def test_a_photo_cut_off_after_its_sighting_is_sent_later_and_once(browser, live_server,
                                                                   live_app):
    """The sighting gets through but the photo's request dies (the signal went between the
    two): the item stays in the outbox, and the next send delivers only the photo."""
    base, world = live_server, live_app.world
    phone = _phone(browser, base)
    sent = {"sightings": 0, "photos": 0}

    def count_sightings(route):
        sent["sightings"] += 1
        route.continue_()

    try:
        page = phone.new_page()
        _open_app(page, base)
        phone.route("**/api/episodes/*/sightings", count_sightings)
        phone.route("**/api/sightings/*/photo", lambda route: route.abort())
        note = f"Photo cut off {uuid.uuid4().hex[:6]}"
        page.goto(f"{base}/app/sightings/new?episode={world['episode_a']}")
        page.wait_for_selector("[data-part='fix'][data-how='gps']")
        page.get_by_label("What was seen").fill(note)
        page.get_by_label("Photo (optional)").set_input_files(CAMERA_PHOTO)
        page.wait_for_function(
            "document.querySelector('[data-part=\"photo-note\"]').textContent.startsWith('Photo ready')")
        page.get_by_role("button", name="Save sighting").click()
        # Wait for the sighting to be recorded (not only sent: on a busy machine the answer
        # can take a while), then check the photo is not.
        for _ in range(120):
            sightings = _api(phone, base, "GET",
                             f"/api/episodes/{world['episode_a']}/sightings?per_page=1000")
            ours = [f for f in sightings["features"] if f["properties"]["description"] == note]
            if ours:
                break
            page.wait_for_timeout(250)
        assert len(ours) == 1 and ours[0]["properties"]["photo_url"] is None
        _outbox_count(page, 1)  # still waiting: the photo has not arrived

        phone.unroute("**/api/sightings/*/photo")
        phone.route("**/api/sightings/*/photo", lambda route: (
            sent.__setitem__("photos", sent["photos"] + 1), route.continue_()))
        page.get_by_role("button", name="Send now").click()
        _outbox_count(page, 0)
        assert sent == {"sightings": 1, "photos": 1}
        sightings = _api(phone, base, "GET",
                         f"/api/episodes/{world['episode_a']}/sightings?per_page=1000")
        ours = [f for f in sightings["features"] if f["properties"]["description"] == note]
        assert len(ours) == 1 and ours[0]["properties"]["photo_url"].startswith("/api/photos/")
        assert page.evaluate(HELD_PHOTOS) == []
        assert page.locator("#conflicts").is_hidden()
    finally:
        phone.close()
