"""GET /api/analysis/network on pairs whose links are known."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from shapely.geometry import Point

from locate.models import Associate, AuditEntry, EpisodeLink
from tests import factories
from tests.analysis_fixtures import ELSEWHERE, NOW, PARK, found_episode, sighting_at


def _kid(session, world, name):
    return factories.child(session, team_row=world.team_a, first_name=name, last_name="Test")


def _get(api, **query):
    response = api.get("/api/analysis/network", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _edge(body, a, b):
    key = {a.id, b.id}
    found = [e for e in body["edges"] if {e["source"], e["target"]} == key]
    return found[0] if found else None


def test_two_children_reported_together_are_linked(login, session, world):
    amy, ben, cal = (_kid(session, world, n) for n in ("Amy", "Ben", "Cal"))
    at = NOW - timedelta(days=3)
    found_episode(session, child_row=amy, team_row=world.team_a, where=PARK, reported_at=at)
    found_episode(session, child_row=ben, team_row=world.team_a, where=ELSEWHERE,
                  reported_at=at + timedelta(minutes=40),
                  last_seen=Point(PARK.x + 0.002, PARK.y))  # about 130 m away
    # Cal went missing at the same time but 5 km away: no link.
    found_episode(session, child_row=cal, team_row=world.team_a, where=Point(-1.40, 53.80),
                  reported_at=at, last_seen=ELSEWHERE)
    body = _get(login("coordinator"))
    edge = _edge(body, amy, ben)
    assert edge["reported_together"] == 1 and edge["weight"] == 1
    assert _edge(body, amy, cal) is None and _edge(body, ben, cal) is None
    # Narrower than 130 m, no link.
    assert _edge(_get(login("coordinator"), together_m=50), amy, ben) is None
    assert body["nodes"][0]["url"].startswith("/desk/children/")
    row = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "analysis_network").order_by(AuditEntry.id)).scalars().first()
    assert set(row.details["child_ids"]) == {amy.id, ben.id}


def test_found_and_sighted_together_and_recorded_links_add_up(login, session, world):
    amy, ben = _kid(session, world, "Amy"), _kid(session, world, "Ben")
    one = found_episode(session, child_row=amy, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=20), last_seen=ELSEWHERE)
    two = found_episode(session, child_row=ben, team_row=world.team_a, where=PARK,
                        reported_at=NOW - timedelta(days=20, hours=-3),
                        last_seen=Point(-1.40, 53.80), hours=2)
    seen_at = NOW - timedelta(days=20, hours=-4)
    sighting_at(session, episode_row=one, where=PARK, at=seen_at)
    sighting_at(session, episode_row=two, where=PARK, at=seen_at + timedelta(minutes=5))
    low, high = sorted((one.id, two.id))
    session.add(EpisodeLink(episode_id=low, linked_episode_id=high, note="left together"))
    session.flush()
    edge = _edge(_get(login("admin")), amy, ben)
    assert (edge["found_together"], edge["sighted_together"], edge["linked"],
            edge["reported_together"]) == (1, 1, 1, 0)
    assert edge["weight"] == 3


def test_shared_associates_link_children(login, session, world):
    amy, ben, cal = (_kid(session, world, n) for n in ("Amy", "Ben", "Cal"))
    # Days apart by position, not by id: ids keep rising across the suite (sequences do not
    # roll back), and an id-based offset drifts out of the desk's one-year window.
    for n, kid in enumerate((amy, ben, cal)):
        found_episode(session, child_row=kid, team_row=world.team_a, where=ELSEWHERE,
                      reported_at=NOW - timedelta(days=30 + n), last_seen=ELSEWHERE)
    session.add_all([
        Associate(child_id=amy.id, name="Dean Older", relationship_to_child="friend",
                  phone="07700 900123"),
        Associate(child_id=ben.id, name="D", relationship_to_child="friend", phone="07700900123"),
        Associate(child_id=cal.id, name="Dean Older", relationship_to_child="friend"),
    ])
    session.flush()
    body = _get(login("coordinator"), together_hours=0.25, together_m=10)
    assert _edge(body, amy, ben)["shared_associates"] == 1
    assert _edge(body, amy, cal) is None  # same name, nothing else shared


def test_the_child_between_two_groups_is_most_central(login, session, world):
    kids = [_kid(session, world, n) for n in ("Amy", "Ben", "Cal", "Dee", "Eve")]
    # Amy-Ben, Ben-Cal, Cal-Dee, Cal-Eve: Cal sits between everyone.
    pairs = [(0, 1), (1, 2), (2, 3), (2, 4)]
    for n, (a, b) in enumerate(pairs):
        at = NOW - timedelta(days=5 * n + 1)
        spot = Point(-1.50 + 0.02 * n, 53.80)
        for kid in (kids[a], kids[b]):
            found_episode(session, child_row=kid, team_row=world.team_a, where=spot,
                          reported_at=at, last_seen=spot, hours=1)
    body = _get(login("coordinator"))
    assert body["nodes"][0]["id"] == kids[2].id
    assert body["nodes"][0]["degree"] == 3
    assert body["nodes"][0]["betweenness"] > body["nodes"][1]["betweenness"]
    assert len(body["edges"]) == 4


def _chain(session, world, links):
    """Five children; `links` pairs (a, b, times): each time, the two found together on a
    different day and place."""
    kids = [_kid(session, world, n) for n in ("Amy", "Ben", "Cal", "Dee", "Eve")]
    day = 1
    for a, b, times in links:
        for _ in range(times):
            spot = Point(-1.50 + 0.02 * day, 53.80)
            for n in (a, b):  # last seen kilometres apart: only the finds link them
                found_episode(session, child_row=kids[n], team_row=world.team_a, where=spot,
                              reported_at=NOW - timedelta(days=3 * day),
                              last_seen=Point(-1.20 - 0.1 * n, 53.95), hours=1)
            day += 1
    return kids


def test_a_link_threshold_keeps_the_repeated_ties(login, session, world):
    # Amy and Ben found together three times; Ben and Cal once; Cal and Dee twice.
    kids = _chain(session, world, [(0, 1, 3), (1, 2, 1), (2, 3, 2)])
    body = _get(login("coordinator"), min_links=2)
    assert {frozenset((e["source"], e["target"])) for e in body["edges"]} == {
        frozenset((kids[0].id, kids[1].id)), frozenset((kids[2].id, kids[3].id))}
    assert body["total"] == {"children": 4, "links": 2} and body["truncated"] is False
    # Without the Ben-Cal tie, nobody stands between the two pairs.
    assert all(n["betweenness"] == 0 for n in body["nodes"])
    assert body["filter"]["min_links"] == 2
    assert "at least 2 links" in body["method"]["min_links"]
    everyone = _get(login("coordinator"))
    assert everyone["total"] == {"children": 4, "links": 3}
    assert everyone["filter"]["min_links"] == 1


def test_the_page_gets_the_strongest_links_and_the_totals_and_the_export_every_link(
        login, session, world):
    from locate.analysis import network
    from locate.models import User

    kids = _chain(session, world, [(0, 1, 3), (1, 2, 1), (2, 3, 2), (2, 4, 1)])
    coordinator = session.execute(sa.select(User).where(User.username == "coordinator")).scalar_one()
    body = network.network(session, actor=coordinator, edges_sent=1, nodes_sent=1)
    assert body["total"] == {"children": 5, "links": 4} and body["truncated"] is True
    [strongest] = body["edges"]
    assert {strongest["source"], strongest["target"]} == {kids[0].id, kids[1].id}
    # The most central child (Cal) and the two the strongest link reaches.
    assert [n["id"] for n in body["nodes"]][0] == kids[2].id
    assert {n["id"] for n in body["nodes"]} == {kids[0].id, kids[1].id, kids[2].id}
    row = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "analysis_network").order_by(AuditEntry.id.desc())).scalars().first()
    assert set(row.details["child_ids"]) == {kids[0].id, kids[1].id, kids[2].id}
    # The CSV export holds every link, with the threshold applied when asked.
    api = login("coordinator")
    for query, rows in (({}, 4), ({"min_links": 2}, 2)):
        response = api.post("/api/analysis/exports",
                            json={"analysis": "network", "format": "csv", **query})
        assert response.status_code == 200, response.get_json()
        assert len(response.data.decode().strip().splitlines()) == rows + 1
    graphml = api.post("/api/analysis/exports",
                       json={"analysis": "network", "format": "graphml", "min_links": 2})
    assert graphml.status_code == 200
    assert graphml.data.count(b"<edge ") == 2


def _grid_point(session, east_m, north_m):
    """The WGS84 point `east_m` and `north_m` metres from the park on the British National
    Grid (projected by PostGIS, as the stored metric copies are)."""
    lon, lat = session.execute(sa.text(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_Translate(ST_Transform("
        "ST_SetSRID(ST_MakePoint(:x, :y), 4326), 27700), :e, :n), 4326) AS p) q"),
        {"x": PARK.x, "y": PARK.y, "e": east_m, "n": north_m}).one()
    return Point(lon, lat)


def test_found_together_is_straight_line_metres_on_the_grid(login, session, world):
    # 300 m east and 390 / 410 m north: 492 m and 508 m on the grid, either side of 500 m.
    amy, ben, cal = (_kid(session, world, n) for n in ("Amy", "Ben", "Cal"))
    at = NOW - timedelta(days=9)
    # Last seen kilometres apart: only the finds can link them.
    for n, (kid, where) in enumerate(((amy, PARK), (ben, _grid_point(session, 300, 390)),
                                      (cal, _grid_point(session, -300, -410)))):
        found_episode(session, child_row=kid, team_row=world.team_a, where=where,
                      reported_at=at, last_seen=Point(-1.40 + n * 0.1, 53.80), hours=1)
    body = _get(login("coordinator"))
    assert _edge(body, amy, ben)["found_together"] == 1
    assert _edge(body, amy, cal) is None  # 508 m
    assert body["method"]["distance"].startswith("straight-line metres")


def test_bad_query_is_422(login, world):
    api = login("coordinator")
    for query in ({"together_hours": 0}, {"together_hours": "nan"}, {"together_m": 1},
                  {"min_links": 0}, {"min_links": 101}, {"min_links": "two"},
                  {"together_m": 10**9}, {"age_band": "x\x00"}, {"team_id": -1}):
        assert api.get("/api/analysis/network", query_string=query).status_code == 422, query
