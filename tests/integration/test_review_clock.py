"""The review clock on real PostGIS: who is told of an overdue review and when, the chase of
unacknowledged high risk, pushes to the on-duty sergeant, and the alerts API. The clock is
moved, never waited for: a tick takes `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.clock.tick import tick
from locate.live import events, push
from locate.live.event_schemas import errors_for
from locate.models import AlertRow, AuditEntry, Event
from locate.services.casework import risk
from tests import factories
from tests.integration.test_push import Phone, service, vapid_app  # noqa: F401 - fixtures

# Days before the real time: no episode the world made is overdue then, so each alert a test
# sees is its own episode's.
DUE = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


def at(minutes: float) -> datetime:
    return DUE + timedelta(minutes=minutes)


def overdue_episode(session, world, *, grade="medium", team="a"):
    row = factories.episode(session, child_row=getattr(world, f"child_{team}"),
                            team_row=getattr(world, f"team_{team}"), grade=grade,
                            reported_at=DUE - timedelta(hours=1))
    row.next_review_due = DUE
    session.flush()
    return row


def alerts_of(session, episode) -> list[AlertRow]:
    session.expire_all()
    return session.execute(sa.select(AlertRow).where(AlertRow.episode_id == episode.id)
                           .order_by(AlertRow.id)).scalars().all()


def raised_events(session, episode) -> list[Event]:
    return session.execute(sa.select(Event).where(Event.type == "alert.raised",
                                                  Event.episode_id == episode.id)
                           .order_by(Event.id)).scalars().all()


def test_an_overdue_review_tells_the_sergeants_then_the_inspector(app, session, world):
    episode = overdue_episode(session, world)
    world.sergeant_a.on_duty = True  # on duty: told; another sergeant of the team off duty: not
    factories.user(session, role="sergeant", team_row=world.team_a)
    session.flush()

    tick(session, now=at(-1), config=app.config)
    assert alerts_of(session, episode) == []

    result = tick(session, now=at(1), config=app.config)
    [alert] = alerts_of(session, episode)
    assert (alert.kind, alert.recipients, alert.due_at) == ("review_overdue", "sergeants", DUE)
    assert alert.told_user_ids == [world.sergeant_a.id]
    assert [r.id for r in result.raised] == [alert.id]
    [event] = raised_events(session, episode)
    assert event.user_ids == [world.sergeant_a.id]
    assert errors_for(event.type, event.payload) == {}
    assert event.payload["alert"]["reference"] == episode.reference
    assert f"alert.view@team:{world.team_a.id}" in event.audience
    assert not [k for k in event.audience if "@org:" in k]  # no carer may hear it
    assert "Jade" not in str(event.payload)  # no child's name travels with an alert
    audit = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "alert", AuditEntry.entity_id == str(alert.id))).scalars().all()
    assert [(a.action, a.username, a.child_id) for a in audit] == [
        ("create", "review clock", episode.child_id)]

    tick(session, now=at(2), config=app.config)
    tick(session, now=at(29), config=app.config)
    assert len(alerts_of(session, episode)) == 1 and len(raised_events(session, episode)) == 1

    tick(session, now=at(31), config=app.config)
    sergeants, inspector = alerts_of(session, episode)
    assert (inspector.kind, inspector.recipients) == ("review_overdue_inspector",
                                                       "duty_inspector")
    assert inspector.told_user_ids == [world.inspector_a.id]  # nobody on duty: every inspector
    assert inspector.due_at == at(app.config["REVIEW_ESCALATE_MINUTES"])
    assert [e.user_ids for e in raised_events(session, episode)] == [
        [world.sergeant_a.id], [world.inspector_a.id]]

    # The review is done: the next tick finds no lapse and closes both alerts.
    risk.assess(session, actor=world.sergeant_a, episode_id=episode.id, grade="medium",
                rationale="Reviewed: no change", factors={}, sources={})
    result = tick(session, now=at(32), config=app.config)
    assert {r.id for r in result.resolved} == {sergeants.id, inspector.id}
    assert all(a.resolved_at == at(32) for a in alerts_of(session, episode))
    closed = session.execute(sa.select(Event).where(Event.type == "alert.resolved",
                                                    Event.episode_id == episode.id)).scalars()
    assert sorted((e.payload["alert"]["id"], e.user_ids) for e in closed) == sorted(
        [(sergeants.id, []), (inspector.id, [])])  # pages are told; no phone is woken


def test_a_closed_episode_raises_nothing(app, session, world):
    episode = overdue_episode(session, world)
    episode.status, episode.found_at = "found", at(-5)
    session.flush()
    tick(session, now=at(90), config=app.config)
    assert alerts_of(session, episode) == []


def test_high_risk_is_chased_until_the_duty_inspector_acknowledges(app, session, world):
    episode = overdue_episode(session, world, grade="high")
    episode.next_review_due = at(600)  # the review itself is not due: only the chase
    graded = factories.risk_assessment(session, episode_row=episode, assessor=world.sergeant_a,
                                       grade="high")
    graded.assessed_at = DUE
    session.flush()
    chase = app.config["HIGH_RISK_CHASE_MINUTES"]

    tick(session, now=at(1), config=app.config)
    [first] = alerts_of(session, episode)
    assert (first.kind, first.recipients) == ("high_risk_unacknowledged", "duty_inspector")
    assert first.told_user_ids == [world.inspector_a.id]

    tick(session, now=at(chase + 1), config=app.config)
    first_again, second = alerts_of(session, episode)
    assert second.key != first.key and second.due_at == at(chase)
    assert first_again.resolved_at is not None  # the later chase stands for it
    assert len(raised_events(session, episode)) == 2

    episode.acknowledged_at, episode.acknowledged_by_id = at(chase + 2), world.inspector_a.id
    session.flush()
    tick(session, now=at(3 * chase), config=app.config)
    assert len(alerts_of(session, episode)) == 2
    assert all(a.resolved_at is not None for a in alerts_of(session, episode))


def test_an_alert_that_fell_due_while_the_clock_was_stopped_is_sent_once_after(
        app, session, world):
    episode = overdue_episode(session, world)
    tick(session, now=at(-10), config=app.config)  # the last tick before the clock stopped
    # ... stopped over the due time and the escalation; back 3 hours later:
    tick(session, now=at(180), config=app.config)
    kinds = [a.kind for a in alerts_of(session, episode)]
    assert kinds == ["review_overdue", "review_overdue_inspector"]
    tick(session, now=at(181), config=app.config)
    assert len(raised_events(session, episode)) == 2


def test_the_on_duty_sergeant_gets_a_push_without_the_childs_name(
        app, session, world, vapid_app, service):  # noqa: F811
    app_with_keys, _ = vapid_app
    episode = overdue_episode(session, world)
    world.sergeant_a.on_duty = True
    off_duty = factories.user(session, role="sergeant", team_row=world.team_a)
    on_phone, off_phone = Phone(service, "sergeant-on"), Phone(service, "sergeant-off")
    session.add_all([on_phone.subscription(world.sergeant_a.id),
                     off_phone.subscription(off_duty.id)])
    session.flush()
    tick(session, now=at(1), config=app.config)
    [event] = raised_events(session, episode)
    push.deliver_events(app_with_keys, [events.as_message(event)])
    assert [r["path"] for r in service.received] == ["/push/sergeant-on"]
    notification = on_phone.decrypt(service.received[0]["body"])
    assert notification["title"] == "Review overdue"
    assert episode.reference in notification["body"]
    assert "Jade" not in str(notification) and "Example" not in str(notification)
    assert notification["url"] == f"/map?episode={episode.id}"


# --- the alerts API --------------------------------------------------------------------

@pytest.fixture()
def alerts(app, session, world):
    """An overdue review in each team, raised by one tick."""
    episodes = {side: overdue_episode(session, world, team=side) for side in "ab"}
    tick(session, now=at(1), config=app.config)
    return {side: alerts_of(session, e)[0] for side, e in episodes.items()}


@pytest.mark.parametrize("username, sees", [
    ("sergeant_a", "a"), ("inspector_a", "a"), ("sergeant_b", "b"), ("admin", "ab"),
])
def test_supervisors_see_their_teams_open_alerts(login, session, alerts, username, sees):
    body = login(username).get("/api/alerts").get_json()
    assert {a["id"] for a in body["items"]} == {alerts[s].id for s in sees}
    entry = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "alert_list")
                            .order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.username == username
    assert sorted(entry.details["alert_ids"]) == sorted(alerts[s].id for s in sees)


@pytest.mark.parametrize("username", ["constable_a", "partner_a", "coordinator"])
def test_constables_carers_and_coordinators_are_refused(login, alerts, username):
    api = login(username)
    assert api.get("/api/alerts").status_code == 403
    assert api.get(f"/api/alerts/{alerts['a'].id}").status_code == 403


def test_one_alert_of_another_team_is_not_found(login, alerts):
    api = login("sergeant_a")
    assert api.get(f"/api/alerts/{alerts['a'].id}").get_json()["kind"] == "review_overdue"
    assert api.get(f"/api/alerts/{alerts['b'].id}").status_code == 404
    assert api.get("/api/alerts/999999999").status_code == 404


def test_alerts_filter_by_episode_and_kind(login, alerts):
    api = login("admin")
    body = api.get("/api/alerts", query_string={"episode_id": alerts["b"].episode_id}).get_json()
    assert [a["id"] for a in body["items"]] == [alerts["b"].id]
    assert api.get("/api/alerts", query_string={"kind": "high_risk_unacknowledged"}
                   ).get_json()["items"] == []
    assert len(api.get("/api/alerts", query_string={"kind": "review_overdue"}
                       ).get_json()["items"]) == 2


@pytest.mark.parametrize("query", [
    {"episode_id": "abc"}, {"episode_id": "1\x00"}, {"episode_id": str(2**40)},
    {"episode_id": "0"}, {"no_such_filter": "1"}, {"kind": "absent"}, {"kind": "x\x00"},
])
def test_bad_alert_queries_are_422_and_write_nothing(login, session, alerts, query):
    from tests.integration.test_bad_input_sweep import row_counts

    api = login("sergeant_a")
    before = row_counts(session)
    response = api.get("/api/alerts", query_string=query)
    assert response.status_code == 422 and response.get_json()["errors"]
    assert row_counts(session) == before


@pytest.mark.parametrize("args, complaint", [
    (["--now", "2026-12-01T10:00:00Z"], "use it with --once"),
    (["--once", "--now", "yesterday"], "--now"),
    (["--once", "--now", "2026-12-01T10:00:00"], "time zone"),
    (["--parent-pid", "0"], "parent-pid"),
])
def test_the_clock_command_refuses_bad_times(app, args, complaint):
    with app.app_context():  # as `flask` gives every command (the runner does not)
        result = app.test_cli_runner().invoke(args=["clock", *args])
    assert result.exit_code == 2 and complaint in result.output, result.output
