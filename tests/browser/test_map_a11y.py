"""The live map passes axe-core's checks (labels, names, contrast) and works from the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DESKTOP, sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def test_map_page_has_no_axe_violations_and_works_by_keyboard(browser, live_server):
    # axe is injected as a script of the test's own, so this one context relaxes the CSP.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sergeant_a")
        page.goto(f"{live_server}/map")
        page.wait_for_selector("#map-app[data-ready='1']", timeout=60000)  # first load: cold server

        # Keyboard: reach the first episode with Tab and choose it with Enter.
        first = page.locator("#episode-list button").first
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.classList.contains('episode-button')"):
                break
        assert page.evaluate("document.activeElement.classList.contains('episode-button')")
        page.keyboard.press("Enter")
        assert first.get_attribute("aria-pressed") == "true"
        page.locator("#task-board .task-card").first.wait_for()
        # The new-task button opens the form with its fields labelled; Escape closes it.
        page.get_by_role("button", name="New task at last seen point").click()
        page.get_by_label("Title").wait_for()
        assert page.evaluate("document.activeElement.id") == "task-title"
        page.keyboard.press("Escape")
        page.locator("#task-dialog").wait_for(state="hidden")

        if not AXE.exists():
            pytest.skip("axe-core is not installed (npm ci)")
        page.add_script_tag(path=str(AXE))
        check = """async (scope) => {
          const r = await axe.run(scope, { resultTypes: ['violations'] });
          return r.violations.map(v => ({ id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }));
        }"""
        assert page.evaluate(check, "html") == []
        # And the new-task form, open, with its officer suggestions loaded.
        page.get_by_role("button", name="New task at last seen point").click()
        page.locator("#task-assign .assign-option").first.wait_for()
        page.wait_for_function("!document.querySelector('#task-assign').textContent.includes('Finding')")
        assert page.evaluate(check, "#task-dialog") == []
    finally:
        context.close()
