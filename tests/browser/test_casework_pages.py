"""Escalations, found and closed, the return home interview and grading against outcome in
Chromium: a carer escalates on a phone and sees the inspector's decision arrive live (two
contexts); an episode is found by a tap on the map and closed with the interview referred; the
interview's place appears in the child's places, then at the next report of the child and at
its grading; axe finds nothing serious on any new page.
Screenshots (LOCATE_SCREENSHOTS=1): escalation-phone, escalation-desktop, found-phone,
rhi-phone, report-suggestion-phone/-desktop, grading-interview-phone/-desktop,
grading-outcome-desktop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.extensions import db
from locate.models import Episode, Organisation, Team
from tests import factories

from .conftest import PHONE, screenshot, sign_in
from .test_officer_app import _axe

pytestmark = pytest.mark.browser

TILE = "https://tile.openstreetmap.org/**"
WIDE = {"width": 1440, "height": 900}


def _context(browser, viewport, **kw):
    context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/London",
                                  bypass_csp=True, **kw)
    context.route(TILE, lambda route: route.abort())
    return context


@pytest.fixture()
def own_episode(live_app):
    """An open episode of a child of its own in Oak House (organisation A, team A), so that
    team A's child_a and episode_a stay as the other browser tests expect."""
    ids = live_app.world
    with live_app.app_context():
        team = db.session.get(Team, ids["team_a"])
        home = db.session.get(Organisation, ids["org_a"])
        child = factories.child(db.session, team_row=team, organisation_row=home,
                                first_name="Mia", last_name="Casework")
        row = factories.episode(db.session, child_row=child, team_row=team,
                                reported_at=datetime.now(UTC) - timedelta(hours=3))
        db.session.commit()
        live_app.casework_child = child.id
        episode_id = row.id
    return episode_id


def test_the_carer_escalates_and_sees_the_inspectors_decision(browser, live_server, live_app,
                                                               own_episode):
    carer = _context(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    inspector = _context(browser, WIDE)
    try:
        page = carer.new_page()
        sign_in(page, live_server, "partner_a")
        page.goto(f"{live_server}/escalations/new?episode={own_episode}")
        _axe(page, "escalation form")
        page.get_by_label("What do you disagree with?").select_option("risk_grade")
        page.get_by_label("Why?").fill("Graded low, but she was with an older man last week "
                                       "and her phone is off, which it never is.")
        page.get_by_role("button", name="Send to the duty inspector").click()
        page.wait_for_url("**/escalations/*")
        page.wait_for_selector("#escalation-view[data-ready='1']")
        assert "with the duty inspector" in page.locator("#esc-status").inner_text()
        assert page.locator("#esc-steps li").count() == 2  # raised, told at once
        assert page.locator("#decision-form").is_hidden()  # a carer does not decide
        escalation_id = int(page.url.rstrip("/").split("/")[-1])

        desk = inspector.new_page()
        sign_in(desk, live_server, "inspector_a")
        desk.goto(f"{live_server}/escalations/{escalation_id}")
        desk.wait_for_selector("#escalation-view[data-ready='1']")
        _axe(desk, "escalation decision form")
        desk.get_by_label("Upheld", exact=True).check()
        desk.get_by_label("Reasons").fill("Regraded high: the older associate is on record and "
                                          "a phone off is out of character.")
        screenshot(desk, "escalation-desktop")
        desk.get_by_role("button", name="Record the decision").click()
        desk.locator("#esc-status[data-status='resolved']").wait_for()

        # The carer's page hears it live, without reloading.
        page.locator("#esc-status[data-status='resolved']").wait_for(timeout=45000)
        assert "Upheld" in page.locator("#esc-outcome").inner_text()
        assert "Regraded high" in page.locator("#esc-response").inner_text()
        assert page.locator("#esc-steps li").count() == 3
        screenshot(page, "escalation-phone")
        _axe(page, "escalation decided")
    finally:
        carer.close()
        inspector.close()


def test_found_on_the_map_closed_with_the_interview_referred_then_recorded(
        browser, live_server, live_app, own_episode):
    context = _context(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sergeant_a")
        page.goto(f"{live_server}/episodes/{own_episode}/found")
        page.wait_for_selector("#found-page[data-ready='1']")
        page.locator("#found-map").click(position={"x": 200, "y": 120})  # tap where found
        assert "Chosen" in page.locator("#found-point").inner_text()
        page.get_by_label("Kind of place").select_option("friend_address")
        page.get_by_label("Who found the child").select_option("address_check")
        page.get_by_label("Their condition").fill("Cold, tired, no injuries seen")
        page.get_by_label("No", exact=True).first.check()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "found-phone")
        _axe(page, "found form")
        page.get_by_role("button", name="Record found").click()
        page.locator("#close-form").wait_for(state="visible")
        page.get_by_label("Yes, referred").check()
        page.get_by_role("button", name="Close the episode").click()
        page.locator("#after-close").wait_for(state="visible")
        with live_app.app_context():
            row = db.session.get(Episode, own_episode)
            assert (row.status, row.harm_suffered, row.rhi_referred, row.found_by) == (
                "closed", "no", True, "address_check")
            assert row.found_geom is not None

        page.get_by_role("link", name="Record the return home interview").click()
        page.wait_for_selector("#interview-page[data-ready='1']")
        page.get_by_label("Interviewer").fill("Sam Reid")
        page.get_by_label("What the child said").fill("Stayed at a flat above the takeaway.")
        page.locator("#places-map").click(position={"x": 150, "y": 150})
        page.get_by_label("Place 1: name").fill("Flat above the takeaway")
        page.get_by_label("Kind of place").select_option("associate_address")
        page.get_by_role("button", name="Add a person").click()
        page.get_by_label("Name", exact=True).fill("Dean")
        page.get_by_label("Who they are to the child").fill("older associate")
        page.evaluate("document.querySelector('label[for=summary]').scrollIntoView()")
        screenshot(page, "rhi-phone")
        _axe(page, "interview form")
        page.get_by_role("button", name="Save the interview").click()
        page.locator("#interview-done").wait_for(state="visible")
        assert "1 place(s)" in page.locator("#interview-done").inner_text()
        # The place is among the child's places (what the next report and grading read).
        places = context.request.get(
            f"{live_server}/api/children/{live_app.casework_child}/places").json()
        named = [f for f in places["features"]
                 if f["properties"]["source"] == "return_home_interview"
                 and f["properties"]["episode_id"] == own_episode]
        assert [f["properties"]["name"] for f in named] == ["Flat above the takeaway"]

        # The next report of the same child: the place is on the report's map, listed by it,
        # and among the suggestion's reasons; the grade starts at the suggestion.
        page.goto(f"{live_server}/report?child={live_app.casework_child}")
        page.wait_for_selector("#suggestion:not([hidden])")
        assert "Flat above the takeaway" in page.locator("#interview-places").inner_text()
        assert page.locator("#last-seen-map .interview-place").count() == 1
        reasons = page.locator("#suggestion-reasons").inner_text()
        assert "return home interview: Flat above the takeaway" in reasons
        assert "Dean (older associate)" in reasons
        suggested = page.evaluate("window.__locateReport.suggestion.grade")
        assert page.locator("#grade").input_value() == suggested
        page.locator("#clothing").fill("Grey tracksuit")
        box = page.locator("#last-seen-map").bounding_box()
        page.locator("#last-seen-map").click(position={"x": box["width"] / 3,
                                                       "y": box["height"] / 2})
        page.locator("#circumstances").fill("Gone again after school")
        page.locator("#rationale").fill("Went to the flat above the takeaway last time")
        # Lower than the suggestion asks why, and nothing is sent without it.
        page.locator("#grade").select_option("no_apparent_risk")
        page.locator("#below-rationale").wait_for(state="visible")
        page.get_by_role("button", name="Report missing now").click()
        assert "why lower than the suggested grade" in page.locator("#form-error").inner_text()
        page.locator("#grade").select_option(suggested)
        page.locator("#below-rationale").wait_for(state="hidden")
        page.evaluate("document.getElementById('suggestion').scrollIntoView()")
        screenshot(page, "report-suggestion-phone")
        page.get_by_role("button", name="Report missing now").click()
        page.wait_for_selector("#reported:not([hidden])")
        next_episode = page.evaluate("window.__locateReport.reported.id")

        # ... and at its grading, among what is on record.
        page.goto(f"{live_server}/episodes/{next_episode}/grade")
        page.wait_for_selector("#history[data-loaded='1']")
        on_record = page.locator(".record-row[data-indicator='interview_places']")
        assert "Flat above the takeaway" in on_record.inner_text()
        assert "Dean" in page.locator(
            ".record-row[data-indicator='interview_people']").inner_text()
        _axe(page, "grading with the interview's place")
        page.evaluate("document.querySelector(\".record-row[data-indicator='interview_places']\")"
                      ".scrollIntoView({block: 'center'})")
        screenshot(page, "grading-interview-phone")
        live_app.next_episode = next_episode
    finally:
        context.close()
    wide = _context(browser, WIDE)
    try:
        page = wide.new_page()
        sign_in(page, live_server, "sergeant_a")
        page.goto(f"{live_server}/report?child={live_app.casework_child}")
        page.wait_for_selector("#suggestion:not([hidden])")
        screenshot(page, "report-suggestion-desktop")
        page.goto(f"{live_server}/episodes/{live_app.next_episode}/grade")
        page.wait_for_selector("#history[data-loaded='1']")
        screenshot(page, "grading-interview-desktop")
    finally:
        wide.close()


@pytest.fixture()
def outcomes(live_app):
    """Six months of found episodes of a child of their own in team B, graded and with harm
    recorded (as the research found: most harm not graded high); removed afterwards so the
    desk's tests count what they made."""
    ids = live_app.world
    with live_app.app_context():
        team = db.session.get(Team, ids["team_b"])
        child = factories.child(db.session, team_row=team, first_name="Outcome", last_name="Test")
        made = []
        for month in range(6):
            for n, (grade, harm) in enumerate([("high", "yes"), ("medium", "yes"), ("low", "yes"),
                                               ("high", "no"), ("high", "no"), ("low", "no"),
                                               ("medium", "unknown")][: 4 + month % 4]):
                row = factories.episode(db.session, child_row=child, team_row=team,
                                        status="closed", grade=grade,
                                        reported_at=datetime.now(UTC) - timedelta(
                                            days=30 * (6 - month) - n))
                row.harm_suffered = harm
                made.append(row.id)
        db.session.commit()
        child_id = child.id
    yield made
    with live_app.app_context():
        db.session.execute(sa.delete(Episode).where(Episode.id.in_(made)))
        db.session.execute(sa.text("DELETE FROM child_profiles WHERE child_id = :c"),
                           {"c": child_id})
        db.session.execute(sa.text("DELETE FROM children WHERE id = :c"), {"c": child_id})
        db.session.commit()


def test_grading_against_outcome_draws_for_the_coordinator(browser, live_server, live_app,
                                                           outcomes):
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        sign_in(page, live_server, "coordinator")
        page.goto(f"{live_server}/desk/grading-outcome")
        page.wait_for_selector("#grading-outcome[data-ready='1']")
        assert page.locator("#totals dt").count() == 5
        assert page.locator("#months tbody tr").count() >= 6
        screenshot(page, "grading-outcome-desktop")
        _axe(page, "grading outcome")
    finally:
        context.close()
