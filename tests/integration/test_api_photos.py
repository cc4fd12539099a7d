"""Child photos: accepted by their bytes, cleaned of metadata, served only to those who may
see the child, every view audited."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from locate.domain.images import fit_within, sniff
from locate.models import AuditEntry, ChildProfile, Event, Photo
from tests.images import GPS_TAG, image_bytes
from tests.images import NOT_IMAGES as BAD

TABLES = (Photo, ChildProfile, Event, AuditEntry)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def upload(api, child, data, version=1, name="photo.jpg", content_type="image/jpeg"):
    return api.post(f"/api/children/{child.id}/photo",
                    data={"version": str(version), "photo": (io.BytesIO(data), name, content_type)},
                    content_type="multipart/form-data")


def test_the_fixture_really_carries_gps():
    with Image.open(io.BytesIO(image_bytes())) as image:
        assert image.getexif().get_ifd(GPS_TAG)


def test_upload_cleans_resizes_and_serves_to_those_who_may_see(login, session, world):
    api = login("partner_a")
    response = upload(api, world.child_a, image_bytes())
    assert response.status_code == 201, response.get_json()
    card = response.get_json()
    assert card["version"] == 2 and card["photo_url"].startswith("/api/photos/")
    served = login("constable_a").get(card["photo_url"])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "no-store"
    with Image.open(io.BytesIO(served.data)) as image:
        assert max(image.size) == 1600 and image.size == fit_within(2400, 1800, 1600)
        exif = image.getexif()
        assert not exif.get_ifd(GPS_TAG) and 0x010F not in exif
    audit = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                            ).scalar_one()
    assert (audit.action, audit.entity, audit.child_id, audit.username) == (
        "view", "photo", world.child_a.id, "constable_a")
    again = login("constable_a").get(card["photo_url"],
                                     headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("user", ["constable_b", "sergeant_b", "partner_b"])
def test_photo_of_a_child_you_cannot_see_is_404(login, world, user):
    url = upload(login("sergeant_a"), world.child_a, image_bytes()).get_json()["photo_url"]
    assert login(user).get(url).status_code == 404


def test_unknown_photo_is_404(login, world):
    api = login("admin")
    assert api.get("/api/photos/6f1c1a2e-2f55-4c1d-9a4e-7d1a0c9d2b11").status_code == 404
    assert api.get("/api/photos/not-a-uuid").status_code == 404


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(login, session, world, fmt):
    response = upload(login("sergeant_a"), world.child_a,
                      image_bytes(fmt, size=(300, 400), with_gps=False))
    assert response.status_code == 201, response.get_json()
    photo = session.execute(sa.select(Photo).order_by(Photo.created_at.desc()).limit(1)
                            ).scalar_one()
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 300, 400)
    assert sniff(photo.data) == "image/jpeg"


@pytest.mark.parametrize("case", sorted(BAD))
def test_not_an_image_is_422_and_writes_nothing(login, session, world, case):
    api = login("sergeant_a")
    before = counts(session)
    data, name, kind = BAD[case]
    response = upload(api, world.child_a, data, name=name, content_type=kind)
    assert response.status_code == 422, (case, response.get_json())
    assert response.get_json()["message"]
    assert counts(session) == before


def test_over_the_photo_limit_is_422_and_over_the_request_limit_413(login, session, world, app):
    api = login("sergeant_a")
    before = counts(session)
    limit = app.config["PHOTO_MAX_BYTES"]
    assert limit == 5 * 1024 * 1024 < app.config["MAX_CONTENT_LENGTH"]
    big = image_bytes(size=(10, 10), with_gps=False) + b"\x00" * (limit + 1)
    response = upload(api, world.child_a, big)
    assert response.status_code == 422 and "limit" in response.get_json()["message"]
    huge = b"\xff\xd8\xff" + b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert upload(api, world.child_a, huge).status_code == 413
    assert counts(session) == before


@pytest.mark.parametrize(("form", "status"), [
    ({"version": "1"}, 422),                       # no file
    ({"photo": "not a file", "version": "1"}, 422),
    ({}, 422),                                     # neither
])
def test_missing_file_or_version_is_422(login, session, world, form, status):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/children/{world.child_a.id}/photo", data=form,
                        content_type="multipart/form-data")
    assert response.status_code == status
    assert counts(session) == before


def test_stale_version_is_409_and_writes_nothing(login, session, world):
    api = login("sergeant_a")
    assert upload(api, world.child_a, image_bytes(with_gps=False)).status_code == 201
    before = counts(session)
    response = upload(api, world.child_a, image_bytes(with_gps=False), version=1)
    assert response.status_code == 409
    assert counts(session) == before


@pytest.mark.parametrize(("user", "child", "status"), [
    ("constable_a", "child_a", 403), ("coordinator", "child_b", 403),
    ("sergeant_a", "child_b", 404), ("partner_b", "child_a", 404)])
def test_upload_access(login, session, world, user, child, status):
    api = login(user)
    before = counts(session)
    assert upload(api, getattr(world, child), image_bytes()).status_code == status
    assert counts(session) == before


def test_sniff_and_fit_rules():
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"GIF89a") is None
    assert fit_within(800, 600, 1600) == (800, 600)
    assert fit_within(1000, 4000, 1600) == (400, 1600)
    with pytest.raises(ValueError):
        fit_within(0, 10, 100)
