"""The episode page and the briefing sheet in Chromium: the timeline moves live when a
sighting comes in, the sheet prints as exactly one A4 page for a child with a long record,
the reason picker opens a record outside one's work, and axe finds nothing serious."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta

from .conftest import PHONE, run_sql, screenshot, sign_in
from .test_officer_app import _axe, _give_child_a_photo_and_a_friend

A4_POINTS = (595.28, 841.89)  # 210 x 297 mm
A4_CSS_PX = {"width": 794, "height": 1123}  # at 96 px to the inch


def _api(context, base, method, path, body=None):
    csrf = context.request.get(f"{base}/api/session").json()["csrf_token"]
    response = context.request.fetch(f"{base}{path}", method=method, data=body,
                                     headers={"X-CSRFToken": csrf})
    assert response.ok, (path, response.status, response.text())
    return response.json()


def _signed_in(browser, base, username, **context_args):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", bypass_csp=True,
                                  **context_args)
    page = context.new_page()
    sign_in(page, base, username)
    return context, page


def _child_with_a_long_record(ctx, base, world, first_name):
    """A child of team A with far more on record than one sheet can hold."""
    child = _api(ctx, base, "POST", "/api/children", {
        "first_name": first_name, "last_name": "Longrecord", "known_as": "Kit",
        "date_of_birth": str(date.today().replace(year=date.today().year - 14)),
        "sex": "female", "placement_type": "childrens_home", "team_id": world["team_a"],
        "organisation_id": world["org_a"], "height_cm": 160, "build": "Slim",
        "hair": "Long, dyed red", "eyes": "Brown", "ethnicity": "White British",
        "distinguishing_features": "Scar above left eyebrow; pierced nose; tattoo of a star on "
                                   "the right wrist that she hides with a sleeve " * 3,
        "description": "Quiet, avoids eye contact, often carries a black rucksack. " * 8,
        "vulnerabilities": [f"Vulnerability {n}" for n in range(6)] + ["Asthma"],
        "exploitation_indicators": ["Older associates", "Unexplained new phone",
                                    "Found far from home", "Gifts and money"],
        "medical_needs": "Inhaler (salbutamol), needed twice a day. " * 5,
        "phones": [f"07700 90{n:04d}" for n in range(9)],
        "social_media": ["Snapchat kit_x", "Instagram kit.longrecord", "TikTok kitlr",
                         "WhatsApp"],
        "transport_used": "Buses 1, 6 and 19; trains to Bradford",
    })
    for n in range(14):
        _api(ctx, base, "POST", f"/api/children/{child['id']}/associates", {
            "name": f"Associate {n:02d}", "relationship": "friend", "age_estimate": 16 + n % 6,
            "phone": f"07700 91{n:04d}", "address": f"{n + 1} Long Street, Leeds LS{n % 9 + 1}",
            "concern": "Older male, CSE concern" if n % 4 == 0 else None})
    for n in range(12):
        _api(ctx, base, "POST", f"/api/children/{child['id']}/places", {
            "geometry": {"type": "Point", "coordinates": [-1.60 + n * 0.012, 53.78 + n * 0.004]},
            "kind": "friend_address", "name": f"Friend's flat number {n:02d}, a long name "
                                              "for a place", "source": "philomena"})
    now = datetime.now(UTC)
    episode = _api(ctx, base, "POST", "/api/episodes", {
        "child_id": child["id"], "reported_at": (now - timedelta(minutes=20)).isoformat(),
        "reported_by_name": "Sam Carer", "reported_by_relationship": "key worker",
        "last_seen_at": (now - timedelta(hours=1)).isoformat(),
        "last_seen": {"type": "Point", "coordinates": [-1.5491, 53.8008]},
        "last_seen_description": "Bus stop outside Oak House, walking towards the city centre",
        "clothing": "Grey hoodie with a white logo, black leggings, white trainers, black "
                    "rucksack " * 3,
        "circumstances": "Left after an argument about her phone; said she was going to see "
                         "a friend. " * 3,
        "risk": {"grade": "high", "rationale": "CSE concern, older associates",
                 "factors": {"cse_concern": "yes", "self_harm": "yes", "medical": "unknown"},
                 "sources": {"cse_concern": "social worker"}}})
    return child, episode


def _sighting(ctx, base, episode_id, description):
    return _api(ctx, base, "POST", f"/api/episodes/{episode_id}/sightings", {
        "client_id": str(uuid.uuid4()), "observed_at": datetime.now(UTC).isoformat(),
        "location": {"type": "Point", "coordinates": [-1.5412, 53.7991]}, "source": "public",
        "confidence": "high", "description": description})


def test_the_timeline_updates_live_when_a_sighting_is_recorded(browser, live_server, live_app):
    base, world = live_server, live_app.world
    sergeant_ctx, page = _signed_in(browser, base, "sergeant_a",
                                    viewport={"width": 1440, "height": 900})
    constable_ctx, _ = _signed_in(browser, base, "constable_a")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        child, episode = _child_with_a_long_record(sergeant_ctx, base, world, "Kira")
        _give_child_a_photo_and_a_friend(sergeant_ctx, base, child["id"])
        _sighting(constable_ctx, base, episode["id"], "Seen at the bus station, alone")
        page.goto(f"{base}/episodes/{episode['id']}")
        page.wait_for_selector("#episode-page[data-live='ready']")
        timeline = page.locator("#episode-timeline .entry")
        before = timeline.count()
        assert [timeline.nth(i).get_attribute("class").split()[1] for i in range(before)][:2] \
            == ["kind-report", "kind-grade"]
        for label in ("Grade or review the risk", "Mark found", "Escalate a risk decision",
                      "Briefing sheet", "Show on the live map"):
            assert page.get_by_role("link", name=label).is_visible()
        _axe(page, "episode page")
        screenshot(page, "episode-timeline-desktop")

        # A constable on the street records a sighting: the page shows it, no reload.
        _sighting(constable_ctx, base, episode["id"], "Seen getting into a grey car on Park Row")
        page.wait_for_function(
            "n => document.querySelectorAll('#episode-timeline .entry').length > n", arg=before)
        newest = page.locator("#episode-timeline .entry.kind-sighting", has_text="grey car")
        assert newest.count() == 1
        assert errors == []
    finally:
        sergeant_ctx.close()
        constable_ctx.close()


def test_the_briefing_sheet_is_one_a4_page_and_reads_on_a_phone(browser, live_server, live_app):
    from pypdf import PdfReader

    base, world = live_server, live_app.world
    sergeant_ctx, _ = _signed_in(browser, base, "sergeant_a")
    phone_ctx, phone = _signed_in(browser, base, "constable_a", viewport=PHONE,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        child, episode = _child_with_a_long_record(sergeant_ctx, base, world, "Lena")
        _give_child_a_photo_and_a_friend(sergeant_ctx, base, child["id"])

        # The constable's episode page, and from it the sheet.
        phone.goto(f"{base}/episodes/{episode['id']}")
        phone.wait_for_selector("#episode-page[data-live='ready']")
        _axe(phone, "episode page (phone)")
        screenshot(phone, "episode-timeline-phone")
        phone.get_by_role("link", name="Briefing sheet").click()
        phone.wait_for_selector("#sheet-title")
        phone.wait_for_function("() => document.querySelector('.sheet-photo').complete")
        text = phone.locator(".briefing").inner_text()
        assert "Lena Longrecord" in text and "check these first" in text.lower()
        assert "and 9 more" in text       # associates: 14 on record, 5 shown
        assert "and 5 more" in text       # phones: 9 on record, 4 shown
        assert "on the live map" in text  # the places cut to the first six
        assert "Older associates" in phone.locator("#risks-title + ul").inner_text()
        # Readable on a phone: nothing wider than the screen.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _axe(phone, "briefing sheet")
        screenshot(phone, "briefing-phone")

        # The PDF's page as a picture for the README: the print media at A4's size.
        page = sergeant_ctx.new_page()
        page.set_viewport_size(A4_CSS_PX)
        page.goto(f"{base}/episodes/{episode['id']}/briefing")
        page.emulate_media(media="print")
        page.wait_for_function("() => document.querySelector('.sheet-photo').complete")
        screenshot(page, "briefing-sheet-pdf")
        # Printed: exactly one A4 page.
        pdf = phone.pdf(format="A4", print_background=True)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - A4_POINTS[0]) < 1 and abs(float(box.height) - A4_POINTS[1]) < 1
        printed = reader.pages[0].extract_text()
        assert "Lena Longrecord" in printed and "and 9 more" in printed
        assert "Back to the episode" not in printed  # the buttons are not printed

    finally:
        sergeant_ctx.close()
        phone_ctx.close()


def test_a_record_outside_ones_work_opens_after_a_reason(browser, live_server, live_app):
    base, world = live_server, live_app.world
    # Made by someone else (a sergeant who had just changed the record would be continuing
    # their own work, which needs no reason).
    maker_ctx, _ = _signed_in(browser, base, "admin")
    try:
        child, episode = _child_with_a_long_record(maker_ctx, base, world, "Orla")
    finally:
        maker_ctx.close()
    sergeant_ctx, page = _signed_in(browser, base, "sergeant_a", viewport=PHONE)
    try:
        run_sql(live_app, "UPDATE episodes SET status = 'closed', found_at = now(), "
                          "closed_at = now(), created_by_id = NULL WHERE id = :id",
                id=episode["id"])
        page.goto(f"{base}/episodes/{episode['id']}")
        assert page.get_by_role("heading", name="Open this episode: say why first").is_visible()
        _axe(page, "reason picker")
        screenshot(page, "reason-picker-phone")
        page.get_by_label("Supervisory review or quality check").check()
        page.get_by_role("button", name="Open the record").click()
        page.wait_for_selector("#episode-page[data-live='ready']")
        assert "Orla Longrecord" in page.locator("h1").inner_text()
        assert page.locator("#episode-timeline .entry.kind-report").count() == 1
    finally:
        sergeant_ctx.close()


