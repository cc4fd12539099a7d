"""Web Push in the browser: Chromium's DevTools protocol delivers a push message, built by
the server's own notification code, to the registered service worker; the notification
shows, and clicking it takes the officer to the task.

No push service runs here, so the message goes in through ServiceWorker.deliverPushMessage,
exactly where a real push would arrive (the `push` event). The encryption on the way there
is tested against the RFCs in tests/integration/test_push.py."""

from __future__ import annotations

import json
import time

from locate.domain.notifications import notification_for

from .conftest import PHONE, sign_in

WAIT_FOR_NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let i = 0; i < 100; i += 1) {
    const shown = await registration.getNotifications();
    if (shown.length) return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag,
                                                  url: n.data && n.data.url }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}"""

# A notification click cannot be made on a headless screen, so the service worker is handed
# the same NotificationEvent the browser would give it. ExtendableEvent.waitUntil refuses an
# event the browser did not make (by the spec), after our handler has started its work.
CLICK_FIRST_NOTIFICATION = """async () => {
  const [notification] = await self.registration.getNotifications();
  try {
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
  } catch (error) { /* waitUntil on an untrusted event */ }
  return notification.data.url;
}"""


def registration_id(cdp, origin: str) -> str:
    found = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.update(
        {r["scopeURL"]: r["registrationId"] for r in event["registrations"]
         if not r.get("isDeleted")}))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while f"{origin}/" not in found and time.monotonic() < deadline:
        cdp.send("Runtime.evaluate", {"expression": "1"})  # lets events arrive
        time.sleep(0.05)
    assert f"{origin}/" in found, found
    return found[f"{origin}/"]


def test_push_shows_a_notification_that_opens_the_task(browser, live_server, live_app):
    task_id = live_app.world["task_a"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        context.grant_permissions(["notifications"], origin=live_server)
        page = context.new_page()
        sign_in(page, live_server, "constable_a")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now the page is controlled by the worker
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        cdp = context.new_cdp_session(page)
        message = {"id": 9001, "type": "task.assigned", "user_ids": [1], "payload": {
            "task": {"id": task_id, "properties": {"title": "Check friend's flat",
                                                    "priority": "high"}}}}
        payload = notification_for(message)
        cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": live_server, "registrationId": registration_id(cdp, live_server),
            "data": json.dumps(payload)})
        shown = page.evaluate(WAIT_FOR_NOTIFICATIONS)
        assert shown == [{"title": "New task", "body": "High priority: Check friend's flat",
                          "tag": payload["tag"], "url": f"/app/tasks/{task_id}"}]
        worker = context.service_workers[0]
        assert worker.evaluate(CLICK_FIRST_NOTIFICATION) == f"/app/tasks/{task_id}"
        page.wait_for_url(f"{live_server}/app/tasks/{task_id}", timeout=10_000)
        remaining = page.evaluate("""async () => (await navigator.serviceWorker.ready)
                                     .getNotifications().then((n) => n.length)""")
        assert remaining == 0  # the click closed it
    finally:
        context.close()


def test_a_push_that_is_not_json_still_shows_something(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    try:
        context.grant_permissions(["notifications"], origin=live_server)
        page = context.new_page()
        sign_in(page, live_server, "constable_a")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cdp = context.new_cdp_session(page)
        cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": live_server, "registrationId": registration_id(cdp, live_server),
            "data": "not json"})
        shown = page.evaluate(WAIT_FOR_NOTIFICATIONS)
        assert shown[0]["title"] == "LOCATE" and shown[0]["body"] == "not json"
    finally:
        context.close()
