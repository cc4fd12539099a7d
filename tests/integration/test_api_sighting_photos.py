"""A sighting's photo: attached once by whoever recorded it, cleaned of metadata, resends
harmless, served to those who may see the episode, every view audited."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Event, Photo, Sighting
from tests import factories
from tests.images import GPS_TAG, image_bytes
from tests.images import NOT_IMAGES as BAD

TABLES = (Photo, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def send(api, sighting_id, data, name="photo.jpg", content_type="image/jpeg"):
    return api.post(f"/api/sightings/{sighting_id}/photo",
                    data={"photo": (io.BytesIO(data), name, content_type)},
                    content_type="multipart/form-data")


def last(session, model):
    return session.execute(sa.select(model).order_by(model.id.desc()).limit(1)).scalar_one()


def test_recorder_attaches_a_cleaned_photo_once_and_resends_store_nothing(login, session,
                                                                           world):
    api = login("constable_a")
    sighting = world.sighting_a
    before = counts(session)
    first = send(api, sighting.id, image_bytes())
    assert first.status_code == 201, first.get_json()
    feature = first.get_json()
    url = feature["properties"]["photo_url"]
    assert url.startswith("/api/photos/") and feature["id"] == sighting.id
    event = last(session, Event)
    assert (event.type, event.team_id, event.episode_id) == (
        "sighting.updated", world.team_a.id, world.episode_a.id)
    assert event.payload["properties"]["photo_url"] == url
    assert errors_for(event.type, event.payload) == {}
    audit = last(session, AuditEntry)
    assert (audit.action, audit.entity, audit.entity_id, audit.child_id) == (
        "update", "sighting", str(sighting.id), world.child_a.id)
    after = counts(session)
    assert after == tuple(b + 1 for b in before)

    # The phone lost the answer and sends the same photo again: nothing new is stored.
    again = send(api, sighting.id, image_bytes())
    assert again.status_code == 200 and again.get_json()["properties"]["photo_url"] == url
    assert counts(session) == after

    # A different photo for the same sighting is refused.
    other = send(api, sighting.id, image_bytes(size=(500, 500), with_gps=False))
    assert other.status_code == 409 and "already" in other.get_json()["message"]
    assert counts(session) == after

    served = login("sergeant_a").get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "no-store"
    with Image.open(io.BytesIO(served.data)) as image:
        assert max(image.size) == 1600 and not image.getexif().get_ifd(GPS_TAG)
    audit = last(session, AuditEntry)
    assert (audit.action, audit.entity, audit.child_id, audit.username) == (
        "view", "photo", world.child_a.id, "sergeant_a")


def test_photo_url_is_in_lists_and_null_without_a_photo(login, world):
    api = login("sergeant_a")
    listed = api.get(f"/api/episodes/{world.episode_a.id}/sightings").get_json()
    assert [f["properties"]["photo_url"] for f in listed["features"]] == [None]
    send(login("constable_a"), world.sighting_a.id, image_bytes(with_gps=False))
    listed = api.get("/api/sightings").get_json()
    assert listed["features"][0]["properties"]["photo_url"].startswith("/api/photos/")


@pytest.mark.parametrize("user", ["constable_b", "sergeant_b", "partner_b"])
def test_sighting_photo_of_another_team_is_404(login, world, user):
    url = send(login("constable_a"), world.sighting_a.id,
               image_bytes(with_gps=False)).get_json()["properties"]["photo_url"]
    assert login(user).get(url).status_code == 404


@pytest.mark.parametrize(("user", "status"), [
    ("sergeant_a", 403),     # sees it, did not record it
    ("constable_b", 404),    # another team's sighting
    ("partner_b", 404),
    ("coordinator", 403),    # may not record sightings at all
])
def test_only_the_recorder_may_attach(login, session, world, user, status):
    api = login(user)
    before = counts(session)
    response = send(api, world.sighting_a.id, image_bytes())
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before
    session.expire_all()
    assert session.get(Sighting, world.sighting_a.id).photo_id is None


@pytest.mark.parametrize("case", sorted(BAD))
def test_not_an_image_is_422_and_writes_nothing(login, session, world, case):
    api = login("constable_a")
    before = counts(session)
    data, name, kind = BAD[case]
    response = send(api, world.sighting_a.id, data, name=name,
                    content_type=kind)
    assert response.status_code == 422, (case, response.get_json())
    assert response.get_json()["message"]
    assert counts(session) == before


def test_too_big_missing_file_json_body_and_unknown_sighting(login, session, world, app):
    api = login("constable_a")
    before = counts(session)
    big = image_bytes(size=(10, 10), with_gps=False) + b"\x00" * (app.config["PHOTO_MAX_BYTES"] + 1)
    assert send(api, world.sighting_a.id, big).status_code == 422
    huge = b"\xff\xd8\xff" + b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert send(api, world.sighting_a.id, huge).status_code == 413
    no_file = api.post(f"/api/sightings/{world.sighting_a.id}/photo", data={"photo": "text"},
                       content_type="multipart/form-data")
    assert no_file.status_code == 422
    as_json = api.post(f"/api/sightings/{world.sighting_a.id}/photo", json={"photo": "AAAA"})
    assert as_json.status_code == 422
    assert send(api, 999_999, image_bytes()).status_code == 404
    assert api.post("/api/sightings/abc/photo").status_code == 404
    assert counts(session) == before


def test_uploads_are_limited_per_user(login, session, world, app):
    api = login("constable_a")
    before = counts(session)
    app.config["UPLOAD_RATE_LIMIT"] = "1 per minute"
    try:
        other = factories.sighting(session, episode_row=world.episode_a, by=world.constable_a)
        assert send(api, world.sighting_a.id, image_bytes(with_gps=False)).status_code == 201
        after_one = counts(session)
        refused = send(api, other.id, image_bytes(with_gps=False))
        assert refused.status_code == 429 and "Wait a minute" in refused.get_json()["message"]
        assert counts(session) == after_one != before
        # The limit is the user's, not everyone's: a sergeant may still upload a child photo.
        boss = login("sergeant_a")
        card = boss.get(f"/api/children/{world.child_a.id}").get_json()
        response = boss.post(f"/api/children/{world.child_a.id}/photo", data={
            "version": str(card["version"]), "photo": (io.BytesIO(image_bytes()), "p.jpg", "image/jpeg")},
            content_type="multipart/form-data")
        assert response.status_code == 201
    finally:
        app.config["UPLOAD_RATE_LIMIT"] = "30 per minute;300 per hour"
