"""Browser tests: the app served for real on a local port, over a committed database of its
own, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from locate import create_app
from tests import factories

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def chromium_path() -> str:
    path = os.environ.get("LOCATE_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed: bin/test installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def live_app(seeded_database):
    url, ids = seeded_database
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SOCKETIO_MESSAGE_QUEUE": None})
    app.world = ids
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app on 127.0.0.1:<free port>, in a thread, for the whole session."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="en-GB", timezone_id="Europe/London")
    yield context
    context.close()


@pytest.fixture()
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    yield context
    context.close()


def sign_in(page, base_url, username, password=factories.PASSWORD):
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name):
    """Keep a current screenshot for the README when asked (LOCATE_SCREENSHOTS=1)."""
    if os.environ.get("LOCATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


# Looked up afresh each time (a screen that redraws replaces its <img>); a lazy image is brought
# into view. If it never loads, the failure says what its URL answers.
_PHOTO_LOADED = """async ([selector, text, ms]) => {
  const find = () => [...document.querySelectorAll(selector)]
    .find((img) => !text || (img.closest('li') || img.parentElement).textContent.includes(text));
  const until = Date.now() + ms;
  for (;;) {
    const img = find();
    if (img && img.complete && img.naturalWidth > 0) return null;
    if (img && img.loading === 'lazy') img.scrollIntoView({ block: 'center' });
    if (Date.now() > until) {
      if (!img) return `nothing matches ${selector}${text ? ` beside "${text}"` : ''}`;
      const src = img.currentSrc || img.src;
      let answer;
      try {
        const r = await fetch(src);
        answer = `${r.status} ${r.headers.get('content-type')}`;
      } catch (err) { answer = `no answer (${err})`; }
      return `${selector}: ${src.slice(0, 160)} complete=${img.complete} `
        + `naturalWidth=${img.naturalWidth} loading=${img.loading} online=${navigator.onLine} -> ${answer}`;
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}"""


def wait_for_photo(page, selector, *, beside=None, timeout_ms=20_000):
    """Wait until the <img> matching selector (in the list item holding `beside`, if given) has
    loaded; fail naming its URL and that URL's answer."""
    problem = page.evaluate(_PHOTO_LOADED, [selector, beside, timeout_ms])
    assert problem is None, f"the photo never loaded: {problem}"


def run_sql(live_app, *statements, **params):
    """Change the live server's committed rows directly (to set a time in the past that the
    API rightly refuses to take), one transaction for all the statements."""
    import sqlalchemy as sa

    engine = sa.create_engine(live_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement), params)
    engine.dispose()


@pytest.fixture(autouse=True, scope="module")
def _open_episodes_left_as_found(live_app):
    """Browser tests share one committed database and run in one order: a module that reports
    a child missing would otherwise leave an open episode at the top of every later module's
    lists and maps. What a module opened is marked found and closed when it ends."""
    import sqlalchemy as sa

    engine = sa.create_engine(live_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        before = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM episodes")).scalar()
    engine.dispose()
    yield
    run_sql(live_app, "UPDATE episodes SET status = 'closed', found_at = coalesce(found_at, "
            "now()), closed_at = coalesce(closed_at, now()) WHERE id > :before "
            "AND status <> 'closed'", before=before)
