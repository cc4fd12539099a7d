"""GET /api/analysis/hotspots on a small force whose hot spot is known: three children found
at one park."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from locate.models import AuditEntry
from tests.analysis_fixtures import ELSEWHERE, NOW, PARK, found_episode, park_children


def _get(api, **query):
    response = api.get("/api/analysis/hotspots", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_three_children_found_at_one_park_are_a_99_percent_hot_spot(login, session, world):
    kids = park_children(session, world)
    loner = kids[0]
    found_episode(session, child_row=loner, team_row=world.team_a, where=ELSEWHERE,
                  reported_at=NOW - timedelta(days=40))
    body = _get(login("coordinator"))
    assert body["method"]["statistic"] == "Getis-Ord Gi*"
    assert body["method"]["correction"].startswith("Benjamini-Hochberg")
    assert body["method"]["study_cells"] > 1000  # both teams' areas at 500 m
    [spot] = body["hotspots"]
    assert spot["children"] == 3 and spot["found"] == 3 and spot["confidence"] == 99
    assert [c["name"] for c in spot["children_named"]] == ["Park0 Child", "Park1 Child",
                                                           "Park2 Child"]
    assert spot["children_named"][0]["url"] == f"/desk/children/{kids[0].id}"
    lon, lat = PARK.x, PARK.y
    [ring] = spot["geometry"]["coordinates"]
    assert min(x for x, _ in ring) <= lon <= max(x for x, _ in ring)
    assert min(y for _, y in ring) <= lat <= max(y for _, y in ring)
    # The map has the park cell and its neighbours; the loner's cell holds one child: not shown.
    hot = [f for f in body["cells"]["features"] if f["properties"]["confidence"] > 0]
    assert len(hot) == 9 and {f["properties"]["window_children"] for f in hot} == {3}
    # Reading it is audited, with the children named.
    row = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "analysis_hotspots")).scalars().one()
    assert row.action == "view" and sorted(row.details["child_ids"]) == sorted(k.id for k in kids)
    assert row.details["filter"]["cell_m"] == 500


def test_filters_narrow_what_is_counted(login, session, world):
    kids = park_children(session, world)
    api = login("admin")
    assert _get(api, team_id=world.team_b.id)["hotspots"] == []
    assert _get(api, age_band="15_17")["hotspots"] == []
    assert len(_get(api, age_band="12_14")["hotspots"]) == 1
    since = (NOW - timedelta(days=10, hours=1)).isoformat()
    assert _get(api, since=since)["hotspots"] == []  # only one of the three is that recent
    # With one child enough, the newest park child's cell shows (beside the world's sightings).
    singles = _get(api, min_children=1, since=since)["hotspots"]
    assert kids[0].id in {c["id"] for s in singles for c in s["children_named"]}


def test_two_children_are_not_a_hot_spot_when_min_children_is_three(login, session, world):
    park_children(session, world, count=2)
    api = login("coordinator")
    assert len(_get(api)["hotspots"]) == 1
    assert _get(api, min_children=3)["hotspots"] == []


def test_sightings_count_as_well_as_found_places(login, session, world):
    from tests.analysis_fixtures import sighting_at

    kids = park_children(session, world, count=1)
    other = world.child_a
    sighting_at(session, episode_row=world.episode_a, where=PARK, at=NOW - timedelta(hours=1))
    spot = _get(login("coordinator"))["hotspots"][0]
    assert spot["found"] == 1 and spot["sightings"] == 1
    assert {c["id"] for c in spot["children_named"]} == {kids[0].id, other.id}


def test_bad_filters_are_422(login, world):
    api = login("coordinator")
    for query in ({"cell_m": 10}, {"cell_m": "big"}, {"age_band": "teen"},
                  {"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
                  {"since": "2026-01-01"}, {"team_id": "x"}, {"nope": 1}):
        assert api.get("/api/analysis/hotspots", query_string=query).status_code == 422, query


def test_a_crowded_cell_names_its_most_frequent_children_and_counts_the_rest(login, session,
                                                                             world):
    """A city-centre cell of a national force holds hundreds of children: the list names the
    ones found or sighted there most often (at most name_limit), says how many more, and the
    export names them all."""
    from locate.analysis.hotspots import hotspots
    from locate.models import Episode, User
    from tests.analysis_fixtures import sighting_at

    kids = park_children(session, world)
    regular = kids[2]
    episode = session.execute(sa.select(Episode).where(Episode.child_id == regular.id)).scalar_one()
    for hours in (1, 2):
        sighting_at(session, episode_row=episode, where=PARK,
                    at=NOW - timedelta(days=12, hours=hours))
    coordinator = session.execute(sa.select(User).where(User.username == "coordinator")).scalar_one()
    [spot] = hotspots(session, actor=coordinator, name_limit=1)["hotspots"]
    assert spot["children"] == 3 and spot["children_not_named"] == 2
    assert [c["id"] for c in spot["children_named"]] == [regular.id]
    [spot] = _get(login("coordinator"))["hotspots"]  # the API names up to 50
    assert len(spot["children_named"]) == 3 and spot["children_not_named"] == 0
