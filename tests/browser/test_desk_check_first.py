"""The coordinator opens a repeat child, sees the places to check first with their reasons,
makes tasks of the top two (one is already covered), and the sergeant's live map shows them without a reload; the
sergeant's map lists the same places. axe on the coordinator's page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from locate.extensions import db
from locate.geo import to_db
from locate.models import Episode, Task, TaskTransition

from .conftest import DESKTOP, sign_in
from .test_map_a11y import AXE
from .test_map_live import _open_map, _select_episode

pytestmark = pytest.mark.browser

FLAT = Point(-1.5400, 53.8050)  # about 750 m from where Jade was last seen


@pytest.fixture()
def repeat_history(live_app):
    """Three earlier episodes of Jade's, each ending at the same flat; removed afterwards with
    the tasks the test makes."""
    ids = live_app.world
    with live_app.app_context():
        episode = db.session.get(Episode, ids["episode_a"])
        made = []
        for n, days in enumerate((90, 50, 15)):
            reported = datetime.now(UTC) - timedelta(days=days)
            row = Episode(reference=f"HIST-{n}", child_id=ids["child_a"], team_id=episode.team_id,
                          status="closed", reported_at=reported, reported_by_name="Carer",
                          last_seen_at=reported - timedelta(hours=1),
                          last_seen_geom=episode.last_seen_geom, risk_grade="medium",
                          found_at=reported + timedelta(hours=6), found_geom=to_db(FLAT),
                          found_place_kind="friend_address", found_by="address_check")
            db.session.add(row)
            made.append(row)
        db.session.commit()
        made_ids = [r.id for r in made]
    yield ids
    with live_app.app_context():
        tasks = db.session.execute(sa.select(Task.id).where(
            Task.episode_id == ids["episode_a"], Task.title.like("Check first%"))).scalars().all()
        db.session.execute(sa.delete(TaskTransition).where(TaskTransition.task_id.in_(tasks)))
        db.session.execute(sa.delete(Task).where(Task.id.in_(tasks)))
        db.session.execute(sa.delete(Episode).where(Episode.id.in_(made_ids)))
        db.session.commit()


def test_coordinator_makes_tasks_from_the_ranking_and_the_sergeant_sees_them_live(
        browser, live_server, repeat_history):
    sergeant = browser.new_context(viewport=DESKTOP, locale="en-GB")
    coordinator = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
    try:
        map_page, errors = _open_map(sergeant, live_server, "sergeant_a")
        _select_episode(map_page)
        map_page.wait_for_selector("#check-first-panel[data-ready]", timeout=30000)
        first_on_map = map_page.locator("#check-first-list .ranked li").first
        assert "Found here 3 times" in first_on_map.inner_text()

        page = coordinator.new_page()
        sign_in(page, live_server, "coordinator")
        page.goto(f"{live_server}/desk/children/{repeat_history['child_a']}")
        page.wait_for_selector("#desk-child[data-ready='1']", timeout=60000)
        first = page.locator("#check-first-body .ranked li").first
        assert "Found here 3 times, last 2 weeks ago" in first.inner_text()
        assert "from last seen" in first.inner_text()
        assert page.locator("#flags [data-key='repeat'][data-raised='true']").count() == 1
        assert page.locator("#timeline li").count() == 4

        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => (await axe.run(document,
                { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' +
                v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))""")
            assert violations == []

        # The second place (the friend's flat on the profile) already has the world's task.
        page.select_option("#check-first-body select", "2")
        page.get_by_role("button", name="Make tasks").click()
        page.wait_for_selector("#toast:not([hidden])", timeout=30000)
        assert page.locator("#toast").inner_text() == "1 task made; 1 already had one."

        # The sergeant's board fills from the feed: no reload.
        map_page.wait_for_selector("#task-board :text('Check first #1')", timeout=15000)
        assert map_page.evaluate("window.__notReloaded") is True
        assert errors == []
    finally:
        sergeant.close()
        coordinator.close()
