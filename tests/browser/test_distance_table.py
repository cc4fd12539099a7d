"""The desk's distance table page in Chromium: reached from the desk, a bad table refused in
words, the force's own put in force and shown, the default put back; axe finds nothing at
desktop or phone size."""

from __future__ import annotations

from .conftest import PHONE, screenshot, sign_in
from .test_officer_app import _axe

WIDE = {"width": 1440, "height": 900}


def _reset_if_needed(page, live_server):
    page.goto(f"{live_server}/desk/distance-table")
    button = page.get_by_role("button", name="Put the default back")
    if button.count():
        button.click()
        page.wait_for_selector("text=The default table is back in force")


def test_a_coordinator_puts_the_forces_own_table_in_force_and_back(browser, live_server):
    # bypass_csp: axe-core is injected as a script tag (the app itself allows no inline script).
    context = browser.new_context(viewport=WIDE, locale="en-GB", timezone_id="Europe/London",
                                  bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator")
        page.goto(f"{live_server}/desk")
        page.get_by_role("link", name="Distance table").click()
        page.wait_for_selector("h1:has-text('Distance table')")
        assert page.locator("#table-source").inner_text().startswith("Grampian")
        _axe(page, "distance table")
        # A table whose shares fall: refused in words, nothing changes.
        page.get_by_label("Or type the lines").fill("1,0.5\n3,0.4")
        page.get_by_label("Where the figures come from").fill("Force X")
        page.get_by_role("button", name="Check and put in force").click()
        assert "must increase" in page.get_by_role("alert").inner_text()
        assert page.locator("#table-source").inner_text().startswith("Grampian")
        _axe(page, "distance table, refused")
        page.get_by_label("Or type the lines").fill("km,share\n0.5,0.2\n2,45%\n10,0.8\n60,0.97")
        page.get_by_label("Where the figures come from").fill(
            "Force X, children found 2022-2025")
        page.get_by_label("Age band (optional)").fill("10-17")
        page.get_by_role("button", name="Check and put in force").click()
        page.wait_for_selector("text=The force's own table is in force")
        assert page.locator("#table-source").inner_text().startswith(
            "Force X, children found 2022-2025 · 10-17")
        rows = page.locator("#table-points tbody tr").all_inner_texts()
        assert [r.split("\t") for r in rows] == [["0.5 km", "20%"], ["2 km", "45%"],
                                                   ["10 km", "80%"], ["60 km", "97%"]]
        assert "Force X, children found 2022-2025 (4 distances)" in page.locator(
            "#table-history").inner_text()
        _axe(page, "distance table, the force's own")
        screenshot(page, "desk-distance-table-desktop")
        phone = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London",
                                    bypass_csp=True)
        try:
            small = phone.new_page()
            sign_in(small, live_server, "coordinator")
            small.goto(f"{live_server}/desk/distance-table")
            assert small.evaluate("document.documentElement.scrollWidth <= innerWidth")
            _axe(small, "distance table on a phone")
            screenshot(small, "desk-distance-table-phone")
        finally:
            phone.close()
        page.get_by_role("button", name="Put the default back").click()
        page.wait_for_selector("text=The default table is back in force")
        assert page.locator("#table-source").inner_text().startswith("Grampian")
    finally:
        # The browser tests share one database: never leave another test the force's table.
        _reset_if_needed(page, live_server)
        context.close()
