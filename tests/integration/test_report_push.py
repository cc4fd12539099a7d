"""A new episode reaches the duty inspector's and the sergeants' phones (issue 10): the event
a real report records, delivered through the stand-in push service of test_push.py, decrypted
with each phone's keys. The lock screen names no child."""

from __future__ import annotations

import sqlalchemy as sa

from locate.live import events, push
from locate.live.events import PUSH_TYPES
from locate.models import Event

# The push service stand-in and the VAPID app are test_push.py's fixtures, used here as is.
from tests.integration.test_push import Phone, service, vapid_app, verify_vapid  # noqa: F401
from tests.integration.test_reporting import phone_report


def _reported(login, session, world, username="partner_a") -> dict:
    response = login(username).post("/api/episodes", json=phone_report(
        world.child_a.id, risk={"grade": "high", "rationale": "Known CSE concern"}))
    assert response.status_code == 201, response.get_json()
    row = session.execute(sa.select(Event).where(Event.type == "episode.created")
                          .order_by(Event.id.desc()).limit(1)).scalar_one()
    return events.as_message(row)


def test_a_report_is_pushed_to_the_inspector_and_sergeants_phones(
        login, session, world, vapid_app, service):  # noqa: F811 - test_push's fixtures
    app, server_key = vapid_app
    phones = {name: Phone(service, name) for name in ("inspector_a", "sergeant_a",
                                                       "constable_a", "inspector_b")}
    for name, phone in phones.items():
        session.add(phone.subscription(getattr(world, name).id))
    session.commit()
    message = _reported(login, session, world)
    assert message["type"] in PUSH_TYPES  # publish() hands it to push.deliver_events
    push.deliver_events(app, [message])
    reached = sorted(r["path"].rsplit("/", 1)[1] for r in service.received)
    assert reached == ["inspector_a", "sergeant_a"]
    for request in service.received:
        name = request["path"].rsplit("/", 1)[1]
        verify_vapid(request["headers"], service.origin, server_key)
        notification = phones[name].decrypt(request["body"])
        reference = message["payload"]["properties"]["reference"]
        assert notification == {
            "title": "New missing child report",
            "body": f"High risk: {reference}. Open LOCATE for details.",
            "url": f"/map?episode={message['episode_id']}", "event_id": message["id"],
            "type": "episode.created", "tag": f"episode.created:{message['id']}"}
        assert "Jade" not in str(notification)  # the child's name never on a lock screen


def test_with_no_inspectors_at_all_the_admins_phones_ring(
        login, session, world, vapid_app, service):  # noqa: F811 - test_push's fixtures
    app, _ = vapid_app
    session.execute(sa.text("UPDATE users SET active = false WHERE role = 'inspector'"))
    admin_phone = Phone(service, "admin")
    session.add(admin_phone.subscription(world.admin.id))
    session.commit()
    message = _reported(login, session, world, username="constable_a")
    assert set(message["user_ids"]) == {world.admin.id, world.sergeant_a.id}
    push.deliver_events(app, [message])
    assert [r["path"] for r in service.received] == ["/push/admin"]
    assert admin_phone.decrypt(service.received[0]["body"])["title"] == "New missing child report"
