"""The reason dialog in Chromium (DPA 2018 s.62): a read of a record outside one's own work is
answered 428, the page asks why in one dialog, then opens the record, and the audit log keeps
the reason given. Proven on two real pages: the report page (a sergeant picking a child on
file with no open episode) and the officer's phone (a child's card outside the constable's
tasks, which then opens offline from the phone's copy without asking). Cancel leaves the
record unopened and nothing audited as a view; reads refused together share one dialog."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from .conftest import PHONE, screenshot, sign_in, wait_for_photo
from .test_officer_app import _api, _axe, _give_child_a_photo_and_a_friend, _open_app, _phone

pytestmark = pytest.mark.browser

DESKTOP_WIDE = {"width": 1440, "height": 900}
DIALOG = "dialog.reason-dialog[open]"
WELFARE = "A concern for the child's welfare now"


def _child_nobody_works_on(browser, base, world, first_name):
    """A child of team A with a photo and no episode, made by the admin: outside the work of
    every officer of team A (none holds a task on it, none reported it, nothing is open)."""
    ctx = browser.new_context()
    try:
        sign_in(ctx.new_page(), base, "admin")
        child = _api(ctx, base, "POST", "/api/children", {
            "first_name": first_name, "last_name": "Reasontest",
            "date_of_birth": str(date.today().replace(year=date.today().year - 13)),
            "sex": "female", "placement_type": "childrens_home", "team_id": world["team_a"],
            "organisation_id": world["org_a"], "description": "Small, dark curly hair"})
        _give_child_a_photo_and_a_friend(ctx, base, child["id"])
        return child["id"]
    finally:
        ctx.close()


def _photo_url(browser, base, child_id):
    """The child's photo URL, as the admin who gave it reads it back."""
    ctx = browser.new_context()
    try:
        sign_in(ctx.new_page(), base, "admin")
        return _api(ctx, base, "GET", f"/api/children/{child_id}")["photo_url"]
    finally:
        ctx.close()


def _views(live_app, username, child_id):
    """(entity, justification) of every view of the child by this user, oldest first."""
    engine = sa.create_engine(live_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(
                "SELECT entity, justification FROM audit_log WHERE username = :u "
                "AND child_id = :c AND action = 'view' ORDER BY id"),
                {"u": username, "c": child_id})]
    finally:
        engine.dispose()


def _dialogs_shown(page):
    return page.evaluate("window.__reasonDialogs || 0")


COUNT_DIALOGS = """() => {
  window.__reasonDialogs = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.matches?.('dialog.reason-dialog') && r.target.open) window.__reasonDialogs += 1;
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['open'], subtree: true });
}"""


def _report_page(browser, base, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB",
                                  timezone_id="Europe/London", bypass_csp=True)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    sign_in(page, base, "sergeant_a")
    page.goto(f"{base}/report")
    page.evaluate(COUNT_DIALOGS)
    return context, page


def _picked_outside_work(browser, live_server, live_app, first, viewport):
    """The sergeant on the report page has picked a child nobody works on: the dialog is up.
    (context, page, the child's button, the dialog, child id, name)."""
    name = f"{first}{uuid.uuid4().hex[:5]}"
    child_id = _child_nobody_works_on(browser, live_server, live_app.world, name)
    context, page = _report_page(browser, live_server, viewport)
    choice, dialog = _pick(page, name, child_id)
    return context, page, choice, dialog, child_id, name


def _pick(page, name, child_id):
    page.get_by_label("Search your children by name or reference").fill(name)
    choice = page.locator(f".child-choice[data-child-id='{child_id}']")
    choice.click()
    dialog = page.get_by_role("dialog", name="Say why you are opening this record")
    dialog.wait_for()
    return choice, dialog


def test_the_report_page_asks_why_before_a_childs_card_opens(browser, live_server, live_app):
    context, page, choice, dialog, child_id, name = _picked_outside_work(
        browser, live_server, live_app, "Talia", DESKTOP_WIDE)
    try:
        # The reasons are the server's own list, as radios; the first has the focus.
        assert dialog.get_by_label(WELFARE).is_visible()
        assert page.evaluate("document.activeElement.name") == "reason"
        _axe(page, "reason dialog on the report page")
        screenshot(page, "reason-dialog-desktop")

        # Cancel: the record stays closed, the page says why, nothing is audited as a view.
        dialog.get_by_role("button", name="Cancel").click()
        error = page.locator(".pick-error")
        error.wait_for()
        assert "not opened" in error.inner_text()
        assert page.locator("#picked").is_hidden()
        assert _views(live_app, "sergeant_a", child_id) == []

        # Opening it again asks again; nothing picked, the dialog says so and stays.
        choice.click()
        dialog.wait_for()
        dialog.get_by_role("button", name="Open the record").click()
        assert "Pick one of the reasons" in dialog.get_by_role("alert").inner_text()
        # A picked reason opens the card, photo included.
        dialog.get_by_label(WELFARE).check()
        dialog.get_by_role("button", name="Open the record").click()
        page.locator("#picked:not([hidden])").wait_for()
        assert name in page.locator("#picked").inner_text()
        assert page.locator(DIALOG).count() == 0
        # The photo's <img> comes after the card: the reason still holds for it.
        wait_for_photo(page, "#picked img")
        views = _views(live_app, "sergeant_a", child_id)
        assert ("child", f"given: {WELFARE}") in views, views
        assert ("photo", f"given: {WELFARE}") in views, views
        assert all(j == f"given: {WELFARE}" for _, j in views), views
        assert _dialogs_shown(page) == 2  # once cancelled, once answered
    finally:
        context.close()


def test_the_dialog_fits_a_phone(browser, live_server, live_app):
    context, page, _, dialog, child_id, _ = _picked_outside_work(
        browser, live_server, live_app, "Maya", PHONE)
    try:
        _axe(page, "reason dialog on a phone")
        screenshot(page, "reason-dialog-report-phone")
        # Inside 390 px, every choice a whole-row target of at least 48 px.
        assert dialog.bounding_box()["width"] <= PHONE["width"]
        heights = page.eval_on_selector_all(
            "dialog .choice", "ns => ns.map(n => n.getBoundingClientRect().height)")
        assert len(heights) == 6 and min(heights) >= 48, heights
        buttons = page.eval_on_selector_all(
            "dialog .reason-buttons button", "ns => ns.map(n => n.getBoundingClientRect().height)")
        assert min(buttons) >= 48, buttons
        dialog.get_by_label("Partnership referral or strategy meeting").check()
        dialog.get_by_role("button", name="Open the record").click()
        page.locator("#picked:not([hidden])").wait_for()
        assert ("child", "given: Partnership referral or strategy meeting") in _views(
            live_app, "sergeant_a", child_id)
    finally:
        context.close()


def test_the_phone_asks_why_once_then_keeps_the_card_for_no_signal(browser, live_server,
                                                                     live_app):
    base, world = live_server, live_app.world
    name = f"Nell{uuid.uuid4().hex[:5]}"
    child_id = _child_nobody_works_on(browser, base, world, name)
    phone = _phone(browser, base)
    try:
        page = phone.new_page()
        _open_app(page, base)
        page.goto(f"{base}/app/children/{child_id}")
        page.evaluate(COUNT_DIALOGS)
        dialog = page.get_by_role("dialog", name="Say why you are opening this record")
        dialog.wait_for()
        _axe(page, "reason dialog on the phone")
        screenshot(page, "reason-dialog-phone")
        words = "Checking her card before the strategy meeting"
        dialog.get_by_label("Or in a few words of your own").fill(words)
        dialog.get_by_role("button", name="Open the record").click()
        page.wait_for_selector("#screen[data-ready='1'] .child-head")
        assert name in page.locator("h1").inner_text()
        wait_for_photo(page, ".child-photo")
        # What changed since the last episode is read after the card: not asked again.
        page.wait_for_function(
            "!document.querySelector('[data-part=\"changes\"]').textContent.includes('Checking')")
        assert page.locator(DIALOG).count() == 0
        views = _views(live_app, "constable_a", child_id)
        assert {e for e, _ in views} >= {"child", "photo", "child_profile_changes"}, views
        assert all(j == f"given: {words}" for _, j in views), views

        # No signal: the copy kept on the phone opens without asking (nothing is sent).
        phone.set_offline(True)
        page.goto(f"{base}/app/children/{child_id}")
        page.wait_for_selector("#screen[data-ready='1'] .child-head")
        assert "No signal" in page.locator(".child-head").inner_text()
        wait_for_photo(page, ".child-photo")
        assert page.locator(DIALOG).count() == 0
        phone.set_offline(False)
    finally:
        phone.close()


def test_the_phone_cancel_leaves_the_card_closed(browser, live_server, live_app):
    base, world = live_server, live_app.world
    child_id = _child_nobody_works_on(browser, base, world, f"Ivy{uuid.uuid4().hex[:5]}")
    phone = _phone(browser, base)
    try:
        page = phone.new_page()
        _open_app(page, base)
        page.goto(f"{base}/app/children/{child_id}")
        dialog = page.get_by_role("dialog", name="Say why you are opening this record")
        dialog.wait_for()
        page.keyboard.press("Escape")  # the same as Cancel
        page.get_by_text("The record was not opened").wait_for()
        assert page.locator(".child-head").count() == 0
        assert _views(live_app, "constable_a", child_id) == []
    finally:
        phone.close()


CONCURRENT = """async (childId) => {
  const { api } = await import('/static/src/lib/api.js');
  const reads = [`/api/children/${childId}`, `/api/children/${childId}/places`,
                 `/api/children/${childId}/associates`].map((path) => api(path));
  window.__reads = Promise.allSettled(reads).then((r) => r.map((x) => x.status));
}"""


def test_reads_refused_together_share_one_dialog(browser, live_server, live_app):
    """The card, its places and its associates asked for at once: one dialog, one answer for
    the three, each audited with it (the wrapper the pages use, as the browser loads it)."""
    base, world = live_server, live_app.world
    child_id = _child_nobody_works_on(browser, base, world, f"Rose{uuid.uuid4().hex[:5]}")
    context = browser.new_context(viewport=DESKTOP_WIDE, bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, base, "sergeant_a")
        page.goto(f"{base}/report")
        page.evaluate(COUNT_DIALOGS)
        page.evaluate(CONCURRENT, child_id)
        dialog = page.get_by_role("dialog", name="Say why you are opening this record")
        dialog.wait_for()
        dialog.get_by_label("Supervisory review or quality check").check()
        dialog.get_by_role("button", name="Open the record").click()
        assert page.evaluate("window.__reads") == ["fulfilled"] * 3
        assert _dialogs_shown(page) == 1
        views = _views(live_app, "sergeant_a", child_id)
        assert sorted(e for e, _ in views) == ["associate_list", "child", "place_list"], views
        assert {j for _, j in views} == {"given: Supervisory review or quality check"}
    finally:
        context.close()


def test_a_photo_drawn_before_any_reason_asks_then_shows(browser, live_server, live_app):
    """An <img> of a child's photo is refused (428) when no reason was given yet: the page
    asks, and the image is read again with the answer instead of staying broken."""
    base, world = live_server, live_app.world
    child_id = _child_nobody_works_on(browser, base, world, f"Lily{uuid.uuid4().hex[:5]}")
    url = _photo_url(browser, base, child_id)
    context, page = _report_page(browser, base, DESKTOP_WIDE)
    try:
        page.evaluate("""(url) => {
          const img = document.createElement('img');
          img.id = 'stray-photo'; img.alt = 'Photo of the child'; img.src = url;
          document.querySelector('main').prepend(img);
        }""", url)
        dialog = page.get_by_role("dialog", name="Say why you are opening this record")
        dialog.wait_for()
        assert _views(live_app, "sergeant_a", child_id) == []  # the refused <img> left no row
        dialog.get_by_label("New information about the child came in").check()
        dialog.get_by_role("button", name="Open the record").click()
        wait_for_photo(page, "#stray-photo")
        assert _views(live_app, "sergeant_a", child_id) == [
            ("photo", "given: New information about the child came in")]
    finally:
        context.close()
