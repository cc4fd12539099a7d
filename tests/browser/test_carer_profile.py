"""A carer keeps a child's profile on a phone: the list says which profiles need updating,
a photo comes from the camera (the file chooser), a place is put on the map by a tap, and
each save is a new profile version. axe-core checks both pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.images import image_bytes

from .conftest import DESKTOP, PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser

TILE = "https://tile.openstreetmap.org/**"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_CHECK = """async () => {
  const r = await axe.run(document, { resultTypes: ['violations'] });
  return r.violations.map(v => ({ id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }));
}"""


def _context(browser, viewport, **extra):
    # axe is injected as a script of the test's own, so these contexts relax the CSP.
    context = browser.new_context(viewport=viewport, locale="en-GB", bypass_csp=True,
                                  timezone_id="Europe/London", **extra)
    context.route(TILE, lambda route: route.abort())
    return context


def _api(page, method, path, body=None):
    """Call the API from the signed-in page, with the session's CSRF token."""
    return page.evaluate("""async ([method, path, body]) => {
      const session = await fetch('/api/session', { credentials: 'same-origin' });
      const token = (await session.json()).csrf_token;
      const res = await fetch(path, { method, credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
        body: body === null ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    }""", [method, path, body])


def _own_child(page, first_name):
    """A child of the carer's own organisation, made for this test (the shared episode_a's
    child stays as other tests expect it)."""
    made = _api(page, "POST", "/api/children", {
        "first_name": first_name, "last_name": "Carerstest", "date_of_birth": "2011-02-03",
        "sex": "female", "placement_type": "childrens_home",
        "description": "Slim, shoulder-length brown hair",
        "phones": ["07700 900123 (mobile)"], "social_media": ["Snapchat: mia_x"],
        "vulnerabilities": ["low mood"],
        "placement_location": {"type": "Point", "coordinates": [-1.5491, 53.8008]}})
    assert made["status"] == 201, made
    return made["body"]


def _axe(page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_CHECK) == []


def test_a_carer_updates_a_profile_on_a_phone(browser, live_server):
    context = _context(browser, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, live_server, "partner_a")
        assert page.url.rstrip("/").endswith("/carer"), page.url  # the carer's landing page
        child = _own_child(page, "Mia")
        page.goto(f"{live_server}/carer")
        row = page.locator(f"li.carer-child[data-child-id='{child['id']}']")
        assert "No photo on file" in row.inner_text()
        assert row.locator("[data-action='report']").get_attribute("href") == (
            f"/report?child={child['id']}")
        assert "[object Object]" not in page.inner_text("main")
        _axe(page)
        screenshot(page, "carer-children-phone")

        row.locator("[data-action='edit']").click()
        page.wait_for_selector("#carer-profile[data-ready='1']")
        assert page.get_attribute("#carer-profile", "data-version") == "1"
        # Phones and social media as rows of their parts, never "[object Object]".
        assert page.locator("#phones input[name='number']").input_value() == "07700 900123"
        assert page.locator("#phones input[name='label']").input_value() == "mobile"
        assert page.locator("#social_media input[name='platform']").input_value() == "Snapchat"
        assert page.get_by_label("low mood").is_checked()

        # The photo, as the camera hands it over: through the file chooser.
        with page.expect_file_chooser() as chooser:
            page.get_by_text("Take a new photo").click()
        assert chooser.value.element.get_attribute("capture") == "environment"
        chooser.value.set_files(files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg",
                                        "buffer": image_bytes(size=(900, 1200))}])
        page.wait_for_selector("#carer-profile[data-version='2']")
        assert page.locator("#photo").is_visible() and not page.locator("#no-photo").is_visible()

        # A place by tapping the map, a risk assessed location.
        page.locator("#places-map").tap(position={"x": 180, "y": 150})
        page.wait_for_function("document.getElementById('pin-text').textContent.startsWith('Pin at')")
        page.get_by_label("Name of the place").fill("Flat above the takeaway")
        page.get_by_label("Kind").select_option("risk_assessed_location")
        page.get_by_role("button", name="Add place").click()
        page.locator("#places li[data-kind='risk_assessed_location']").wait_for()

        # An associate added, then corrected (no profile version: associates are their own rows).
        page.get_by_text("Add an associate").click()
        page.get_by_label("Name", exact=True).fill("Dean")
        page.get_by_label("Relationship to the child", exact=True).fill("older friend")
        page.get_by_role("button", name="Add associate").click()
        page.get_by_text("Edit Dean").click()
        page.locator("#associates input[name='phone']").fill("07700 900777")
        page.get_by_role("button", name="Save Dean").click()
        page.wait_for_function("document.getElementById('associates').textContent.includes('07700 900777')")

        # Part 1 fields, a marker ticked and a second phone: one new version.
        page.get_by_label("Description").fill("Slim, short dyed red hair, nose stud")
        page.get_by_label("older associates").check()
        page.get_by_role("button", name="Add a phone").click()
        page.locator("#phones input[name='number']").nth(1).fill("07700 900456")
        page.locator("#phones input[name='label']").nth(1).fill("second phone")
        page.get_by_label("Medical needs and medication").fill("Inhaler")
        page.get_by_role("button", name="Save as a new version").click()
        page.wait_for_selector("#carer-profile[data-version='3']")
        assert "Saved as version 3" in page.inner_text("#status")
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "profile-edit-phone")
        _axe(page)

        versions = _api(page, "GET", f"/api/children/{child['id']}/profiles")["body"]
        assert [v["version"] for v in versions["versions"]] == [3, 2, 1]
        now, photo_version = versions["versions"][0], versions["versions"][1]
        assert photo_version["photo_url"] and now["photo_url"] == photo_version["photo_url"]
        assert now["description"] == "Slim, short dyed red hair, nose stud"
        assert now["exploitation_indicators"] == ["older associates"]
        assert now["phones"] == ["07700 900123 (mobile)", "07700 900456 (second phone)"]
        assert now["social_media"] == ["Snapchat: mia_x"]
        [dean] = _api(page, "GET", f"/api/children/{child['id']}/associates")["body"]["items"]
        assert (dean["name"], dean["phone"]) == ("Dean", "07700 900777")
        places = _api(page, "GET", f"/api/children/{child['id']}/places")["body"]
        [place] = places["features"]
        assert place["properties"]["kind"] == "risk_assessed_location"
        lon, lat = place["geometry"]["coordinates"]
        assert -2.5 < lon < -0.5 and 53 < lat < 54.5, (lon, lat)  # where the map showed

        # Back on the list the profile is current: a new photo, and saving confirmed it.
        page.goto(f"{live_server}/carer")
        row = page.locator(f"li.carer-child[data-child-id='{child['id']}']")
        assert row.locator("[data-currency='current']").is_visible()
        assert json.dumps(now).count("[object Object]") == 0
    finally:
        context.close()


def test_the_carers_pages_on_a_desktop(browser, live_server):
    context = _context(browser, DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, live_server, "partner_a")
        child = _own_child(page, "Lena")
        page.goto(f"{live_server}/carer")
        page.locator(f"li.carer-child[data-child-id='{child['id']}']").wait_for()
        screenshot(page, "carer-children-desktop")
        # "Still right" confirms without script: a form post back to the list.
        page.locator(f"li.carer-child[data-child-id='{child['id']}'] [data-action='confirm']").click()
        page.wait_for_load_state("networkidle")
        assert "confirmed as still right" in page.inner_text(".flashes")
        page.goto(f"{live_server}/carer/children/{child['id']}")
        page.wait_for_selector("#carer-profile[data-ready='1']")
        screenshot(page, "profile-edit-desktop")
        _axe(page)
    finally:
        context.close()


def test_the_officer_sees_what_changed_since_the_last_episode(browser, live_server, live_app):
    from .conftest import run_sql
    from .test_officer_app import _open_app, _phone

    carer = _context(browser, PHONE, is_mobile=True, has_touch=True)
    officer = _phone(browser, live_server)
    try:
        page = carer.new_page()
        sign_in(page, live_server, "partner_a")
        child = _own_child(page, "Ruby")
        # An episode a month ago, closed, when version 1 was the profile (the API rightly
        # takes no report in the past, so the times are set directly).
        run_sql(live_app, """
            INSERT INTO episodes (reference, child_id, team_id, status, reported_at,
              reported_by_name, last_seen_at, last_seen_geom, found_at, version)
            VALUES ('CARER-PAST-1', :child, :team, 'closed', now() - interval '30 days',
              'Carer', now() - interval '30 days 1 hour',
              ST_SetSRID(ST_MakePoint(-1.55, 53.80), 4326), now() - interval '29 days', 1)""",
            "UPDATE child_profiles SET created_at = now() - interval '60 days' "
            "WHERE child_id = :child AND version = 1",
            child=child["id"], team=child["team_id"])
        assert _api(page, "PATCH", f"/api/children/{child['id']}", {
            "version": 1, "exploitation_indicators": ["older associates"],
            "phones": ["07700 900123 (mobile)", "07700 900999 (new phone)"]})["status"] == 200

        # She is missing again: her team's officer opens her card for the search (without an
        # open episode of theirs, an officer is asked why they open a child's record: s.62).
        run_sql(live_app, """
            INSERT INTO episodes (reference, child_id, team_id, status, reported_at,
              reported_by_name, last_seen_at, last_seen_geom, version)
            VALUES ('CARER-NOW-1', :child, :team, 'open', now(), 'Carer', now(),
              ST_SetSRID(ST_MakePoint(-1.55, 53.80), 4326), 1)""",
            child=child["id"], team=child["team_id"])
        phone_page = officer.new_page()
        _open_app(phone_page, live_server)
        phone_page.goto(f"{live_server}/app/children/{child['id']}")
        changes = phone_page.locator("#screen [data-part='changes'][data-ready='1']")
        changes.wait_for()
        text = changes.inner_text()
        assert "Since CARER-PAST-1" in text
        assert "Exploitation markers: added older associates" in text
        assert "Phones: added 07700 900999 (new phone)" in text
        assert "[object Object]" not in text
    finally:
        carer.close()
        officer.close()
