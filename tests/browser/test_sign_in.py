"""Signing in on a phone and on a desktop, in real Chromium."""

from __future__ import annotations

import pytest

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_phone_sign_in_shows_open_episodes(phone, live_server):
    page = phone.new_page()
    errors = []
    # Tiles the map asks for cannot be fetched here; their failures may land after the map is
    # left (when the machine is busy): not what this test looks for.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)
    page.goto(f"{live_server}/")
    assert "/login" in page.url
    screenshot(page, "login-phone")
    # Thumb-sized targets: the inputs and the button are at least 44 px tall.
    for locator in (page.get_by_label("Username"), page.get_by_role("button", name="Sign in")):
        assert locator.bounding_box()["height"] >= 44
    sign_in(page, live_server, "sergeant_a")
    assert page.url == f"{live_server}/map"  # a sergeant's start page
    errors.clear()  # the map asks for tiles, which this machine cannot fetch
    page.goto(f"{live_server}/")
    assert page.get_by_role("heading", name="Open episodes").is_visible()
    assert page.get_by_text("Jade Example", exact=True).is_visible()
    # Team scope: Bradford's child is not on a Leeds sergeant's list.
    assert page.get_by_text("Kyle Example").count() == 0
    screenshot(page, "home-phone")
    assert errors == []  # no CSP violations or script errors


def test_wrong_password_stays_on_sign_in(desktop, live_server):
    page = desktop.new_page()
    sign_in(page, live_server, "sergeant_a", password="not the password")
    assert "/login" in page.url
    assert page.get_by_text("Wrong username or password").is_visible()


def test_desktop_sign_in_and_out(desktop, live_server):
    page = desktop.new_page()
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server}/")
    assert page.get_by_text("Kyle Example", exact=True).is_visible()  # force-wide
    screenshot(page, "home-desktop")
    with page.expect_navigation(url=f"{live_server}/login", wait_until="domcontentloaded"):
        page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server}/")
    assert "/login" in page.url
