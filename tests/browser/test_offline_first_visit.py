"""The first visit after sign-in leaves a working offline copy of the phone app, even when the
service worker was still installing as /app loaded (it then never saw that load)."""

from __future__ import annotations

import pytest

from .conftest import sign_in
from .test_officer_app import _phone

pytestmark = pytest.mark.browser


def _arrives(page, held: list, failure: str) -> None:
    """Wait (up to 10 s) until a held route has caught a request."""
    for _ in range(100):
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError(failure)


def _release(context, pattern: str, handler, held: list) -> None:
    """Stop holding `pattern` and let the held requests through."""
    context.unroute(pattern, handler)
    for route in held:
        route.continue_()


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


def test_a_page_loaded_while_the_worker_installs_is_taken_in_when_it_activates(browser,
                                                                               live_server):
    """The worker's install is held open (one precached file is not answered) until /app has
    loaded outside it. Once the install completes, that same page must come under the worker
    without a reload: before clientsClaim() it stayed uncontrolled for the whole shift, and
    the CI runs that timed out waiting for a controller were this race under load."""
    phone = _phone(browser, live_server)
    held = []
    hold = lambda route: held.append(route)  # noqa: E731 (Playwright tags the handler)
    phone.route("**/static/dist/js/map.js*", hold)  # fetched only by the precache
    try:
        page = phone.new_page()
        sign_in(page, live_server, "constable_a")
        page.wait_for_selector("#officer-app[data-ready='1']")
        _arrives(page, held, "the worker's precache never asked for map.js")
        assert page.evaluate("navigator.serviceWorker.controller") is None
        _release(phone, "**/static/dist/js/map.js*", hold, held)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
        # Controlled pages fetch through the worker: the shell is kept for no signal.
        page.wait_for_selector("#officer-app[data-offline='kept']", timeout=20_000)
    finally:
        phone.close()


def test_a_page_still_navigating_when_the_worker_activates_is_taken_in_too(browser, live_server):
    """The race CI kept finding: the worker finishes installing and claims its pages while a
    navigation to /app is still in flight; that page's document did not exist at the claim,
    so it came up uncontrolled. The page asks to be claimed once the worker is ready."""
    phone = _phone(browser, live_server)
    held, navigations = [], []
    hold = lambda route: held.append(route)  # noqa: E731
    hold_page = lambda route: navigations.append(route)  # noqa: E731
    phone.route("**/static/dist/js/map.js*", hold)
    try:
        page = phone.new_page()
        sign_in(page, live_server, "constable_a")
        page.wait_for_selector("#officer-app[data-ready='1']")
        _arrives(page, held, "the worker's precache never asked for map.js")
        phone.route(f"{live_server}/app", hold_page)
        page.evaluate("location.href = '/app'")
        _arrives(page, navigations, "the navigation never reached the network")
        _release(phone, "**/static/dist/js/map.js*", hold, held)
        # The worker activates (and claims) while the navigation is held.
        page.wait_for_timeout(1500)
        _release(phone, f"{live_server}/app", hold_page, navigations)
        page.wait_for_selector("#officer-app[data-ready='1']")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
    finally:
        phone.close()
