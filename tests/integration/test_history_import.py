"""import-history: a good file loads whole in one commit, a bad row stops everything with the
row, field and reason, and a second load of the same file adds nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from locate.analysis.history_import import load
from locate.domain.history_rows import COLUMNS
from locate.models import AuditEntry, Child, ChildProfile, Episode, Place, Sighting

TABLES = (Child, ChildProfile, Episode, Sighting, Place)


def counts(session):
    session.expire_all()
    return {t.__tablename__: session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in TABLES}


def rows(world):
    known = world.child_a.reference
    new = {"first_name": "Leah", "last_name": "Imported", "date_of_birth": "2010-02-03",
           "sex": "female", "placement_type": "foster_care"}
    base = {"team": "LDS", "last_seen_lon": "-1.55", "last_seen_lat": "53.80",
            "found_lon": "-1.54", "found_lat": "53.805", "found_place_kind": "friend_address",
            "found_by": "address_check", "risk_grade": "medium"}
    return [
        {**base, "child_ref": known, "episode_ref": "WY-2024-0001",
         "reported_at": "2024-03-01T21:00:00Z", "last_seen_at": "2024-03-01T20:30:00Z",
         "found_at": "2024-03-02T02:00:00+00:00",
         "sightings": "2024-03-01T22:10:00Z|-1.545|53.802;2024-03-01T23:00:00Z|-1.541|53.804",
         "rhi_places": "Boyfriend's flat|associate_address|-1.53|53.81"},
        {**base, **new, "child_ref": "NICHE-77", "episode_ref": "WY-2024-0002",
         "reported_at": "2024-04-05T18:00:00+01:00", "last_seen_at": "2024-04-05T17:15:00+01:00",
         "found_at": "2024-04-06T09:00:00+01:00", "risk_grade": "high"},
        {**base, "child_ref": "NICHE-77", "episode_ref": "WY-2024-0003",
         "reported_at": "2024-05-05T18:00:00Z", "last_seen_at": "2024-05-05T17:00:00Z",
         "found_at": "2024-05-05T23:00:00Z", "found_lon": "", "found_lat": "",
         "found_place_kind": "", "found_by": "returned_self"},
    ]


def as_csv(items) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(item)
    return out.getvalue().encode()


def as_geojson(items) -> bytes:
    features = []
    for item in items:
        props = {k: v for k, v in item.items() if k not in ("last_seen_lon", "last_seen_lat")}
        features.append({"type": "Feature", "properties": props, "geometry": {
            "type": "Point", "coordinates": [float(item["last_seen_lon"]),
                                             float(item["last_seen_lat"])]}})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.mark.parametrize("encode", [as_csv, as_geojson])
def test_a_good_file_loads_whole_and_a_second_load_adds_nothing(session, world, encode):
    before = counts(session)
    data = encode(rows(world))
    report = load(session, data=data, actor=world.admin, filename="history")
    assert report.committed, report.errors
    assert report.loaded == {"children": 1, "episodes": 3, "sightings": 2, "places": 1}
    after = counts(session)
    assert after["episodes"] == before["episodes"] + 3
    assert after["children"] == before["children"] + 1
    first = session.execute(sa.select(Episode).where(Episode.reference == "WY-2024-0001")).scalar_one()
    assert (first.status, first.child_id, first.risk_grade) == ("closed", world.child_a.id, "medium")
    place = session.execute(sa.select(Place).where(Place.episode_id == first.id)).scalar_one()
    assert (place.source, place.kind) == ("return_home_interview", "associate_address")
    assert place.created_at == first.found_at + timedelta(hours=72)
    third = session.execute(sa.select(Episode).where(Episode.reference == "WY-2024-0003")).scalar_one()
    assert third.found_geom is None and third.found_by == "returned_self"
    audit = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "history_import")).scalar_one()
    assert audit.details["sha256"] == report.sha256 and audit.user_id == world.admin.id

    again = load(session, data=data, actor=world.admin)
    assert again.committed and again.same_file_loaded_before
    assert again.loaded == {"children": 0, "episodes": 0, "sightings": 0, "places": 0}
    assert counts(session) == after

    # A later export overlapping this one: only its new episode goes in.
    more = rows(world) + [dict(rows(world)[2], episode_ref="WY-2024-0004",
                               reported_at="2024-06-05T18:00:00Z",
                               last_seen_at="2024-06-05T17:00:00Z",
                               found_at="2024-06-05T23:00:00Z")]
    overlap = load(session, data=encode(more), actor=world.admin)
    assert overlap.committed and not overlap.same_file_loaded_before
    assert overlap.already_loaded == 3 and overlap.loaded["episodes"] == 1
    assert counts(session)["episodes"] == after["episodes"] + 1


BAD = [
    ({"reported_at": "2024-03-01T21:00:00"}, "reported_at", "time zone"),
    ({"risk_grade": "absent"}, "risk_grade", "withdrawn"),
    ({"risk_grade": "amber"}, "risk_grade", "not one of"),
    ({"last_seen_lat": "95"}, "last_seen_lat", "from -90 to 90"),
    ({"last_seen_lon": "nan"}, "last_seen_lon", "number"),
    ({"found_lat": ""}, "found", "both longitude and latitude"),
    ({"team": "XYZ"}, "team", "no team with code"),
    ({"found_at": "2024-03-01T19:00:00Z"}, "found_at", "before last_seen_at"),
    ({"episode_ref": "x" * 30}, "episode_ref", "longer than 24"),
    ({"child_ref": "NEW-1"}, "child_ref", "not a child LOCATE knows"),
    ({"found_place_kind": "pub"}, "found_place_kind", "not one of"),
    ({"sightings": "2024-03-01T22:10:00Z|-1.5"}, "sightings", "time|lon|lat"),
    ({"rhi_places": "Flat|castle|-1.5|53.8"}, "rhi_places[1].kind", "not one of"),
    ({"first_name": "Jo\x00"}, "first_name", "NUL"),
    ({"episode_ref": ""}, "episode_ref", "required"),
]


@pytest.mark.parametrize(("change", "field", "reason"), BAD)
def test_one_bad_row_and_nothing_is_written(session, world, change, field, reason):
    items = rows(world)
    items[0] = {**items[0], **change}
    before = counts(session)
    report = load(session, data=as_csv(items), actor=world.admin)
    assert not report.committed
    assert any(e["row"] == 2 and e["field"] == field and reason in e["reason"]
               for e in report.errors), report.errors
    assert counts(session) == before
    assert session.execute(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.entity == "history_import")).scalar() == 0


def test_a_reference_twice_in_one_file_names_both_rows(session, world):
    items = rows(world)
    items[2]["episode_ref"] = items[1]["episode_ref"]
    report = load(session, data=as_csv(items), actor=world.admin)
    assert report.errors == [{"row": 4, "field": "episode_ref", "reason": "also on row 3"}]


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfe\x00binary", "not UTF-8"), (b"name,age\nx,1\n", "episode_ref"),
    (b'{"type": "Feature"}', "FeatureCollection"), (b"{not json", "does not parse")])
def test_files_that_are_not_the_format_are_refused(session, world, data, reason):
    report = load(session, data=data, actor=world.admin)
    assert not report.committed and reason in report.errors[0]["reason"]


def test_only_admins_import(session, world):
    from locate.domain.errors import Forbidden

    with pytest.raises(Forbidden):
        load(session, data=as_csv(rows(world)), actor=world.coordinator)


def test_the_admin_page_loads_a_file_and_shows_refusals(app, session, world):
    from tests import factories

    client = app.test_client()
    client.post("/api/session", json={"username": "admin", "password": factories.PASSWORD})
    page = client.get("/admin/import-history")
    assert page.status_code == 200
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    items = rows(world)
    bad = [dict(items[0], risk_grade="absent")] + items[1:]
    refused = client.post("/admin/import-history", data={
        "csrf_token": token, "history": (io.BytesIO(as_csv(bad)), "history.csv")},
        content_type="multipart/form-data")
    assert refused.status_code == 422 and "withdrawn" in refused.get_data(as_text=True)
    loaded = client.post("/admin/import-history", data={
        "csrf_token": token, "history": (io.BytesIO(as_csv(items)), "history.csv")},
        content_type="multipart/form-data")
    assert loaded.status_code == 200 and "3 episodes" in loaded.get_data(as_text=True)
    again = client.post("/admin/import-history", data={
        "csrf_token": token, "history": (io.BytesIO(as_csv(items)), "history.csv")},
        content_type="multipart/form-data")
    assert "Already loaded" in again.get_data(as_text=True)
    coordinator = app.test_client()
    coordinator.post("/api/session", json={"username": "coordinator",
                                           "password": factories.PASSWORD})
    assert coordinator.get("/admin/import-history").status_code == 403
