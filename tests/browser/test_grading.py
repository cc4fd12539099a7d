"""A sergeant grades in Chromium: what is on record is shown first and feeds the suggestion,
the suggestion and its reasons follow the answers, a grade below it asks for a written reason
and is not saved without one, and the review lands in the history. axe finds nothing serious.
Screenshots at 390x844 and 1440x900 (LOCATE_SCREENSHOTS=1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from locate.extensions import db
from locate.models import Organisation, Team
from tests import factories

from .conftest import PHONE, run_sql, screenshot, sign_in
from .test_officer_app import _axe

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}


@pytest.fixture()
def open_episodes(live_app):
    """Two children of team A with autism on the profile and an open medium episode each
    (one per screen size), closed again afterwards so the other browser tests' open work
    is unchanged."""
    ids = []
    with live_app.app_context():
        session = db.session
        team = session.get(Team, live_app.world["team_a"])
        home = session.get(Organisation, live_app.world["org_a"])
        for name in ("Ellie", "Rosa"):
            child = factories.child(session, team_row=team, organisation_row=home,
                                    first_name=name, last_name="Grading",
                                    vulnerabilities=["autism"])
            episode = factories.episode(session, child_row=child, team_row=team,
                                        grade="medium",
                                        reported_at=datetime.now(UTC) - timedelta(minutes=40))
            episode.reported_by_name = "Sam Carter, Oak House"
            session.flush()
            ids.append(episode.id)
        session.commit()
        db.session.remove()
    yield ids
    run_sql(live_app, "UPDATE episodes SET status = 'closed', found_at = now(), "
                      "closed_at = now() WHERE id = ANY(:ids)", ids=ids)


def _history_items(page):
    return page.locator("#history .history-item")


def _grade(page, base, episode_id, name):
    page.goto(f"{base}/episodes/{episode_id}/grade")
    page.wait_for_selector("#history[data-loaded='1']")
    record = page.locator("[data-indicator='vulnerabilities']")
    assert "autism" in record.inner_text() and "concern" in record.get_attribute("class")
    assert page.locator(".record-none [data-indicator='exploitation_markers']").is_visible()
    assert page.locator("#suggested-grade").inner_text() == "Medium"
    assert "Profile records vulnerabilities: autism" in page.locator(
        "#suggestion-reasons").inner_text()

    page.get_by_label("How to reach them").fill("0113 496 0000")
    question = page.locator("fieldset[data-question='self_harm_suicide']")
    question.get_by_label("Yes").check()
    page.wait_for_function("document.querySelector('#suggested-grade').textContent === 'High'")
    reasons = page.locator("#suggestion-reasons").inner_text()
    assert "Yes: Is there a risk of self-harm or suicide?" in reasons
    assert "(answer)" in reasons and "(on record)" in reasons

    # Medium is the current grade and below the suggestion: a reason is asked for.
    assert page.locator("#save").inner_text() == "Confirm Medium"
    assert page.locator("#below-block").is_visible()
    page.get_by_label("Why this grade").fill("Seen with her key worker at 14:10")
    before = _history_items(page).count()
    page.locator("#save").click()
    error = page.locator("#form-error")
    error.wait_for(state="visible")
    assert "lower than the suggested High" in error.inner_text()
    assert _history_items(page).count() == before  # nothing saved
    if name == "phone":
        page.evaluate("document.querySelector('.decision').scrollIntoView()")
        screenshot(page, "grading-downgrade-phone")

    page.get_by_label("Why lower than suggested").fill("Key worker is with her; no means")
    page.locator("#save").click()
    page.locator("#form-done").wait_for(state="visible")
    assert "Confirmed Medium" in page.locator("#form-done").inner_text()
    page.wait_for_function(f"document.querySelectorAll('#history .history-item').length > {before}")
    newest = _history_items(page).first.inner_text()
    assert "Review: confirmed" in newest and "Suggested High" in newest
    assert "Below the suggestion because: Key worker is with her" in newest
    assert "Review due" in page.locator("#next-due").inner_text()


def test_a_sergeant_grades_with_the_suggestion_and_a_reasoned_downgrade(browser, live_server,
                                                                        open_episodes):
    for episode_id, (name, viewport, extra) in zip(open_episodes, (
            ("desktop", WIDE, {}),
            ("phone", PHONE, {"device_scale_factor": 2, "is_mobile": True, "has_touch": True})),
            strict=True):
        context = browser.new_context(viewport=viewport, locale="en-GB",
                                      timezone_id="Europe/London", bypass_csp=True, **extra)
        try:
            page = context.new_page()
            sign_in(page, live_server, "sergeant_a")
            _grade(page, live_server, episode_id, name)
            _axe(page, f"grading {name}")
            # The desktop keeps the record and the suggestion beside the questions; a phone is
            # shown from the record down, where the grading starts.
            page.evaluate("window.scrollTo(0, 0)" if name == "desktop" else
                          "document.querySelector('.record').scrollIntoView()")
            screenshot(page, f"grading-{name}")
        finally:
            context.close()


def test_the_grading_page_is_for_graders(browser, live_server, open_episodes):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    try:
        page = context.new_page()
        sign_in(page, live_server, "constable_a")
        response = page.goto(f"{live_server}/episodes/{open_episodes[0]}/grade")
        assert response.status == 403
    finally:
        context.close()
