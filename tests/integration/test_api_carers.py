"""Carers keep the Philomena profile: their list with each profile's currency, confirming a
profile, every save counting as a confirmation, what changed since the last episode, and a
transfer of placement after which the old organisation sees nothing of the child."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.models import Associate, AuditEntry, Child, ChildProfile, ChildTransfer, Photo, Place
from tests import factories

from .test_bad_input_sweep import row_counts


def last_audit(session):
    session.expire_all()
    return session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                           ).scalar_one()


def set_times(session, child, *, photo_days=None, confirmed_days=None, version_days=None):
    """Age the child's current photo, last confirmation and current version (the API rightly
    cannot set times in the past)."""
    now = datetime.now(UTC)
    profile = session.execute(sa.select(ChildProfile).where(
        ChildProfile.child_id == child.id, ChildProfile.version == child.current_version)
    ).scalar_one()
    if photo_days is not None:
        photo = Photo(content_type="image/jpeg", data=b"jpeg", sha256=hashlib.sha256(
            str(child.id).encode()).hexdigest(), created_at=now - timedelta(days=photo_days))
        session.add(photo)
        session.flush()
        profile.photo_id = photo.id
    if version_days is not None:
        profile.created_at = now - timedelta(days=version_days)
    if confirmed_days is not None:
        child.profile_confirmed_at = now - timedelta(days=confirmed_days)
    session.flush()


def assert_refused(session, api, url, body, status):
    """A refused write: the status, a message, and no row written anywhere."""
    before = row_counts(session)
    response = api.post(url, json=body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert row_counts(session) == before


def carer_list(api):
    response = api.get("/api/carer/children")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- the carer's list ----------------------------------------------------------------------

def test_a_carer_lists_their_organisations_children_only_with_currency(login, session, world):
    set_times(session, world.child_a, version_days=10)
    body = carer_list(login("partner_a"))
    assert [i["id"] for i in body["items"]] == [world.child_a.id] and body["total"] == 1
    [item] = body["items"]
    assert item["currency"]["flags"] == ["no_photo"]
    assert item["currency"]["confirmed_days"] == 10
    assert item["report_url"] == f"/report?child={world.child_a.id}"
    assert item["edit_url"] == f"/carer/children/{world.child_a.id}"
    assert (body["photo_max_days"], body["confirm_max_days"]) == (90, 90)
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.username) == ("view", "carer_child_list",
                                                            "partner_a")
    assert audit.details["child_ids"] == [world.child_a.id]
    assert [i["id"] for i in carer_list(login("partner_b"))["items"]] == [world.child_b.id]


def test_an_old_photo_and_an_old_confirmation_are_flagged(login, session, world):
    set_times(session, world.child_a, photo_days=100, confirmed_days=120, version_days=200)
    [item] = carer_list(login("partner_a"))["items"]
    assert item["currency"]["flags"] == ["photo_old", "not_confirmed"]
    assert item["currency"]["flag_text"] == ["Photo older than 90 days",
                                             "Not confirmed for 90 days"]
    set_times(session, world.child_a, photo_days=3, confirmed_days=89)
    [item] = carer_list(login("partner_a"))["items"]
    assert item["currency"]["current"] is True and item["currency"]["photo_days"] == 3


def test_the_thresholds_are_settings(app, login, session, world):
    set_times(session, world.child_a, photo_days=20, confirmed_days=20, version_days=20)
    app.config.update(PROFILE_PHOTO_MAX_DAYS=14, PROFILE_CONFIRM_MAX_DAYS=30)
    try:
        [item] = carer_list(login("partner_a"))["items"]
    finally:
        app.config.update(PROFILE_PHOTO_MAX_DAYS=90, PROFILE_CONFIRM_MAX_DAYS=90)
    assert item["currency"]["flags"] == ["photo_old"]


# --- confirming, and saving as confirming ---------------------------------------------------

def test_confirming_records_who_and_when_and_is_audited(login, session, world):
    set_times(session, world.child_a, confirmed_days=200, version_days=200)
    api = login("partner_a")
    response = api.post(f"/api/children/{world.child_a.id}/confirm", json={"version": 1})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["currency"]["confirmed_days"] == 0
    session.expire_all()
    child = session.get(Child, world.child_a.id)
    assert child.profile_confirmed_by_id == world.partner_a.id
    assert datetime.now(UTC) - child.profile_confirmed_at < timedelta(minutes=5)
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.child_id) == (
        "update", "child_profile_confirmation", world.child_a.id)
    assert "not_confirmed" not in carer_list(api)["items"][0]["currency"]["flags"]


def test_saving_a_new_version_counts_as_confirming(login, session, world):
    set_times(session, world.child_a, confirmed_days=200, version_days=200)
    api = login("partner_a")
    assert "not_confirmed" in carer_list(api)["items"][0]["currency"]["flags"]
    response = api.patch(f"/api/children/{world.child_a.id}",
                         json={"version": 1, "medical_needs": "Inhaler"})
    assert response.status_code == 200, response.get_json()
    [item] = carer_list(api)["items"]
    assert item["version"] == 2 and item["currency"]["confirmed_days"] == 0
    session.expire_all()
    assert session.get(Child, world.child_a.id).profile_confirmed_by_id == world.partner_a.id


@pytest.mark.parametrize(("username", "child", "body", "status"), [
    ("partner_a", "child_a", {"version": 2}, 409),  # not the version they read
    ("partner_a", "child_b", {"version": 1}, 404),  # another organisation's child
    ("partner_a", "child_a", {"version": "1"}, 422),
    ("partner_a", "child_a", {"version": 0}, 422),
    ("partner_a", "child_a", {}, 422),
    ("partner_a", "child_a", {"version": 1, "note": "x"}, 422),
    ("coordinator", "child_a", {"version": 1}, 403),
    ("constable_a", "child_a", {"version": 1}, 403),
])
def test_bad_confirmations_write_nothing(login, session, world, username, child, body, status):
    api = login(username)
    confirmed = session.get(Child, getattr(world, child).id).profile_confirmed_at
    assert_refused(session, api, f"/api/children/{getattr(world, child).id}/confirm", body,
                   status)
    session.expire_all()
    assert session.get(Child, getattr(world, child).id).profile_confirmed_at == confirmed


# --- what changed since the last episode ----------------------------------------------------

def test_changes_since_the_last_episode(login, session, world):
    child = world.child_a
    past = factories.episode(session, child_row=child, team_row=world.team_a, status="closed",
                             reported_at=datetime.now(UTC) - timedelta(days=30))
    set_times(session, child, version_days=60)  # version 1 was current when it was reported
    api = login("partner_a")
    assert api.patch(f"/api/children/{child.id}", json={
        "version": 1, "phones": ["07700 900555 (new mobile)"], "height_cm": 160,
        "exploitation_indicators": ["older associates"]}).status_code == 200
    assert api.post(f"/api/children/{child.id}/associates", json={
        "name": "Dean", "relationship": "older friend"}).status_code == 201
    response = login("constable_a").get(f"/api/children/{child.id}/changes-since-last-episode")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    # The open episode_a is this search, not "the last episode".
    assert body["episode"]["id"] == past.id
    assert (body["from_version"], body["to_version"]) == (1, 2)
    assert [c["field"] for c in body["changes"]] == ["height_cm", "exploitation_indicators",
                                                    "phones"]
    assert body["changes"][2]["added"] == ["07700 900555 (new mobile)"]
    assert [a["name"] for a in body["new_associates"]] == ["Dean"]
    # place_a was added in this test's transaction too, after the episode.
    assert [p["id"] for p in body["new_places"]] == [world.place_a.id]
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.child_id, audit.username) == (
        "view", "child_profile_changes", child.id, "constable_a")


def test_no_earlier_episode_means_nothing_to_compare(login, session, world):
    body = login("sergeant_a").get(
        f"/api/children/{world.child_a.id}/changes-since-last-episode").get_json()
    assert body["episode"] is None and body["changes"] == [] and body["to_version"] == 1


def test_changes_of_a_child_you_cannot_see_are_404_and_unaudited(login, session, world):
    api = login("partner_a")
    before = row_counts(session)
    response = api.get(f"/api/children/{world.child_b.id}/changes-since-last-episode")
    assert response.status_code == 404
    assert row_counts(session) == before


# --- transfer of placement ------------------------------------------------------------------

def _reads(api, world):
    child, episode = world.child_a.id, world.episode_a.id
    return {
        "card": api.get(f"/api/children/{child}").status_code,
        "episode": api.get(f"/api/episodes/{episode}").status_code,
        "places": api.get(f"/api/children/{child}/places").status_code,
        "places_filter": api.get(f"/api/places?child_id={child}").status_code,
        "versions": api.get(f"/api/children/{child}/profiles").status_code,
        "sightings": api.get(f"/api/episodes/{episode}/sightings").status_code,
        "listed": child in [i["id"] for i in carer_list(api)["items"]],
    }


@pytest.mark.parametrize("who", ["partner_a", "sergeant_a", "admin"])
def test_a_transfer_moves_the_child_and_the_old_organisation_loses_it(login, session, world,
                                                                      who):
    old, new = login("partner_a"), login("partner_b")
    assert _reads(old, world) == {"card": 200, "episode": 200, "places": 200,
                                  "places_filter": 200, "versions": 200, "sightings": 200,
                                  "listed": True}
    response = login(who).post(f"/api/children/{world.child_a.id}/transfer", json={
        "organisation_id": world.org_b.id, "reason": "Placement ended; moved to Elm House"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["from_organisation_id"], body["to_organisation_id"]) == (world.org_a.id,
                                                                          world.org_b.id)
    assert (body["from_team_id"], body["to_team_id"]) == (world.team_a.id, world.team_b.id)
    row = session.execute(sa.select(ChildTransfer)).scalar_one()
    assert (row.child_id, row.by_id) == (world.child_a.id, getattr(world, who).id)
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.child_id) == ("update", "child_transfer",
                                                            world.child_a.id)
    assert audit.details["reason"] == "Placement ended; moved to Elm House"
    assert _reads(old, world) == {"card": 404, "episode": 404, "places": 404,
                                  "places_filter": 404, "versions": 404, "sightings": 404,
                                  "listed": False}
    assert _reads(new, world) == {"card": 200, "episode": 200, "places": 200,
                                  "places_filter": 200, "versions": 200, "sightings": 200,
                                  "listed": True}
    # The profile moved with the child, history and all.
    assert new.get(f"/api/children/{world.child_a.id}").get_json()["profile"]["first_name"] == "Jade"
    # The old carer cannot transfer it back, nor confirm or edit it.
    assert old.post(f"/api/children/{world.child_a.id}/transfer", json={
        "organisation_id": world.org_a.id, "reason": "Back"}).status_code == 404
    assert old.patch(f"/api/children/{world.child_a.id}",
                     json={"version": 1, "hair": "red"}).status_code == 404


@pytest.mark.parametrize(("username", "child", "body", "status"), [
    ("partner_a", "child_a", {"organisation_id": 999999, "reason": "Moved"}, 422),
    ("partner_a", "child_a", {"organisation_id": "org_a", "reason": "Moved"}, 422),
    ("partner_a", "child_a", {"organisation_id": "2", "reason": "Moved"}, 422),
    ("partner_a", "child_a", {"organisation_id": 1.5, "reason": "Moved"}, 422),
    ("partner_a", "child_a", {"organisation_id": None, "reason": "Moved"}, 422),
    ("partner_a", "child_a", {"organisation_id": "ORG_B"}, 422),  # no reason
    ("partner_a", "child_a", {"organisation_id": "ORG_B", "reason": ""}, 422),
    ("partner_a", "child_a", {"organisation_id": "ORG_B", "reason": ["Moved"]}, 422),
    ("partner_a", "child_a", {"organisation_id": "ORG_B", "reason": "Moved\u0000"}, 422),
    ("partner_a", "child_a", {"organisation_id": "ORG_A", "reason": "Same home"}, 422),
    ("partner_a", "child_b", {"organisation_id": "ORG_A", "reason": "Taking it"}, 404),
    ("partner_b", "child_a", {"organisation_id": "ORG_B", "reason": "Taking it"}, 404),
    ("sergeant_b", "child_a", {"organisation_id": "ORG_B", "reason": "Moved"}, 404),
    ("constable_a", "child_a", {"organisation_id": "ORG_B", "reason": "Moved"}, 403),
    ("coordinator", "child_a", {"organisation_id": "ORG_B", "reason": "Moved"}, 403),
])
def test_bad_transfers_write_nothing(login, session, world, username, child, body, status):
    body = {k: ({"ORG_A": world.org_a.id, "ORG_B": world.org_b.id}.get(v, v)
                if isinstance(v, str) and k == "organisation_id" else v)
            for k, v in body.items()}
    api = login(username)
    assert_refused(session, api, f"/api/children/{getattr(world, child).id}/transfer", body,
                   status)
    session.expire_all()
    assert session.get(Child, world.child_a.id).organisation_id == world.org_a.id


def test_a_risk_assessed_location_is_a_place_kind(login, session, world):
    response = login("partner_a").post(f"/api/children/{world.child_a.id}/places", json={
        "geometry": {"type": "Point", "coordinates": [-1.55, 53.80]},
        "kind": "risk_assessed_location", "name": "Flat above the takeaway",
        "source": "philomena"})
    assert response.status_code == 201, response.get_json()
    assert session.get(Place, response.get_json()["id"]).kind == "risk_assessed_location"


# --- correcting an associate ----------------------------------------------------------------

def _associate(session, child, name="Dean"):
    row = Associate(child_id=child.id, name=name, relationship_to_child="older friend")
    session.add(row)
    session.flush()
    return row


def test_a_carer_corrects_an_associate(login, session, world):
    dean = _associate(session, world.child_a)
    response = login("partner_a").patch(
        f"/api/children/{world.child_a.id}/associates/{dean.id}",
        json={"phone": "07700 900777", "concern": "Seen with her late at night",
              "relationship": "older boyfriend"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["phone"], body["relationship"]) == ("07700 900777", "older boyfriend")
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.entity_id, audit.child_id) == (
        "update", "associate", str(dean.id), world.child_a.id)
    assert audit.details["fields"] == ["concern", "phone", "relationship"]
    cleared = login("partner_a").patch(
        f"/api/children/{world.child_a.id}/associates/{dean.id}", json={"concern": None})
    assert cleared.status_code == 200 and cleared.get_json()["concern"] is None


@pytest.mark.parametrize(("username", "path", "body", "status"), [
    ("partner_a", "a/own", {}, 422),
    ("partner_a", "a/own", {"phone": 7700900777}, 422),
    ("partner_a", "a/own", {"name": ""}, 422),
    ("partner_a", "a/own", {"name": None}, 422),
    ("partner_a", "a/own", {"name": "De\u0000an"}, 422),
    ("partner_a", "a/own", {"age_estimate": 500}, 422),
    ("partner_a", "a/own", {"location": {"type": "Point", "coordinates": [500, 0]}}, 422),
    ("partner_a", "a/own", {"child_id": 2}, 422),
    ("partner_a", "a/other", {"phone": "07700 900777"}, 404),  # child_b's, via child_a
    ("partner_a", "b/other", {"phone": "07700 900777"}, 404),  # another organisation's
    ("partner_b", "a/own", {"phone": "07700 900777"}, 404),
    ("constable_a", "a/own", {"phone": "07700 900777"}, 403),
])
def test_bad_associate_edits_write_nothing(login, session, world, username, path, body,
                                           status):
    own, other = _associate(session, world.child_a), _associate(session, world.child_b, "Kim")
    side, which = path.split("/")
    child = world.child_a if side == "a" else world.child_b
    associate = own if which == "own" else other
    api = login(username)
    before = row_counts(session)
    response = api.patch(f"/api/children/{child.id}/associates/{associate.id}", json=body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert row_counts(session) == before
    session.expire_all()
    assert session.get(Associate, own.id).phone is None
    assert session.get(Associate, other.id).phone is None
