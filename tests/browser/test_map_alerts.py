"""A review falls overdue and the sergeant's map shows it live: the clock is moved (the
episode's review due set in the past) and one tick runs; no reload, no refresh. Then the
review is done and the alert leaves at the next tick. A team of its own, so no other test's
map hears these alerts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests import factories

from .conftest import DESKTOP, PHONE, run_sql, screenshot, sign_in
from .test_officer_app import _axe

pytestmark = pytest.mark.browser


@pytest.fixture()
def clock_team(live_app):
    """A team with an on-duty sergeant and an episode whose review is due in an hour."""
    from locate.extensions import db

    with live_app.app_context():
        s = db.session
        team = factories.team(s, code=f"CK{factories._n()}", name="Clock test team")
        sergeant = factories.user(s, role="sergeant", team_row=team)
        sergeant.on_duty = True
        child = factories.child(s, team_row=team, first_name="Rhea", last_name="Clockwise")
        episode = factories.episode(s, child_row=child, team_row=team)
        episode.next_review_due = datetime.now(UTC) + timedelta(hours=1)
        s.commit()
        ids = {"team": team.id, "sergeant": sergeant.username, "episode": episode.id,
               "reference": episode.reference}
        s.remove()
    return ids


def _tick_for(live_app, team_id):
    """One real tick at the real time, its sources kept to this team's episodes."""
    from locate.clock.sources import SOURCES
    from locate.clock.tick import tick
    from locate.extensions import db

    def only_ours(source):
        return replace(source, find=lambda session, **kw: [
            a for a in source.find(session, **kw) if a.team_id == team_id])

    with live_app.app_context():
        result = tick(db.session, now=datetime.now(UTC),
                      config=live_app.config, sources=tuple(only_ours(s) for s in SOURCES))
        db.session.remove()
    return result


def _open_map(context, base, username):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, base, username)
    page.goto(f"{base}/map")
    page.wait_for_selector("#map-app[data-ready='1']", timeout=60000)
    page.wait_for_selector("#feed-status[data-state='live']")
    page.evaluate("window.__notReloaded = true")
    return page, errors


def test_an_overdue_review_shows_live_on_the_sergeants_map(browser, live_app, live_server,
                                                           clock_team):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True,
                                  timezone_id="Europe/London")
    try:
        # The clock is moved: the review fell due two minutes ago and no tick has run since.
        run_sql(live_app, "UPDATE episodes SET next_review_due = now() - interval '2 minutes' "
                "WHERE id = :id", id=clock_team["episode"])
        page, errors = _open_map(context, live_server, clock_team["sergeant"])
        item = page.locator("#episode-list li", has_text="Rhea Clockwise")
        assert "Review overdue since" in item.inner_text()  # next review due, on the map's list
        assert page.locator("#clock-alerts").is_hidden()

        assert _tick_for(live_app, clock_team["team"]).raised
        alert = page.locator("#clock-alerts li[data-kind='review_overdue']")
        alert.wait_for(timeout=15000)
        text = alert.inner_text()
        assert "Review overdue" in text and clock_team["reference"] in text
        assert "Rhea Clockwise" in text  # the page names the child; the push does not
        assert page.evaluate("window.__notReloaded === true")
        _axe(page, "map with an alert")
        screenshot(page, "map-alert-desktop")

        phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                    has_touch=True, locale="en-GB", timezone_id="Europe/London")
        try:
            small, _ = _open_map(phone, live_server, clock_team["sergeant"])
            small.locator("#clock-alerts li[data-kind='review_overdue']").wait_for()
            small.evaluate("document.getElementById('feed-status').scrollIntoView()")
            screenshot(small, "map-alert-phone")
        finally:
            phone.close()

        alert.get_by_role("button", name="Show episode").click()
        page.wait_for_selector(f"#map-app[data-selected='{clock_team['episode']}']")

        # The review is done: the next tick resolves the alert, and the page drops it.
        run_sql(live_app, "UPDATE episodes SET next_review_due = now() + interval '4 hours' "
                "WHERE id = :id", id=clock_team["episode"])
        assert _tick_for(live_app, clock_team["team"]).resolved
        page.locator("#clock-alerts").wait_for(state="hidden", timeout=15000)
        assert errors == []
    finally:
        context.close()
