"""A placement changes, on phones: the carer of Oak House moves a child to Elm House (the
organisation found by a search, a reason, a confirmation that says Oak House loses access at
once), lands on their list told the child moved, and the child is gone from it; a carer of
Elm House, whose list is open, sees the child arrive without reloading. axe-core checks the
page with the confirmation open."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, screenshot, sign_in
from .test_carer_profile import _api, _axe, _context, _own_child

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}


def _open_dialog(page, base_url, child):
    page.goto(f"{base_url}/carer")
    row = page.locator(f"li.carer-child[data-child-id='{child['id']}']")
    row.locator("[data-action='placement']").click()
    page.wait_for_url(f"**/children/{child['id']}/placement")
    page.get_by_label("Search organisations").fill("elm")
    assert page.locator("#org-list li:not([hidden])").count() >= 1
    assert "Oak House" not in page.inner_text("#org-list")  # not where the child already is
    page.get_by_label("Elm House").check()
    page.get_by_label("Why is the placement changing?").fill(
        "Placement ended: moving to Elm House today")
    page.get_by_role("button", name="Continue").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog


def test_a_carer_moves_a_child_and_the_receiving_carer_sees_it_live(browser, live_server):
    sender = _context(browser, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    receiver = _context(browser, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    colleague = _context(browser, PHONE, is_mobile=True, has_touch=True)
    try:
        page = sender.new_page()
        sign_in(page, live_server, "partner_a")
        child = _own_child(page, "Ruby")
        other = receiver.new_page()
        sign_in(other, live_server, "partner_b")
        other.goto(f"{live_server}/carer")
        other.wait_for_selector("#carer-page[data-live='1']")
        assert other.locator(f"li.carer-child[data-child-id='{child['id']}']").count() == 0
        # Oak House's list open on another phone (the same carer's, the world has one).
        same_home = colleague.new_page()
        sign_in(same_home, live_server, "partner_a")
        same_home.goto(f"{live_server}/carer")
        same_home.wait_for_selector("#carer-page[data-live='1']")
        assert same_home.locator(f"li.carer-child[data-child-id='{child['id']}']").count() == 1

        dialog = _open_dialog(page, live_server, child)
        words = dialog.inner_text()
        assert "Move Ruby Carerstest to Elm House?" in words
        assert "Oak House will lose access to Ruby Carerstest's record at once" in words
        _axe(page)
        screenshot(page, "placement-phone")
        # Cancel changes nothing; the second time, the move.
        dialog.get_by_role("button", name="Cancel").click()
        assert not dialog.is_visible()
        page.get_by_role("button", name="Continue").click()
        dialog.get_by_role("button", name="Yes, move Ruby Carerstest").click()

        page.wait_for_url(re.compile(r"/carer/?\?moved=\d+$"))
        notice = page.locator("[data-notice='moved']")
        assert "The child has moved to Elm House" in notice.inner_text()
        assert "you no longer see their profile" in notice.inner_text()
        assert page.locator(f"li.carer-child[data-child-id='{child['id']}']").count() == 0
        screenshot(page, "placement-moved-phone")
        # The sender's own reads are refused at once.
        assert _api(page, "GET", f"/api/children/{child['id']}")["status"] == 404

        # The receiving carer's list, open all along, shows the child without a reload.
        arrived = other.locator(f"li.carer-child[data-child-id='{child['id']}']")
        arrived.wait_for(timeout=30000)
        assert "Ruby Carerstest" in arrived.inner_text()
        assert "Ruby Carerstest has moved to your placement" in other.inner_text(
            "#live-notices")
        screenshot(other, "placement-arrived-phone")
        # The list left open at Oak House loses the child too, told by the name it showed.
        gone = same_home.locator(f"li.carer-child[data-child-id='{child['id']}']")
        gone.wait_for(state="detached", timeout=30000)
        assert "Ruby Carerstest has moved to another placement" in same_home.inner_text(
            "#live-notices")
    finally:
        sender.close()
        receiver.close()
        colleague.close()


def test_the_confirmation_on_a_desktop(browser, live_server):
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        sign_in(page, live_server, "partner_a")
        child = _own_child(page, "Nia")
        dialog = _open_dialog(page, live_server, child)
        assert "will lose access" in dialog.inner_text()
        _axe(page)
        screenshot(page, "placement-desktop")
        dialog.get_by_role("button", name="Cancel").click()
        # Nothing moved: the child is still on the carer's list.
        page.goto(f"{live_server}/carer")
        assert page.locator(f"li.carer-child[data-child-id='{child['id']}']").count() == 1
    finally:
        context.close()
