"""Where WebSockets are blocked (a proxy, a hotel's Wi-Fi), the live feed falls back to
long-polling and task changes still reach the phone without a reload."""

from __future__ import annotations

import uuid

import pytest

from .conftest import sign_in
from .test_officer_app import _new_task, _phone, _signed_in_api

pytestmark = pytest.mark.browser

# What a browser does when a proxy refuses the WebSocket handshake: 'error', then 'close' with
# 1006, never 'open'. (Playwright's WebSocket routing can only close a socket that opened,
# which a real block never does.)
BLOCKED_WEBSOCKET = """
window.__refusedSockets = 0;
window.WebSocket = class BlockedWebSocket extends EventTarget {
  static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
  constructor(url) {
    super();
    this.url = url; this.readyState = 0; this.binaryType = 'blob';
    window.__refusedSockets += 1;
    setTimeout(() => {
      this.readyState = 3;
      const error = new Event('error');
      this.onerror?.(error); this.dispatchEvent(error);
      const close = Object.assign(new Event('close'), { code: 1006, reason: '', wasClean: false });
      this.onclose?.(close); this.dispatchEvent(close);
    }, 20);
  }
  send() { throw new DOMException('Still in CONNECTING state.', 'InvalidStateError'); }
  close() {}
};
"""


def test_blocked_websockets_fall_back_to_polling(browser, live_server, live_app):
    base, world = live_server, live_app.world
    phone = _phone(browser, base)
    sergeant = _signed_in_api(browser, base, "sergeant_a")
    try:
        page = phone.new_page()
        sign_in(page, base, "constable_a")
        page.add_init_script(BLOCKED_WEBSOCKET)  # from here on (signing in waits for quiet)
        page.goto(f"{base}/app")
        page.wait_for_selector("#officer-app[data-feed='live']", timeout=30_000)
        assert page.evaluate("window.__refusedSockets") >= 1, "the feed never tried a WebSocket"
        assert page.locator("#officer-app").get_attribute("data-transport") == "polling"
        title = f"Polling check {uuid.uuid4().hex[:6]}"
        task = _new_task(sergeant, base, world, title)
        page.wait_for_selector(f"li[data-task-id='{task['id']}']", timeout=15_000)
    finally:
        phone.close()
        sergeant.close()
