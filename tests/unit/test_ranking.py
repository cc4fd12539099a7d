"""The 'check these first' ranking on hand-made histories whose right order is known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from locate.domain.ranking import (
    LAST_SEEN_KEY,
    Evidence,
    Group,
    RankingSettings,
    kind_shares_for,
    rank,
    recency,
)

NOW = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)
LAST_SEEN = (-1.5491, 53.8008)
# About 1 km north, 3 km north, 20 km north of where last seen.
NEAR, MID, FAR = (-1.5491, 53.8098), (-1.5491, 53.8278), (-1.5491, 53.9808)


def ago(days):
    return NOW - timedelta(days=days)


def found(where, days, kind="friend_address", episode_id=None):
    return Evidence("found", ago(days), *where, kind=kind, episode_id=episode_id)


def place(where, kind="friend_address", source="philomena", name="Friend's flat", days=400,
          place_id=1):
    return Evidence("place", ago(days), *where, kind=kind, source=source, name=name,
                    place_id=place_id)


def sighting(where, days, current=False, episode_id=None):
    return Evidence("sighting", ago(days), *where, current=current, episode_id=episode_id)


def keys(items):
    """The order of the places (the area around where last seen, always on the list, has tests
    of its own below)."""
    return [i.key for i in items if i.key != LAST_SEEN_KEY]


def test_more_finds_at_the_same_distance_rank_higher():
    items = rank([Group("a", (found(NEAR, 30),)), Group("b", (found(NEAR, 30), found(NEAR, 60)))],
                 last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["b", "a"]
    assert items[0].found_count == 2 and items[0].reasons[0].startswith("Found here 2 times")


def test_recent_finds_outweigh_old_ones_but_old_frequency_is_not_forgotten():
    recent = Group("recent", (found(NEAR, 10),))
    old = Group("old", (found(NEAR, 900),))
    many_old = Group("many_old", tuple(found(NEAR, 900 + d) for d in range(6)))
    items = rank([old, recent, many_old], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["many_old", "recent", "old"]


def test_distance_decay_orders_otherwise_equal_places():
    items = rank([Group("far", (found(FAR, 30),)), Group("near", (found(NEAR, 30),)),
                  Group("mid", (found(MID, 30),))], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["near", "mid", "far"]
    assert items[0].distance_m == pytest.approx(1000, abs=5)
    assert "inside the 1 km ring" in items[0].why or "inside the 3 km ring" in items[0].why


def test_a_place_the_child_keeps_going_to_beats_a_nearer_place_only_on_the_profile():
    habit = Group("habit", tuple(found(MID, d) for d in (20, 50, 80, 120)))
    profile = Group("profile", (place(NEAR),))
    assert keys(rank([profile, habit], last_seen=LAST_SEEN, as_of=NOW)) == ["habit", "profile"]


def test_place_kind_share_orders_places_with_no_history():
    friend = Group("friend", (place(NEAR, kind="friend_address", place_id=1),))
    school = Group("school", (place(NEAR, kind="school", name="School", place_id=2),))
    items = rank([school, friend], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["friend", "school"]
    assert "24% of children are found at one" in items[0].why


def test_a_return_home_interview_place_outranks_the_same_kind_on_the_profile():
    rhi = Group("rhi", (place(NEAR, source="return_home_interview", days=20, place_id=1),))
    profile = Group("profile", (place(NEAR, source="philomena", place_id=2),))
    items = rank([profile, rhi], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["rhi", "profile"]
    assert "return home interview" in items[0].why


def test_a_sighting_in_this_episode_counts_like_a_find():
    now_seen = Group("now", (sighting(MID, 0.05, current=True),))
    seen_before = Group("before", (sighting(MID, 30),))
    items = rank([seen_before, now_seen], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["now", "before"]
    assert items[0].why.startswith("Seen here in this episode, 1 h ago")


def test_only_what_was_known_before_as_of_counts():
    later_find = found(NEAR, -1)  # a day after as_of
    items = rank([Group("later", (later_find,)), Group("before", (found(MID, 5),))],
                 last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["before"]
    items = rank([Group("mixed", (later_find, found(NEAR, 40)))], last_seen=LAST_SEEN, as_of=NOW)
    assert items[0].found_count == 1


def test_shares_add_to_one_ranks_are_consecutive_and_limit_applies():
    groups = [Group(f"g{n}", (found(NEAR, 10 * n + 1),)) for n in range(8)]
    items = rank(groups, last_seen=LAST_SEEN, as_of=NOW, limit=5)
    assert [i.rank for i in items] == [1, 2, 3, 4, 5]
    full = rank(groups, last_seen=LAST_SEEN, as_of=NOW, limit=100)
    assert sum(i.share for i in full) == pytest.approx(1)


def test_ties_break_by_distance_then_key_so_a_ranking_repeats():
    a, b = Group("a", (place(NEAR, place_id=1),)), Group("b", (place(NEAR, place_id=2),))
    assert keys(rank([b, a], last_seen=LAST_SEEN, as_of=NOW)) == ["a", "b"]


def test_the_label_and_task_kind_follow_the_place():
    items = rank([Group("park", (found(NEAR, 3, kind="street_park"),)),
                  Group("flat", (place(MID, name="Aunt's house", kind="relative_address"),))],
                 last_seen=LAST_SEEN, as_of=NOW)
    by_key = {i.key: i for i in items}
    assert by_key["park"].label == "Where found before (street or park)"
    assert by_key["park"].task_kind == "area_search"
    assert by_key["flat"].label == "Aunt's house" and by_key["flat"].task_kind == "address_check"


def test_recency_halves_at_the_half_life_above_the_floor():
    s = RankingSettings(half_life_days=100, recency_floor=0.2)
    assert recency(ago(0), NOW, s) == pytest.approx(1)
    assert recency(ago(100), NOW, s) == pytest.approx(0.2 + 0.8 * 0.5)
    assert recency(ago(10_000), NOW, s) == pytest.approx(0.2, abs=1e-6)


def test_kind_shares_pick_the_band_holding_the_age_or_the_nearest():
    table = {(10, 11): {"home": 0.5}, (12, 14): {"home": 0.25}, (15, 17): {"home": 0.1}}
    assert kind_shares_for(13, table)["home"] == 0.25
    assert kind_shares_for(16.5, table)["home"] == 0.1
    assert kind_shares_for(8, table)["home"] == 0.5
    assert kind_shares_for(None)["friend_address"] == 0.24


def test_a_spot_only_seen_before_is_an_area_search():
    items = rank([Group("seen", (sighting(MID, 30), sighting(MID, 60)))], last_seen=LAST_SEEN,
                 as_of=NOW)
    assert items[0].label == "Where seen before (other place)"
    assert items[0].task_kind == "area_search"


def test_earlier_sightings_count_once_per_episode():
    # Six sightings on one walk past a spot are one passing; a spot seen in three different
    # episodes (same age) is a habit and ranks above it.
    walk = Group("walk", tuple(sighting(NEAR, 20, episode_id=7) for _ in range(6)))
    habit = Group("habit", tuple(sighting(NEAR, 20, episode_id=e) for e in (1, 2, 3)))
    items = rank([walk, habit], last_seen=LAST_SEEN, as_of=NOW)
    assert keys(items) == ["habit", "walk"]
    assert items[0].reasons[0] == "Seen here in 3 earlier episodes"
    assert items[1].reasons[0] == "Seen here in an earlier episode"
    assert items[0].score == pytest.approx(3 * items[1].score)


# About 100 m north of where last seen: within the 250 m of "around where last seen".
CLOSE = (-1.5491, 53.8017)


def stayed_near(days, kind="street_park", episode_id=None):
    """An earlier find somewhere else that was within the radius of that episode's last seen."""
    return Evidence("found", ago(days), *FAR, kind=kind, episode_id=episode_id,
                    near_last_seen=True)


def by_key(items):
    return {i.key: i for i in items}


def test_around_where_last_seen_is_an_area_search_weighted_by_the_tables_first_step():
    items = rank([Group("flat", (found(MID, 30),))], last_seen=LAST_SEEN, as_of=NOW)
    around = by_key(items)[LAST_SEEN_KEY]
    assert (around.label, around.kind, around.task_kind) == (
        "Around where last seen", "last_seen", "area_search")
    assert (around.lon, around.lat, around.distance_m) == (*LAST_SEEN, 0)
    # Grampian: 30% within 1 km, so 7.5% within 250 m on the table's first straight line.
    assert around.score == pytest.approx(0.075)
    assert around.reasons == ["Within 250 m of where last seen (8% of children are found that "
                              "close)"]
    assert keys(items) == ["flat"] and items[0].key == "flat"


def test_a_child_who_stays_near_where_last_seen_gets_that_area_first():
    groups = [Group("flat", (found(MID, 30),)),
              Group("e1", (stayed_near(60, episode_id=1),)),
              Group("e2", (stayed_near(90, episode_id=2),))]
    items = rank(groups, last_seen=LAST_SEEN, as_of=NOW)
    assert items[0].key == LAST_SEEN_KEY
    assert items[0].reasons[0] == ("Within 250 m of where last seen: found that close to where "
                                   "last seen 2 times before")
    s = RankingSettings()
    assert items[0].score == pytest.approx(
        0.075 + s.last_seen_weight * (recency(ago(60), NOW, s) + recency(ago(90), NOW, s)))


def test_found_at_home_near_where_last_seen_is_homes_evidence_not_the_areas():
    groups = [Group("home", (stayed_near(30, kind="home"), stayed_near(40, kind="home")))]
    around = by_key(rank(groups, last_seen=LAST_SEEN, as_of=NOW))[LAST_SEEN_KEY]
    assert around.score == pytest.approx(0.075)


def test_a_place_within_the_radius_takes_the_area_and_there_is_no_second_item():
    from locate.domain.rings import GRAMPIAN, decay, distance_m

    items = rank([Group("cafe", (place(CLOSE, kind="shop_leisure", name="Cafe"),))],
                 last_seen=LAST_SEEN, as_of=NOW)
    assert [i.key for i in items] == ["cafe"]
    assert "Within 250 m of where last seen (8% of children are found that close)" in (
        items[0].reasons)
    near = decay(GRAMPIAN, distance_m(*LAST_SEEN, *CLOSE) / 1000)
    assert items[0].score == pytest.approx(0.11 * near + 0.075)


def test_the_forces_own_distance_table_and_radius_set_the_areas_weight():
    from locate.domain.rings import DistanceTable

    table = DistanceTable(points=((0.5, 0.40), (5.0, 0.90)), source="Force X 2025")
    around = by_key(rank([], last_seen=LAST_SEEN, as_of=NOW, distance_table=table,
                         settings=RankingSettings(last_seen_radius_m=100)))[LAST_SEEN_KEY]
    assert around.score == pytest.approx(0.40 * 0.1 / 0.5)
    assert around.reasons == ["Within 100 m of where last seen (8% of children are found that "
                              "close)"]


def test_scattered_finds_at_one_place_send_the_officer_to_their_middle_not_the_latest():
    # Three finds about 110 m apart around a house, the latest at the edge (west), one near
    # the middle: the item points at the middle one.
    west, middle, east = (-1.5507, 53.8098), (-1.5491, 53.8099), (-1.5475, 53.8098)
    group = Group("house", (found(east, 90), found(middle, 60), found(west, 10)))
    item = rank([group], last_seen=LAST_SEEN, as_of=NOW)[0]
    assert (item.lon, item.lat) == middle
    # Two finds: no middle; the latest.
    item = rank([Group("two", (found(east, 90), found(west, 10)))], last_seen=LAST_SEEN,
                as_of=NOW)[0]
    assert (item.lon, item.lat) == west
