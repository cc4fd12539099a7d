"""The first visit after sign-in leaves a working offline copy of the phone app, even when the
service worker was still installing as /app loaded (it then never saw that load)."""

from __future__ import annotations

import pytest

from .conftest import sign_in
from .test_officer_app import _phone

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("attempt", range(4))
def test_sign_in_then_straight_away_no_signal_and_reload(browser, live_server, attempt):
    phone = _phone(browser, live_server)  # a fresh phone each time: no worker, no cache
    try:
        page = phone.new_page()
        sign_in(page, live_server, "constable_a")  # lands on /app, uncontrolled
        page.wait_for_selector("#officer-app[data-ready='1']")
        # The phone says when it is ready for no signal; that is as soon as the worker is.
        page.wait_for_selector("#officer-app[data-offline='kept']", timeout=20_000)
        phone.set_offline(True)
        page.reload()
        page.wait_for_selector("#officer-app[data-ready='1']")
        assert page.get_by_role("heading", name="No signal").count() == 0
        assert "has not been opened" not in page.locator("body").inner_text()
        page.wait_for_selector("#screen[data-ready='1'] .task-list")
        assert page.locator("#status-bar[data-net='offline']").count() == 1
        # Another screen, never opened, opens from the same kept shell.
        page.goto(f"{live_server}/app/duty")
        page.wait_for_selector("#officer-app[data-screen='duty'] #screen[data-ready='1']")
    finally:
        phone.set_offline(False)
        phone.close()
