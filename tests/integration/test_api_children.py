"""Children API: the list, the audited card, a new child, and profile edits as versions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Child, ChildProfile, Event

TABLES = (Child, ChildProfile, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def last_audit(session):
    session.expire_all()
    return session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                           ).scalar_one()


def new_child(**over):
    data = {"first_name": "Aisha", "last_name": "Khan", "known_as": "Ash",
            "date_of_birth": "2010-03-14", "sex": "female", "ethnicity": "Asian British",
            "height_cm": 158, "build": "slim", "hair": "long black", "eyes": "brown",
            "description": "Often wears a red puffer jacket",
            "placement_type": "childrens_home", "placement_address": "Oak House, Leeds",
            "placement_location": {"type": "Point", "coordinates": [-1.55, 53.80]},
            "responsible_local_authority": "Leeds City Council",
            "vulnerabilities": ["asthma"], "exploitation_indicators": ["older boyfriend"],
            "medical_needs": "Inhaler", "phones": ["07700 900123"],
            "social_media": ["snap: ash_k"], "addresses": ["12 Oak Road, Leeds"],
            "transport_used": "buses into the city centre", "missing_history": "3 in 2026"}
    data.update(over)
    return data


# --- the card ------------------------------------------------------------------------------

@pytest.mark.parametrize("user", ["constable_a", "sergeant_a", "inspector_a", "coordinator",
                                  "admin", "partner_a"])
def test_card_has_profile_places_associates_episodes_and_is_audited(login, session, world,
                                                                    user):
    response = login(user).get(f"/api/children/{world.child_a.id}")
    assert response.status_code == 200, response.get_json()
    card = response.get_json()
    assert card["profile"]["first_name"] == "Jade" and card["version"] == 1
    assert card["places"]["type"] == "FeatureCollection"
    assert [f["id"] for f in card["places"]["features"]] == [world.place_a.id]
    assert [e["id"] for e in card["episodes"]] == [world.episode_a.id]
    assert isinstance(card["associates"], list) and card["age"] >= 10
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.child_id, audit.username) == (
        "view", "child", world.child_a.id, user)
    assert audit.ip and audit.route == f"GET /api/children/{world.child_a.id}"


@pytest.mark.parametrize(("user", "child"), [
    ("constable_a", "child_b"), ("sergeant_b", "child_a"), ("partner_a", "child_b"),
    ("partner_b", "child_a")])
def test_other_teams_or_organisations_child_is_404_and_not_audited_as_a_view(
        login, session, world, user, child):
    api = login(user)
    before = counts(session)
    response = api.get(f"/api/children/{getattr(world, child).id}")
    assert response.status_code == 404
    assert "that you can see" in response.get_json()["message"]
    assert counts(session) == before


def test_missing_child_is_404(login, world):
    assert login("admin").get("/api/children/999999").status_code == 404


# --- the list ------------------------------------------------------------------------------

def test_list_is_scoped_searchable_paged_and_audited(login, session, world):
    body = login("sergeant_a").get("/api/children").get_json()
    assert [c["id"] for c in body["items"]] == [world.child_a.id]
    assert body["items"][0]["open_episode_id"] == world.episode_a.id
    assert body["items"][0]["risk_grade"] == "medium"
    assert last_audit(session).entity == "child_list"
    everyone = login("coordinator").get("/api/children?per_page=1").get_json()
    assert everyone["total"] == 2 and len(everyone["items"]) == 1
    found = login("coordinator").get("/api/children?q=kyl").get_json()
    assert [c["id"] for c in found["items"]] == [world.child_b.id]
    partner = login("partner_b").get("/api/children").get_json()
    assert [c["id"] for c in partner["items"]] == [world.child_b.id]


@pytest.mark.parametrize("query", ["page=0", "per_page=5000", "q=", "team_id=abc",
                                   "bbox=1,2,3,4", "colour=red"])
def test_bad_list_query_is_422(login, world, query):
    response = login("coordinator").get(f"/api/children?{query}")
    assert response.status_code == 422, query


# --- create --------------------------------------------------------------------------------

def test_sergeant_adds_a_child_with_version_1(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post("/api/children", json=new_child(organisation_id=world.org_a.id))
    assert response.status_code == 201, response.get_json()
    card = response.get_json()
    assert card["version"] == 1 and card["team_id"] == world.team_a.id
    assert card["reference"] == f"C{card['id']:07d}"
    assert card["profile"]["placement_location"]["type"] == "Point"
    assert card["profile"]["phones"] == ["07700 900123"]
    # the child, its profile, and two audit rows (create, then the view of the card)
    assert counts(session) == (before[0] + 1, before[1] + 1, before[2], before[3] + 2)


def test_partner_adds_a_child_of_their_own_organisation(login, session, world):
    response = login("partner_a").post("/api/children", json=new_child())
    assert response.status_code == 201, response.get_json()
    card = response.get_json()
    assert (card["organisation_id"], card["team_id"]) == (world.org_a.id, world.team_a.id)
    other = login("partner_a").post("/api/children",
                                    json=new_child(organisation_id=world.org_b.id))
    assert other.status_code == 422


@pytest.mark.parametrize(("user", "over", "status"), [
    ("constable_a", {}, 403),                                  # constables do not add children
    ("coordinator", {}, 403),
    ("sergeant_a", {"team_id": 2}, 422),                        # another team's child
    ("sergeant_a", {"team_id": 999}, 422),
    ("sergeant_a", {"organisation_id": 999}, 422),
])
def test_refused_creates_write_nothing(login, session, world, user, over, status):
    if "team_id" in over and over["team_id"] == 2:
        over = {"team_id": world.team_b.id}
    api = login(user)
    before = counts(session)
    response = api.post("/api/children", json=new_child(**over))
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


INVALID = {
    "no first name": {"first_name": None},
    "empty last name": {"last_name": ""},
    "date of birth not a date": {"date_of_birth": "last spring"},
    "born in the future": {"date_of_birth": "2999-01-01"},
    "unknown sex value": {"sex": "x"},
    "absent placement type": {"placement_type": "absent"},
    "height as a string": {"height_cm": "158"},
    "height out of range": {"height_cm": 900},
    "phones not a list": {"phones": "07700 900123"},
    "too many phones": {"phones": ["07700 900123"] * 51},
    "huge description": {"description": "x" * 9000},
    "location not a point": {"placement_location": {
        "type": "LineString", "coordinates": [[-1.5, 53.8], [-1.6, 53.9]]}},
    "location out of range": {"placement_location": {"type": "Point",
                                                     "coordinates": [-1.5, 153.8]}},
    "location with NaN": {"placement_location": {"type": "Point",
                                                 "coordinates": ["NaN", 53.8]}},
    "unknown field": {"favourite_colour": "red"},
    "team id as a string": {"team_id": "1"},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_child_is_422_and_writes_nothing(login, session, world, case):
    data = new_child(**INVALID[case])
    data = {k: v for k, v in data.items() if v is not None}
    api = login("sergeant_a")
    before = counts(session)
    response = api.post("/api/children", json=data)
    assert response.status_code == 422, (case, response.get_json())
    assert response.get_json()["errors"]
    assert counts(session) == before


# --- edits as versions ---------------------------------------------------------------------

def test_edit_writes_a_new_version_and_keeps_the_old_readable(login, session, world):
    api = login("partner_a")
    mark = session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()
    response = api.patch(f"/api/children/{world.child_a.id}",
                         json={"version": 1, "description": "Now has short dyed red hair",
                               "hair": "short, dyed red"})
    assert response.status_code == 200, response.get_json()
    card = response.get_json()
    assert card["version"] == 2 and card["profile"]["hair"] == "short, dyed red"
    assert card["profile"]["first_name"] == "Jade"  # unchanged fields carried over
    old = api.get(f"/api/children/{world.child_a.id}/profiles/1").get_json()
    assert old["version"] == 1 and old["hair"] is None
    history = api.get(f"/api/children/{world.child_a.id}/profiles").get_json()
    assert [v["version"] for v in history["versions"]] == [2, 1]
    event = session.execute(sa.select(Event).where(Event.id > mark)).scalar_one()
    assert event.type == "child.updated" and event.team_id == world.team_a.id
    assert event.payload == {"child_id": world.child_a.id, "version": 2, "photo_url": None,
                             "reason": "edit"}
    assert errors_for(event.type, event.payload) == {}
    updates = session.execute(sa.select(AuditEntry).where(
        AuditEntry.child_id == world.child_a.id, AuditEntry.action == "update")).scalars().all()
    assert [u.details["version"] for u in updates] == [2]


def test_stale_edit_is_409_and_changes_nothing(login, session, world):
    api = login("sergeant_a")
    assert api.patch(f"/api/children/{world.child_a.id}",
                     json={"version": 1, "hair": "brown"}).status_code == 200
    before = counts(session)
    stale = api.patch(f"/api/children/{world.child_a.id}", json={"version": 1, "hair": "blue"})
    assert stale.status_code == 409
    assert "version 2" in stale.get_json()["message"]
    assert stale.get_json()["current_version"] == 2
    assert counts(session) == before


BOWTIE_LIKE = {"type": "Polygon", "coordinates": [[[-1.55, 53.79], [-1.54, 53.80],
                                                   [-1.54, 53.79], [-1.55, 53.80],
                                                   [-1.55, 53.79]]]}


@pytest.mark.parametrize(("body", "status"), [
    ({"hair": "brown"}, 422),                     # no version
    ({"version": "1", "hair": "brown"}, 422),     # version as a string
    ({"version": 1}, 422),                        # nothing to change
    ({"version": 1, "sex": "n/a"}, 422),
    ({"version": 1, "id": 5}, 422),               # unknown field
    ({"version": 1, "description": "x" * 100_000}, 422),
    ({"version": 1, "height_cm": [150]}, 422),
    ({"version": 0, "hair": "brown"}, 422),
    ({"version": 1, "placement_location": BOWTIE_LIKE}, 422),  # wrong type and invalid
])
def test_bad_edit_is_refused_and_writes_nothing(login, session, world, body, status):
    api = login("sergeant_a")
    before = counts(session)
    response = api.patch(f"/api/children/{world.child_a.id}", json=body)
    assert response.status_code == status, response.get_json()
    assert counts(session) == before


@pytest.mark.parametrize(("user", "child", "status"), [
    ("constable_a", "child_a", 403), ("coordinator", "child_a", 403),
    ("sergeant_a", "child_b", 404), ("partner_b", "child_a", 404)])
def test_edit_access(login, session, world, user, child, status):
    api = login(user)
    before = counts(session)
    response = api.patch(f"/api/children/{getattr(world, child).id}",
                                 json={"version": 1, "hair": "brown"})
    assert response.status_code == status
    assert counts(session) == before


def test_missing_version_is_404(login, world):
    response = login("sergeant_a").get(f"/api/children/{world.child_a.id}/profiles/7")
    assert response.status_code == 404
    assert "versions 1 to 1" in response.get_json()["message"]
