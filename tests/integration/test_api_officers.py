"""On duty, position fixes (idempotent by client id) and nearest on-duty officers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.models import Event, PositionFix, User
from tests import factories


def _count(session, model):
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def _fix(lon=-1.55, lat=53.80, **over):
    body = {"client_id": str(uuid.uuid4()), "lon": lon, "lat": lat, "accuracy_m": 12.0,
            "recorded_at": datetime.now(UTC).isoformat()}
    body.update(over)
    return body


def test_duty_and_position_flow(login, session, world):
    api = login("constable_a")
    assert api.post("/api/me/positions", json=_fix()).status_code == 422  # off duty
    assert api.put("/api/me/duty", json={"on_duty": True}).get_json()["on_duty"] is True
    fix = _fix()
    assert api.post("/api/me/positions", json=fix).get_json() == {"created": True}
    assert api.post("/api/me/positions", json=fix).get_json() == {"created": False}
    assert _count(session, PositionFix) == 1
    user = session.get(User, world.constable_a.id)
    session.refresh(user)
    assert user.position is not None and user.position_accuracy_m == 12.0
    types = session.execute(sa.select(Event.type).order_by(Event.id)).scalars().all()
    assert types == ["officer.duty", "officer.position"]
    # An older fix arriving late is stored but does not move the live position.
    older = _fix(lon=-1.60, recorded_at=(datetime.now(UTC) - timedelta(minutes=10)).isoformat())
    assert api.post("/api/me/positions", json=older).get_json() == {"created": True}
    assert _count(session, Event) == 2
    api.put("/api/me/duty", json={"on_duty": False})
    session.refresh(user)
    assert user.position is None and not user.on_duty


@pytest.mark.parametrize("body", [
    {"lon": 181}, {"lat": -91}, {"lon": "west"}, {"lat": None}, {"client_id": "nope"},
    {"recorded_at": "2026-11-22T10:00:00"}, {"accuracy_m": -1}, {"battery_pct": 101},
    {"extra": 1}, {"lon": float("nan")},
])
def test_position_bad_input_writes_nothing(login, session, world, body):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    before = (_count(session, PositionFix), _count(session, Event))
    response = api.post("/api/me/positions", data=_json(_fix(**body)),
                        content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["message"]
    assert (_count(session, PositionFix), _count(session, Event)) == before


def _json(body):
    import json

    return json.dumps(body, allow_nan=True)


def test_future_fix_and_malformed_json(login, session, world):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    future = _fix(recorded_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    assert api.post("/api/me/positions", json=future).status_code == 422
    bad = api.post("/api/me/positions", data="{", content_type="application/json")
    assert bad.status_code == 400
    assert api.put("/api/me/duty", json={"on_duty": "yes"}).status_code == 422
    assert _count(session, PositionFix) == 0


def _trail(n, *, minutes_ago=None):
    """n fixes a minute apart, oldest first, walking north, the first minutes_ago (n + 1 by
    default) minutes ago."""
    start = datetime.now(UTC) - timedelta(minutes=minutes_ago or n + 1)
    return [_fix(lat=53.80 + i * 0.0005, recorded_at=(start + timedelta(minutes=i)).isoformat())
            for i in range(n)]


def test_a_trail_kept_offline_arrives_in_one_request_with_one_event(login, session, world):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    events_before = _count(session, Event)
    trail = _trail(120, minutes_ago=130)
    first = api.post("/api/me/positions/batch", json={"fixes": trail})
    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"received": 120, "created": 120}
    assert _count(session, PositionFix) == 120
    # The live position is the newest fix, announced once, not 120 times.
    assert _count(session, Event) == events_before + 1
    user = session.get(User, world.constable_a.id)
    session.refresh(user)
    assert user.position_at == datetime.fromisoformat(trail[-1]["recorded_at"])
    # The answer was lost and the phone sends again, with two fixes more.
    more = _trail(2, minutes_ago=5)
    again = api.post("/api/me/positions/batch", json={"fixes": trail + more})
    assert again.get_json() == {"received": 122, "created": 2}
    assert _count(session, PositionFix) == 122
    # A trail older than the held position is stored but does not move the officer back.
    old = api.post("/api/me/positions/batch", json={"fixes": _trail(3, minutes_ago=300)})
    assert old.get_json()["created"] == 3
    session.refresh(user)
    assert user.position_at == datetime.fromisoformat(more[-1]["recorded_at"])
    assert _count(session, Event) == events_before + 2


@pytest.mark.parametrize("body", [
    {"fixes": []},
    {"fixes": "many"},
    {"fixes": [{"lon": 1}]},
    {"fixes": None},
    {},
    {"fixes": [], "extra": 1},
])
def test_malformed_batches_are_422_and_write_nothing(login, session, world, body):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    before = (_count(session, PositionFix), _count(session, Event))
    response = api.post("/api/me/positions/batch", json=body)
    assert response.status_code == 422 and response.get_json()["message"]
    assert (_count(session, PositionFix), _count(session, Event)) == before


def test_one_bad_fix_refuses_the_whole_batch(login, session, world):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    before = (_count(session, PositionFix), _count(session, Event))
    out_of_range = _trail(3)
    out_of_range[1]["lat"] = 91
    future = _trail(3)
    future[2]["recorded_at"] = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    for fixes in (out_of_range, future, _trail(501)):
        response = api.post("/api/me/positions/batch", json={"fixes": fixes})
        assert response.status_code == 422, response.get_json()
    off = login("constable_b")
    assert off.post("/api/me/positions/batch", json={"fixes": _trail(2)}).status_code == 422
    assert api.post("/api/me/positions/batch", data="[", content_type="application/json"
                    ).status_code == 400
    assert (_count(session, PositionFix), _count(session, Event)) == before


def test_partner_cannot_report_positions(login, session, world):
    api = login("partner_a")
    assert api.put("/api/me/duty", json={"on_duty": True}).status_code == 403


def test_nearest_on_duty_officers_in_own_team(login, session, world):
    now = datetime.now(UTC)
    near = factories.user(session, role="constable", team_row=world.team_a, username="near",
                          position=factories.Point(-1.5495, 53.8010))
    far = factories.user(session, role="constable", team_row=world.team_a, username="far",
                         position=factories.Point(-1.60, 53.82))
    stale = factories.user(session, role="constable", team_row=world.team_a, username="stale",
                           position=factories.Point(-1.5491, 53.8008))
    other_team = factories.user(session, role="constable", team_row=world.team_b,
                                username="otherteam", position=factories.Point(-1.5491, 53.8009))
    for u in (near, far, stale, other_team):
        u.on_duty = True
    stale.position_at = now - timedelta(hours=2)
    session.flush()
    api = login("sergeant_a")
    rows = api.get("/api/officers/nearest?lon=-1.5491&lat=53.8008").get_json()
    assert [r["display_name"] and r["user_id"] for r in rows] == [near.id, far.id]
    assert 10 < rows[0]["distance_m"] < 40  # about 25 m on the spheroid
    assert 3500 < rows[1]["distance_m"] < 4500
    assert rows[0]["fix_age_s"] < 60
    assert api.get("/api/officers/nearest?lon=500&lat=53").status_code == 422
    assert api.get("/api/officers/nearest?lat=53").status_code == 422
    assert login("constable_a").get("/api/officers/nearest?lon=-1.5&lat=53.8").status_code == 403
