"""A small fixture force for the coordinator's desk: one repeat child in team A with a known
history (three finds at a friend's flat, one in a park, a return home interview place, a
profile place far away) and an open episode; plus what each test needs to find them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from shapely.geometry import Point

from locate.geo import to_db
from locate.models import Episode, Place, Sighting
from tests import factories

LAST_SEEN = Point(-1.5491, 53.8008)
FLAT = Point(-1.5400, 53.8050)       # about 750 m from last seen
PARK = Point(-1.5600, 53.7950)       # about 1 km
RHI_HOUSE = Point(-1.5300, 53.8100)  # about 1.6 km
FAR_AUNT = Point(-1.2000, 53.6000)   # about 32 km


def _found(session, w, *, reported, where, kind, hours=6):
    row = factories.episode(session, child_row=w.child, team_row=w.team_a, status="closed",
                            reported_at=reported, last_seen=LAST_SEEN)
    row.found_at = reported + timedelta(hours=hours)
    row.found_geom, row.found_place_kind, row.found_by = to_db(where), kind, "address_check"
    session.flush()
    return row


def repeat_child(session, world) -> SimpleNamespace:
    w = SimpleNamespace(**world.__dict__)
    w.child = factories.child(session, team_row=w.team_a, organisation_row=w.org_a,
                              first_name="Mia", last_name="Repeat")
    now = datetime.now(UTC)
    w.now = now
    w.past = [
        _found(session, w, reported=now - timedelta(days=200), where=PARK, kind="street_park"),
        _found(session, w, reported=now - timedelta(days=120), where=FLAT, kind="friend_address"),
        _found(session, w, reported=now - timedelta(days=60), where=FLAT, kind="friend_address"),
        _found(session, w, reported=now - timedelta(days=20), where=FLAT, kind="friend_address",
               hours=30),
    ]
    w.flat_place = Place(child_id=w.child.id, geom=to_db(FLAT), kind="friend_address",
                         name="Friend's flat, Hyde Park", source="philomena",
                         created_at=now - timedelta(days=300))
    w.rhi_place = Place(child_id=w.child.id, geom=to_db(RHI_HOUSE), kind="associate_address",
                        name="Older associate's house", source="return_home_interview",
                        episode_id=w.past[-1].id, created_at=now - timedelta(days=18))
    w.aunt_place = Place(child_id=w.child.id, geom=to_db(FAR_AUNT), kind="relative_address",
                         name="Aunt in Wakefield", source="philomena",
                         created_at=now - timedelta(days=300))
    session.add_all([w.flat_place, w.rhi_place, w.aunt_place])
    session.flush()
    w.open = factories.episode(session, child_row=w.child, team_row=w.team_a,
                               reported_at=now - timedelta(hours=2), last_seen=LAST_SEEN)
    session.add(Sighting(client_id=__import__("uuid").uuid4(), episode_id=w.past[0].id,
                         observed_at=w.past[0].reported_at + timedelta(hours=1),
                         geom=to_db(PARK), source="public", confidence="medium"))
    session.flush()
    return w


def episode_ids(session, child) -> list[int]:
    return [e.id for e in session.query(Episode).filter_by(child_id=child.id)]
