"""Teams with patrol areas, users, live officer positions, and user administration."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from locate.geo import to_db
from locate.models import AuditEntry, User
from tests import factories


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in (User, AuditEntry))


def test_teams_are_feature_collections_of_patrol_areas(login, world):
    body = login("coordinator").get("/api/teams").get_json()
    assert body["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in body["features"]} == {"LDS", "BFD"}
    leeds = next(f for f in body["features"] if f["properties"]["code"] == "LDS")
    assert leeds["geometry"]["type"] == "MultiPolygon"
    assert 100 < leeds["properties"]["area_km2"] < 250   # 0.21 x 0.12 degrees at 53.8 N
    own = login("sergeant_a").get("/api/teams").get_json()
    assert [f["id"] for f in own["features"]] == [world.team_a.id]


@pytest.mark.parametrize(("user", "team", "status"), [
    ("sergeant_a", "team_a", 200), ("sergeant_a", "team_b", 404),
    ("coordinator", "team_b", 200), ("partner_a", "team_a", 403)])
def test_one_team(login, world, user, team, status):
    assert login(user).get(f"/api/teams/{getattr(world, team).id}").status_code == status


def test_user_list_is_scoped(login, world):
    own = login("constable_a").get("/api/users").get_json()
    assert {u["username"] for u in own["items"]} == {"constable_a", "sergeant_a", "inspector_a"}
    assert all("password" not in str(u) for u in own["items"])
    sergeants = login("admin").get("/api/users?role=sergeant").get_json()
    assert {u["username"] for u in sergeants["items"]} == {"sergeant_a", "sergeant_b"}
    assert login("partner_a").get("/api/users").status_code == 403


def test_positions_of_on_duty_officers_with_fix_age(login, session, world):
    officer = world.constable_a
    officer.on_duty, officer.position = True, to_db(Point(-1.55, 53.80))
    officer.position_accuracy_m = 12
    officer.position_at = sa.func.now() - sa.text("interval '90 seconds'")
    world.constable_b.on_duty, world.constable_b.position = True, to_db(Point(-1.76, 53.79))
    world.constable_b.position_at = sa.func.now()
    session.flush()
    body = login("sergeant_a").get("/api/users/positions").get_json()
    assert [f["id"] for f in body["features"]] == [officer.id]   # own team only
    props = body["features"][0]["properties"]
    assert props["accuracy_m"] == 12 and 85 <= props["fix_age_s"] <= 200
    assert props["fix_at"] and props["display_name"] == officer.display_name
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [-1.55, 53.8]}
    everyone = login("coordinator").get("/api/users/positions").get_json()
    assert len(everyone["features"]) == 2
    assert login("coordinator").get(
        f"/api/users/positions?team_id={world.team_b.id}").get_json()["features"][0][
        "id"] == world.constable_b.id


def test_admin_creates_and_changes_users(login, session, world):
    api = login("admin")
    before = counts(session)
    response = api.post("/api/users", json={
        "username": "pc_new", "password": "a long pass phrase for nights", "role": "constable",
        "display_name": "PC New", "team_id": world.team_a.id, "collar_number": "4321"})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["team_id"] == world.team_a.id and "password" not in created
    assert counts(session) == (before[0] + 1, before[1] + 1)
    moved = api.patch(f"/api/users/{created['id']}", json={"team_id": world.team_b.id,
                                                           "display_name": "PC Moved"})
    assert moved.status_code == 200 and moved.get_json()["team_id"] == world.team_b.id
    off = api.patch(f"/api/users/{created['id']}", json={"active": False})
    assert off.get_json()["active"] is False
    assert login_fails(api.client, "pc_new", "a long pass phrase for nights")


def login_fails(client, username, password) -> bool:
    return client.post("/api/session", json={"username": username,
                                             "password": password}).status_code == 401


@pytest.mark.parametrize(("body", "status"), [
    ({"username": "x", "password": "a long pass phrase", "role": "constable",
      "display_name": "X", "team_id": 1}, 422),                      # username too short
    ({"username": "pc_weak", "password": "password", "role": "constable",
      "display_name": "X", "team_id": "TEAM"}, 422),
    ({"username": "pc_weak", "password": "password", "role": "constable",
      "display_name": "X", "team_id": 1}, 422),                      # weak password
    ({"username": "pc_noteam", "password": "a long pass phrase for nights",
      "role": "constable", "display_name": "X"}, 422),               # a constable needs a team
    ({"username": "constable_a", "password": "a long pass phrase for nights",
      "role": "admin", "display_name": "X"}, 409),                   # taken
    ({"username": "pc_role", "password": "a long pass phrase for nights",
      "role": "superuser", "display_name": "X"}, 422),
    ({"username": "pc_x", "password": "a long pass phrase for nights", "role": "admin",
      "display_name": "X", "is_admin": True}, 422),                  # unknown field
    ({"username": "pc_big", "password": "a long pass phrase for nights", "role": "admin",
      "display_name": "X" * 10_000}, 422),                          # huge string
    ({"username": "pc_big", "password": "p" * 10_000, "role": "admin",
      "display_name": "X"}, 422),
    ({"username": 42, "password": "a long pass phrase for nights", "role": "admin",
      "display_name": "X"}, 422),                                   # wrong type
])
def test_bad_new_user_is_refused_and_writes_nothing(login, session, world, body, status):
    api = login("admin")
    before = counts(session)
    response = api.post("/api/users", json=body)
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


@pytest.mark.parametrize("user", ["sergeant_a", "inspector_a", "coordinator", "constable_a",
                                  "partner_a"])
def test_only_admins_manage_users(login, session, world, user):
    api = login(user)
    before = counts(session)
    assert api.post("/api/users", json={
        "username": "pc_sneaky", "password": "a long pass phrase for nights",
        "role": "admin", "display_name": "X"}).status_code == 403
    assert api.patch(f"/api/users/{world.constable_a.id}",
                     json={"role": "admin"}).status_code == 403
    assert counts(session) == before


@pytest.mark.parametrize(("target", "body", "status"), [
    ("admin", {"active": False}, 409),              # not yourself
    ("admin", {"role": "constable"}, 409),
    ("constable_a", {"team_id": None}, 422),        # a constable needs a team
    ("constable_a", {"team_id": 999999}, 422),
    ("constable_a", {"active": "no"}, 422),
    ("constable_a", {"password_hash": "x"}, 422),
    ("constable_a", {"display_name": "X" * 10_000}, 422),
    ("constable_a", {"role": 3}, 422),
    (None, {"role": "sergeant"}, 404),
])
def test_bad_user_change_is_refused(login, session, world, target, body, status):
    api = login("admin")
    before = counts(session)
    user_id = getattr(world, target).id if target else 999999
    response = api.patch(f"/api/users/{user_id}", json=body)
    assert response.status_code == status, response.get_json()
    session.expire_all()
    assert counts(session) == before
    assert session.get(User, world.constable_a.id).team_id == world.team_a.id


def test_password_in_factories_is_not_weak():
    from locate.security.passwords import weakness

    assert weakness(factories.PASSWORD) is None
