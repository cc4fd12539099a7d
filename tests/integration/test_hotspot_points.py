"""hotspot_points is kept by the database: every found point and sighting is on it, with its
episode's child, team and report time, whoever writes, and the app's role can only read it.
The desk's counts from it equal the counts from the base tables."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from shapely.geometry import Point
from sqlalchemy.exc import DBAPIError

from locate.geo import to_db
from tests.analysis_fixtures import ELSEWHERE, NOW, PARK, found_episode, sighting_at

ROWS = sa.text("SELECT child_id, team_id, reported_at, found, x, y, cell500 "
               "FROM hotspot_points WHERE episode_id = :e ORDER BY found DESC, sighting_id")
# What the triggers should have written, from the base tables.
EXPECTED = sa.text("""
SELECT e.child_id, e.team_id, e.reported_at, true, floor(ST_X(e.found_metric))::int,
       floor(ST_Y(e.found_metric))::int
FROM episodes e WHERE e.id = :e AND e.found_metric IS NOT NULL
UNION ALL
SELECT e.child_id, e.team_id, e.reported_at, false, floor(ST_X(s.geom_metric))::int,
       floor(ST_Y(s.geom_metric))::int
FROM sightings s JOIN episodes e ON e.id = s.episode_id WHERE e.id = :e""")


def _rows(session, episode_id):
    session.flush()
    return sorted((tuple(r[:6]) for r in session.execute(ROWS, {"e": episode_id})), key=_order)


def _expected(session, episode_id):
    return sorted((tuple(r) for r in session.execute(EXPECTED, {"e": episode_id})), key=_order)


def _order(row):
    return (not row[3], row[4], row[5])


def test_found_points_and_sightings_are_written_and_follow_their_episode(session, world):
    row = found_episode(session, child_row=world.child_a, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=3))
    sighting_at(session, episode_row=row, where=ELSEWHERE, at=NOW - timedelta(days=3))
    assert _rows(session, row.id) == _expected(session, row.id) and len(_rows(session, row.id)) == 2
    # Found somewhere else after all: the old found point goes, the new one comes.
    row.found_geom = to_db(Point(-1.55, 53.80))
    assert _rows(session, row.id) == _expected(session, row.id)
    # The episode moves team and report time: its points move with it.
    row.team_id = world.team_b.id
    row.reported_at = row.reported_at + timedelta(hours=1)
    assert _rows(session, row.id) == _expected(session, row.id)
    assert {r[1] for r in _rows(session, row.id)} == {world.team_b.id}
    # Not found after all (a correction): only the sighting stays.
    row.found_geom = None
    assert [r[3] for r in _rows(session, row.id)] == [False]


def test_a_sighting_moved_or_deleted_is_followed(session, world):
    row = found_episode(session, child_row=world.child_a, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=2))
    seen = sighting_at(session, episode_row=row, where=ELSEWHERE, at=NOW - timedelta(days=2))
    seen.geom = to_db(PARK)
    assert _rows(session, row.id) == _expected(session, row.id)
    session.delete(seen)
    assert [r[3] for r in _rows(session, row.id)] == [True]


def test_the_500_m_cell_key_is_the_grid_cell(session, world):
    row = found_episode(session, child_row=world.child_a, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=1))
    x, y, key = session.execute(sa.text(
        "SELECT x, y, cell500 FROM hotspot_points WHERE episode_id = :e"), {"e": row.id}).one()
    assert key >> 32 == x // 500 and (key & 0xFFFFFFFF) - (1 << 31) == y // 500


@pytest.mark.parametrize("statement", [
    "INSERT INTO hotspot_points (episode_id, child_id, team_id, reported_at, x, y) "
    "SELECT id, child_id, team_id, reported_at, 0, 0 FROM episodes LIMIT 1",
    "UPDATE hotspot_points SET x = x + 1000",
    "DELETE FROM hotspot_points",
])
def test_the_app_role_cannot_write_it(session, world, statement):
    found_episode(session, child_row=world.child_a, team_row=world.team_a, where=PARK,
                  reported_at=NOW - timedelta(days=1))
    session.flush()
    nested = session.begin_nested()
    with pytest.raises(DBAPIError, match="permission denied"):
        session.execute(sa.text(statement))
    nested.rollback()


RAW_COUNTS = sa.text("""
WITH points AS (
    SELECT child_id, found_metric AS g FROM episodes
    WHERE found_metric IS NOT NULL AND reported_at >= :since
    UNION ALL
    SELECT e.child_id, s.geom_metric FROM sightings s JOIN episodes e ON e.id = s.episode_id
    WHERE e.reported_at >= :since)
SELECT floor(ST_X(g) / :cell)::int, floor(ST_Y(g) / :cell)::int, count(DISTINCT child_id),
       count(*)
FROM points GROUP BY 1, 2""")


@pytest.mark.parametrize("cell_m", [500, 250, 1000])
def test_the_desk_counts_equal_the_base_tables(login, session, world, cell_m):
    """The counts the desk reads from hotspot_points, at the stored 500 m cell and at other
    sizes, are the counts a join of episodes and sightings gives."""
    from locate.analysis.desk_filter import desk_filter
    from locate.analysis.hotspots import _cells, _children, _occupied
    from locate.models import User

    for n, (dx, dy) in enumerate([(0, 0), (0.002, 0.001), (0.01, -0.004), (0.0, 0.0)]):
        row = found_episode(session, child_row=world.child_a if n % 2 else world.child_b,
                            team_row=world.team_a, where=Point(PARK.x + dx, PARK.y + dy),
                            reported_at=NOW - timedelta(days=n + 1))
        sighting_at(session, episode_row=row, where=Point(PARK.x - dx, PARK.y + dy),
                    at=NOW - timedelta(days=n + 1))
    session.flush()
    since = NOW - timedelta(days=365)
    coordinator = session.execute(sa.select(User).where(User.username == "coordinator")).scalar_one()
    desk = desk_filter(coordinator, since=since, until=NOW + timedelta(minutes=1))
    occupied = _occupied(session, desk, cell_m)
    keys = [int(k) for k in occupied.keys]
    ids = _children(session, desk, cell_m, keys)
    mine = {tuple(map(int, ij)): (int(c), int(f) + int(s)) for ij, c, f, s in
            zip(_cells(occupied.keys), occupied.children, occupied.found, occupied.sightings,
                strict=True)}
    raw = {(i, j): (children, points) for i, j, children, points in
           session.execute(RAW_COUNTS, {"since": since, "cell": cell_m})}
    assert mine == raw and len(raw) >= 3
    assert all(len(ids[k]) == c for k, c in zip(keys, occupied.children, strict=True))


def test_many_points_written_in_one_statement_are_all_followed(session, world):
    """An import writes thousands of sightings in one INSERT ... SELECT (statement triggers
    with transition tables); every one of them is on the table."""
    row = found_episode(session, child_row=world.child_a, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=2))
    session.execute(sa.text("""
        INSERT INTO sightings (client_id, episode_id, observed_at, geom, source, confidence)
        SELECT gen_random_uuid(), :e, :at, ST_SetSRID(ST_MakePoint(-1.5 + n * 0.01, 53.8), 4326),
               'officer', 'high'
        FROM generate_series(1, 25) n"""), {"e": row.id, "at": NOW - timedelta(days=2)})
    rows = _rows(session, row.id)
    assert rows == _expected(session, row.id) and len(rows) == 26
    session.execute(sa.text("UPDATE sightings SET geom = ST_Translate(geom, 0.001, 0) "
                            "WHERE episode_id = :e"), {"e": row.id})
    assert _rows(session, row.id) == _expected(session, row.id)
