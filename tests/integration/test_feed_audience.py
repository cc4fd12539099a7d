"""Who may hear what: every event type the services record x every role of both teams, live
over the socket, by socket catch-up and by HTTP catch-up, against what the API lets that user
read of the record the event carries. One rule decides both (locate/domain/audience.py), and
this proves the two agree."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.domain.permissions import FORCE_WIDE, TEAM_SCOPED, allowed
from locate.extensions import db, socketio
from locate.live.event_schemas import PAYLOADS
from locate.models import ChildTransfer, Event
from locate.services import feed
from tests import factories
from tests.integration.test_api_episodes import body as episode_body
from tests.integration.test_api_places import place_body
from tests.integration.test_api_risk import GOOD as RISK
from tests.integration.test_api_sightings import body as sighting_body
from tests.integration.test_api_tasks import body as task_body

USERS = ["constable_a", "sergeant_a", "inspector_a", "constable_b", "sergeant_b",
         "partner_a", "partner_b", "coordinator", "admin"]


def _role(username):
    return username[:-2] if username.endswith(("_a", "_b")) else username


# --- making each kind of event happen, as the people who would --------------------------

def _task_created(api, w, s):
    api["sergeant_a"].post(f"/api/episodes/{w.episode_a.id}/tasks", json=task_body())


def _task_assigned(api, w, s):
    api["sergeant_a"].post(f"/api/episodes/{w.episode_a.id}/tasks",
                           json=task_body(assignee_user_id=w.constable_a.id))


def _task_action(who, action, **extra):
    """`who` takes `action` on a fresh task of team A assigned to constable_a."""
    def run(api, w, s):
        task = factories.task(s, episode_row=w.episode_a, by=w.sergeant_a,
                              assignee=w.constable_a)
        s.commit()
        response = api[who].post(f"/api/tasks/{task.id}/actions",
                                 json={"action": action, "version": task.version, **extra})
        assert response.status_code == 200, response.get_json()
    return run


def _reassign(api, w, s):
    _task_action("sergeant_a", "reassign", assignee_user_id=w.sergeant_a.id)(api, w, s)


def _sighting(api, w, s):
    response = api["constable_a"].post(f"/api/episodes/{w.episode_a.id}/sightings",
                                       json=sighting_body())
    assert response.status_code == 201, response.get_json()


def _episode_created(api, w, s):
    response = api["sergeant_a"].post("/api/episodes", json=episode_body(w.child_a.id))
    assert response.status_code == 201, response.get_json()


def _episode_updated(api, w, s):
    s.expire_all()
    version = s.get(type(w.episode_a), w.episode_a.id).version
    response = api["sergeant_a"].patch(f"/api/episodes/{w.episode_a.id}",
                                       json={"version": version, "clothing": "Red coat"})
    assert response.status_code == 200, response.get_json()


def _risk(api, w, s):
    response = api["sergeant_a"].post(f"/api/episodes/{w.episode_a.id}/risk-assessments",
                                      json={**RISK, "grade": "high"})
    assert response.status_code == 201, response.get_json()


def _child_updated(api, w, s):
    response = api["partner_a"].patch(f"/api/children/{w.child_a.id}",
                                      json={"version": 1, "hair": "brown"})
    assert response.status_code == 200, response.get_json()


def _place(api, w, s):
    response = api["partner_a"].post(f"/api/children/{w.child_a.id}/places",
                                     json=place_body(source="philomena"))
    assert response.status_code == 201, response.get_json()


def _sighting_photo(api, w, s):
    from tests.images import image_bytes
    from tests.integration.test_api_sighting_photos import send

    response = api["constable_a"].post(f"/api/episodes/{w.episode_a.id}/sightings",
                                       json=sighting_body())
    assert send(api["constable_a"], response.get_json()["id"], image_bytes()).status_code in (
        200, 201)


def _linked(api, w, s):
    other = factories.episode(s, child_row=w.child_a, team_row=w.team_a)
    s.commit()
    response = api["sergeant_a"].post(f"/api/episodes/{w.episode_a.id}/links",
                                      json={"linked_episode_id": other.id})
    assert response.status_code in (200, 201), response.get_json()


def _signed_off(api, w, s):
    row = factories.risk_assessment(s, episode_row=w.episode_a, assessor=w.sergeant_a)
    s.commit()
    response = api["inspector_a"].post(f"/api/risk-assessments/{row.id}/sign-off", json={})
    assert response.status_code == 200, response.get_json()


def _reviewed(api, w):
    response = api["inspector_a"].post(f"/api/episodes/{w.episode_a.id}/reviews",
                                       json={"decision": "confirm",
                                             "rationale": "Nothing new since the last grade",
                                             "below_suggestion_rationale": "Seen safe at 14:00"})
    assert response.status_code == 201, response.get_json()


def _duty(api, w, s):
    assert api["constable_a"].put("/api/me/duty", json={"on_duty": True}).status_code == 200


def _position(api, w, s):
    _duty(api, w, s)
    fix = {"client_id": str(uuid.uuid4()), "lon": -1.55, "lat": 53.80, "accuracy_m": 12.0,
           "recorded_at": (datetime.now(UTC) - timedelta(seconds=5)).isoformat()}
    assert api["constable_a"].post("/api/me/positions", json=fix).status_code in (200, 201)


def _escalation_raised(api, w, s):
    response = api["partner_a"].post("/api/escalations", json={
        "episode_id": w.episode_a.id, "subject": "risk_grade", "reason": "Graded too low"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _escalation_decided(api, w, s):
    response = api["inspector_a"].post(f"/api/escalations/{w.escalation_a.id}/decision",
                                       json={"outcome": "upheld", "reasons": "Regraded"})
    assert response.status_code == 200, response.get_json()


def _escalation_escalated(api, w, s):
    from locate.services.escalations.timing import escalate_up

    row = factories.escalation(s, episode_row=w.episode_a, by=w.partner_a,
                               organisation_row=w.org_a)
    assert escalate_up(s, escalation_id=row.id, at=datetime.now(UTC)) is not None
    s.commit()
def _acknowledged(api, w, s):
    row = factories.episode(s, child_row=w.child_a, team_row=w.team_a, grade="high")
    s.commit()
    response = api["inspector_a"].post(f"/api/episodes/{row.id}/acknowledge", json={})
    assert response.status_code == 200, response.get_json()


SCENARIOS = {
    "task.created": _task_created,
    "task.assigned": _task_assigned,
    "task.updated": _task_action("constable_a", "accept"),
    "task.unassigned": _task_action("sergeant_a", "unassign"),
    "task.reassigned": _reassign,
    "task.cancelled": _task_action("sergeant_a", "cancel"),
    "sighting.created": _sighting,
    "sighting.updated": _sighting_photo,
    "episode.linked": _linked,
    "risk.signed_off": _signed_off,
    "episode.created": _episode_created,
    "episode.updated": _episode_updated,
    "risk.assessed": _risk,
    "child.updated": _child_updated,
    "place.created": _place,
    "officer.duty": _duty,
    "officer.position": _position,
    # Escalations (issue 10, c5): a carer's escalation is heard by their organisation, the
    # answering team's police (not constables) and force-wide roles; never another home.
    "escalation.raised": _escalation_raised,
    "escalation.decided": _escalation_decided,
    "escalation.escalated": _escalation_escalated,
    "episode.acknowledged": _acknowledged,
    "risk.reviewed": lambda api, w, s: _reviewed(api, w),
}


def _alert_raised(api, w, s):
    """A review of team A falls overdue and the clock ticks (tests/integration/
    test_review_clock.py moves the clock; here the episode's due time is in the past)."""
    from flask import current_app

    from locate.clock.tick import tick

    episode = factories.episode(s, child_row=w.child_a, team_row=w.team_a)
    episode.next_review_due = datetime.now(UTC) - timedelta(minutes=5)
    s.flush()
    assert tick(s, now=datetime.now(UTC), config=current_app.config).raised


def _alert_resolved(api, w, s):
    """The review is done (its due time moves on): the next tick resolves the alert."""
    from flask import current_app

    from locate.clock.tick import tick

    _alert_raised(api, w, s)
    for episode in s.execute(sa.select(type(w.episode_a)).where(
            type(w.episode_a).next_review_due < datetime.now(UTC))).scalars():
        episode.next_review_due = datetime.now(UTC) + timedelta(hours=1)
    s.flush()
    assert tick(s, now=datetime.now(UTC), config=current_app.config).resolved


SCENARIOS["alert.raised"] = _alert_raised
SCENARIOS["alert.resolved"] = _alert_resolved


def _child_transferred(api, w, s):
    """Issue 10: a child of organisation A (not the world's own child_a, which the other
    scenarios use) moves to organisation B, by its carer."""
    child = factories.child(s, team_row=w.team_a, organisation_row=w.org_a, first_name="Mia")
    s.commit()
    response = api["partner_a"].post(f"/api/children/{child.id}/transfer", json={
        "organisation_id": w.org_b.id, "reason": "Placement ended"})
    assert response.status_code == 201, response.get_json()


SCENARIOS["child.transferred"] = _child_transferred
# The same move, heard by the organisation the child left (a bare "a child left you"): read
# rule in _readable below, since by then they may no longer read the child.
SCENARIOS["child.left"] = _child_transferred


# --- what the API lets each user read of the record an event carries -------------------

def _readable(api, username, event: Event, w) -> bool:
    client = api[username]
    payload, kind = event.payload, event.type.split(".")[0]
    if event.type == "child.transferred":  # names no child: the transfer's, read as the child
        # The moved child has no episode: outside everyone's own work, read with a reason.
        moved = db.session.get(ChildTransfer, payload["transfer_id"])
        return client.get(f"/api/children/{moved.child_id}",
                          headers={"X-Access-Reason": "Placement review"}).status_code == 200
    if event.type == "child.left":
        # Told to the organisation and team the child left (and the force-wide readers): that
        # a child left them, and when, nothing more.
        user = getattr(w, username)
        return _role(username) in FORCE_WIDE or (
            user.organisation_id is not None
            and user.organisation_id == payload["from_organisation_id"]) or (
            _role(username) in TEAM_SCOPED and user.team_id == payload["from_team_id"])
    if kind == "task":
        return client.get(f"/api/tasks/{payload['task']['id']}").status_code == 200
    if kind == "sighting":
        return client.get(f"/api/sightings/{payload['id']}").status_code == 200
    if kind in ("episode", "risk"):
        return client.get(f"/api/episodes/{event.episode_id}").status_code == 200
    if kind == "child":
        return client.get(f"/api/children/{payload['child_id']}").status_code == 200
    if kind == "place":
        response = client.get(f"/api/children/{payload['properties']['child_id']}/places")
        return response.status_code == 200 and payload["id"] in [
            f["id"] for f in response.get_json()["features"]]
    if kind == "escalation":
        escalation_id = payload["escalation"]["id"]
        return client.get(f"/api/escalations/{escalation_id}").status_code == 200
    if kind == "officer":
        if not allowed(_role(username), "user.view"):
            return False
        response = client.get("/api/users", query_string={"per_page": 100})
        return payload["user_id"] in [u["id"] for u in response.get_json()["items"]]
    if kind == "alert":
        return client.get(f"/api/alerts/{payload['alert']['id']}").status_code == 200
    raise AssertionError(f"no read rule in this test for {event.type}")


def _types_the_services_record() -> set[str]:
    """Literal event types in the services (as test_event_payloads.py scans them)."""
    import re
    from pathlib import Path

    found = set()
    for path in Path(__file__).resolve().parents[2].joinpath("locate").rglob("*.py"):
        found.update(re.findall(r'type="([a-z_]+\.[a-z_]+)"', path.read_text()))
    return found


@pytest.fixture()
def people(app, login, world):
    """Each user signed in once: their API client, and a socket on the same session."""
    api = {u: login(u) for u in USERS}
    sockets = {u: socketio.test_client(app, flask_test_client=api[u].client) for u in USERS}
    assert all(sock.is_connected() for sock in sockets.values())
    return api, sockets


def test_every_recorded_event_type_has_a_scenario_here():
    """A new event type must be added to this matrix before it can pass."""
    recorded = set(PAYLOADS) | set(_types_the_services_record())
    addressed = {"sighting.near"}  # to its officer alone: test_addressed_events_*
    missing = recorded - set(SCENARIOS) - addressed
    assert not missing, f"event types with no audience scenario: {sorted(missing)}"


def test_each_role_hears_exactly_what_it_may_read(session, world, people):
    """All scenarios in one transaction (signing nine people in is the costly part); each
    scenario's events are compared on their own, and every disagreement is reported."""
    api, sockets = people
    wrong = []
    for event_type, scenario in sorted(SCENARIOS.items()):
        cursor = feed.mark(session)["cursor"]
        before = session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()
        for sock in sockets.values():
            sock.get_received()
        scenario(api, world, session)
        made = session.execute(sa.select(Event).where(Event.id > before,
                                                      Event.type == event_type)
                               .order_by(Event.id)).scalars().all()
        assert made, f"the scenario recorded no {event_type}"
        for username in USERS:
            live = {m["args"][0]["id"] for m in sockets[username].get_received()
                    if m["name"] == "event"}
            answer = sockets[username].emit("catch_up", {"cursor": cursor}, callback=True)
            by_socket = {e["id"] for e in answer["events"]}
            body = api[username].get("/api/events", query_string={"cursor": cursor}).get_json()
            by_http = {e["id"] for e in body["events"]}
            for event in made:
                may = _readable(api, username, event, world)
                heard = (event.id in live, event.id in by_socket, event.id in by_http)
                if heard != (may, may, may):
                    wrong.append(f"{username} {event_type} #{event.id}: may read={may}, "
                                 f"heard live/socket catch-up/HTTP catch-up={heard}")
    assert not wrong, "\n".join(wrong)


def test_a_carer_watching_their_childs_episode_hears_no_task(session, world, people):
    """The attack in the issue: watch_episode for the child's episode, then a task on it."""
    api, sockets = people
    carer = sockets["partner_a"]
    assert carer.emit("watch_episode", {"episode_id": world.episode_a.id}, callback=True)["ok"]
    carer.get_received()
    cursor = feed.mark(session)["cursor"]
    _task_assigned(api, world, session)
    heard = [m["args"][0]["type"] for m in carer.get_received() if m["name"] == "event"]
    assert not [t for t in heard if t.startswith("task.")]
    caught = carer.emit("catch_up", {"cursor": cursor}, callback=True)["events"]
    assert not [e for e in caught if e["type"].startswith("task.")]


def test_addressed_events_reach_their_officer_alone(session, world, people):
    from tests.integration.test_sighting_near import place_officer

    api, sockets = people
    place_officer(world.constable_a, metres_north=200)
    session.flush()
    for sock in sockets.values():
        sock.get_received()
    response = api["sergeant_a"].post(f"/api/episodes/{world.episode_a.id}/sightings",
                                      json=sighting_body())
    assert response.status_code == 201
    for username in USERS:
        near = [m for m in sockets[username].get_received()
                if m["name"] == "event" and m["args"][0]["type"] == "sighting.near"]
        assert bool(near) == (username == "constable_a"), username
