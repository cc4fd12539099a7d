"""Reporting a child missing from a carer's phone, and the duty inspector's desk showing it
live (issue 10). The carer's inputs are counted: with a profile on file, at most 8."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from locate.domain.notifications import notification_for

from .conftest import PHONE, screenshot, sign_in
from .test_push_devtools import WAIT_FOR_NOTIFICATIONS, registration_id

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
MAX_INPUTS = 8
DESCRIPTION = "Tall, long braided hair, silver nose stud"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_CHECK = """async (scope) => {
  const r = await axe.run(scope, { resultTypes: ['violations'] });
  return r.violations.map(v => ({ id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }));
}"""
def _post(context, base, path, body):
    """POST JSON as the context's signed-in user, with a CSRF token fresh from the session."""
    token = context.request.get(f"{base}/api/session").json()["csrf_token"]
    response = context.request.post(f"{base}{path}", data=body,
                                    headers={"X-CSRFToken": token})
    assert response.ok, (path, response.status, response.text())
    return response.json()


class Inputs:
    """Every input a person makes on the page goes through here, so the count is honest."""

    def __init__(self, page):
        self.page, self.count, self.log = page, 0, []

    def _one(self, what):
        self.count += 1
        self.log.append(what)

    def fill(self, selector, text):
        self._one(f"type {selector}")
        self.page.locator(selector).fill(text)

    def click(self, locator, what, **kw):
        self._one(what)
        locator.click(**kw)

    def select(self, selector, value):
        self._one(f"choose {selector}")
        self.page.locator(selector).select_option(value)


def _carer_child(context, base, surname):
    """A child of the carer's own home, with a placement location (Oak House, Leeds)."""
    card = _post(context, base, "/api/children", {
        "first_name": "Ruby", "last_name": surname, "date_of_birth": "2012-04-09",
        "sex": "female", "placement_type": "childrens_home",
        "placement_address": "Oak House, Leeds",
        "placement_location": {"type": "Point", "coordinates": [-1.5491, 53.8008]}})
    return card


def _errors(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _axe(page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_CHECK, "html")


def test_a_carer_reports_in_at_most_8_inputs_and_the_inspector_sees_it_live(browser,
                                                                             live_server):
    tiles_off = lambda route: route.abort()  # noqa: E731 - no tile server in the tests
    inspector = browser.new_context(viewport=WIDE, locale="en-GB", timezone_id="Europe/London",
                                    bypass_csp=True)
    carer = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                has_touch=True, locale="en-GB", timezone_id="Europe/London",
                                bypass_csp=True)
    for context in (inspector, carer):
        context.route("https://tile.openstreetmap.org/**", tiles_off)
    try:
        # The duty inspector lands on the desk, which is live before the report is made.
        desk = inspector.new_page()
        desk_errors = _errors(desk)
        sign_in(desk, live_server, "inspector_a")
        assert desk.url.endswith("/inspector")
        desk.wait_for_selector("#feed-status[data-state='live']", timeout=60_000)
        desk.wait_for_function("window.__locateDesk.loads.length >= 1")
        desk.evaluate("window.__notReloaded = true")

        page = carer.new_page()
        errors = _errors(page)
        sign_in(page, live_server, "partner_a")
        surname = f"Report{uuid.uuid4().hex[:6]}"
        child = _carer_child(carer, live_server, surname)
        # First the profile, on the same phone: a description added, saved as a new version
        # (the profile's own inputs; the report's are counted below).
        page.goto(f"{live_server}/carer/children/{child['id']}")
        page.wait_for_selector("#carer-profile[data-ready='1']")
        page.get_by_label("Description").fill(DESCRIPTION)
        page.get_by_role("button", name="Save as a new version").click()
        page.wait_for_selector("#carer-profile[data-version='2']")
        # Then the report, from the carer's list as a carer would.
        page.goto(f"{live_server}/report")
        page.wait_for_selector(".child-choice")
        assert _axe(page) == []

        you = Inputs(page)
        you.fill("#child-search", surname)
        choice = page.locator(".child-choice", has_text=surname)
        you.click(choice, "pick the child")
        page.wait_for_selector("#picked:not([hidden])")
        # The profile just saved is what the report shows, and the record's suggestion with
        # its reasons (a 14-year-old with nothing on record: no apparent risk).
        assert DESCRIPTION in page.locator("#picked").inner_text()
        page.wait_for_selector("#suggestion:not([hidden])")
        assert page.locator("#suggested-grade").inner_text() == "No apparent risk"
        assert page.locator("#grade").input_value() == "no_apparent_risk"
        # The map starts at where the child lives, with the pin there already.
        assert "where Ruby lives" in page.locator("#map-where").inner_text()
        you.fill("#clothing", "Black puffer jacket, white trainers")
        box = page.locator("#last-seen-map").bounding_box()
        you.click(page.locator("#last-seen-map"), "tap the map",
                  position={"x": box["width"] * 0.7, "y": box["height"] * 0.3})
        assert page.locator("#map-where").inner_text().startswith("Pin at ")
        you.fill("#circumstances", "Left after a phone call, not answering since")
        you.select("#grade", "high")
        you.fill("#rationale", "Older man seen collecting her last week")
        page.evaluate("document.getElementById('who').scrollIntoView()")  # not an input
        screenshot(page, "report-phone")
        you.click(page.get_by_role("button", name="Report missing now"), "send")
        page.wait_for_selector("#reported:not([hidden])")
        assert you.count <= MAX_INPUTS, you.log
        summary = page.locator("#reported-summary").inner_text()
        assert "Ruby" in summary and "duty inspector" in summary
        reference = page.locator("#reported-summary strong").nth(1).inner_text()
        reported_id = page.evaluate("window.__locateReport.reported.id")
        gaps = page.locator("#gaps li").all_inner_texts()
        assert "a recent photo" in gaps and "friends and associates" in gaps
        assert _axe(page) == []

        # The desk shows it, live, in "new" and "awaiting acknowledgement", without a reload.
        new_item = desk.locator("[data-list='new_episodes'] li", has_text=reference)
        new_item.wait_for(timeout=20_000)
        waiting = desk.locator("[data-list='awaiting_acknowledgement'] li", has_text=reference)
        waiting.wait_for()
        assert desk.evaluate("window.__notReloaded") is True
        assert "episode.created" in desk.evaluate(
            "window.__locateDesk.loads.map((l) => l.reason)")
        assert "Ruby" in new_item.inner_text()
        screenshot(desk, "inspector-desk-desktop")
        assert _axe(desk) == []
        # Acknowledged from the desk: it leaves the list (and stays among the new).
        with desk.expect_response("**/acknowledge") as acknowledged:
            waiting.get_by_role("button", name=f"Acknowledge high risk: {reference}").click()
        assert acknowledged.value.status == 200, acknowledged.value.text()
        waiting.wait_for(state="detached")
        assert new_item.count() == 1
        # The description the carer saved just before reporting is on the searchers' sheet.
        desk.goto(f"{live_server}/episodes/{reported_id}/briefing?access_reason=supervision")
        assert DESCRIPTION in desk.locator("main").inner_text()
        assert not errors and not desk_errors, errors + desk_errors
        assert child["id"]
    finally:
        inspector.close()
        carer.close()


def test_a_call_taker_reports_a_child_with_no_profile_and_is_told_what_it_lacks(browser,
                                                                                 live_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="en-GB", timezone_id="Europe/London")
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page = context.new_page()
        errors = _errors(page)
        sign_in(page, live_server, "constable_a")
        page.goto(f"{live_server}/report")
        page.get_by_role("button", name="The child is not on file").click()
        page.locator("#nc-first").fill("Leo")
        page.locator("#nc-last").fill(f"Caller{uuid.uuid4().hex[:6]}")
        page.locator("#nc-age").fill("12")
        page.locator("#nc-sex").select_option("male")
        page.locator("#nc-description").fill("Slight, short fair hair, about 140 cm")
        page.locator("#clothing").fill("Red school jumper")
        # Nothing is sent while something needed is missing: the page says what.
        page.get_by_role("button", name="Report missing now").click()
        assert "where last seen" in page.locator("#form-error").inner_text()
        box = page.locator("#last-seen-map").bounding_box()
        page.locator("#last-seen-map").click(position={"x": box["width"] / 2,
                                                       "y": box["height"] / 2})
        page.locator("#grade").select_option("medium")
        page.locator("#rationale").fill("Mother says out of character")
        page.get_by_role("button", name="Report missing now").click()
        page.wait_for_selector("#reported:not([hidden])")
        assert page.locator("#gaps h3").inner_text() == "The new profile still lacks"
        gaps = page.locator("#gaps li").all_inner_texts()
        assert "an exact date of birth (only an age was given)" in gaps
        assert "where the child lives (placement address or location)" in gaps
        assert not errors, errors
    finally:
        context.close()


def test_report_and_desk_screenshots_at_the_other_size(browser, live_server):
    for size, report_name, desk_name, user in ((WIDE, "report-desktop", None, "sergeant_a"),
                                               (PHONE, None, "inspector-desk-phone",
                                                "inspector_a")):
        context = browser.new_context(viewport=size, locale="en-GB", timezone_id="Europe/London")
        context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        try:
            page = context.new_page()
            sign_in(page, live_server, user)
            if report_name:
                page.goto(f"{live_server}/report")
                page.wait_for_selector(".child-choice")
                page.locator(".child-choice", has_text="Jade Example").first.click()
                page.wait_for_selector("#picked:not([hidden])")
                page.locator("#clothing").fill("Blue jeans, green parka")
                # The record's suggestion for the world's child: asthma on the profile.
                page.wait_for_selector("#suggestion:not([hidden])")
                assert "asthma" in page.locator("#suggestion-reasons").inner_text()
                screenshot(page, report_name)
            else:
                page.wait_for_selector("#feed-status[data-state='live']", timeout=60_000)
                page.wait_for_function("window.__locateDesk.loads.length >= 1")
                screenshot(page, desk_name)
        finally:
            context.close()


def _event_of(live_app, episode_id):
    import sqlalchemy as sa

    from locate.live.events import as_message
    from locate.models import Event

    engine = sa.create_engine(live_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with sa.orm.Session(engine) as session:
            row = session.execute(sa.select(Event).where(
                Event.type == "episode.created", Event.episode_id == episode_id)).scalar_one()
            return as_message(row)
    finally:
        engine.dispose()


def test_the_reports_push_reaches_the_inspectors_phone(browser, live_server, live_app):
    """A sergeant reports a child with no profile; the event it records names the duty
    inspector, and its notification, delivered where a push arrives, shows on their phone
    without the child's name."""
    reporter = browser.new_context(viewport=PHONE)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = reporter.new_page()
        sign_in(page, live_server, "sergeant_a")
        surname = f"Pushed{uuid.uuid4().hex[:6]}"
        feature = _post(reporter, live_server, "/api/episodes", {
            "child": {"first_name": "Noah", "last_name": surname, "sex": "male",
                      "age_years": 11, "description": "Tall for his age"},
            "last_seen_at": "2026-01-01T10:00:00Z",
            "last_seen": {"type": "Point", "coordinates": [-1.55, 53.80]},
            "risk": {"grade": "high", "rationale": "Diabetic, no insulin with him"}})
        message = _event_of(live_app, feature["id"])
        assert live_app.world["inspector_a"] in message["user_ids"]

        context.grant_permissions(["notifications"], origin=live_server)
        phone = context.new_page()
        sign_in(phone, live_server, "inspector_a")
        phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
        phone.reload()
        phone.wait_for_function("navigator.serviceWorker.controller !== null")
        payload = notification_for(message)
        cdp = context.new_cdp_session(phone)
        cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": live_server, "registrationId": registration_id(cdp, live_server),
            "data": json.dumps(payload)})
        shown = phone.evaluate(WAIT_FOR_NOTIFICATIONS)
        reference = feature["properties"]["reference"]
        assert shown == [{"title": "New missing child report",
                          "body": f"High risk: {reference}. Open LOCATE for details.",
                          "tag": payload["tag"], "url": f"/map?episode={feature['id']}"}]
        assert "Noah" not in json.dumps(shown) and surname not in json.dumps(shown)
    finally:
        reporter.close()
        context.close()
