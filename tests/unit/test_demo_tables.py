"""The demo's reference tables and the inverse-CDF sampling drawn from them."""

import random

import pytest

from locate.demo.tables import (
    DISTANCE_KM,
    DISTANCE_KM_CUMULATIVE,
    FOUND_PLACE_SHARES,
    HOURS_CUMULATIVE,
    HOURS_TO_LOCATE,
    InverseCdf,
    balanced_tilts,
    choose,
)
from locate.domain.vocab import FOUND_PLACE_KINDS


def test_found_place_shares_cover_the_vocabulary_and_sum_to_one():
    assert set(FOUND_PLACE_SHARES) == set(FOUND_PLACE_KINDS)
    assert sum(FOUND_PLACE_SHARES.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("table, points", [(DISTANCE_KM, DISTANCE_KM_CUMULATIVE),
                                           (HOURS_TO_LOCATE, HOURS_CUMULATIVE)])
def test_quantile_passes_through_every_table_point(table, points):
    for value, share in points:
        assert table.quantile(share) == pytest.approx(value)
        assert table.cdf(value) == pytest.approx(share)


def test_interpolation_is_in_log_distance():
    # Halfway in share between 1 km (30%) and 3 km (50%) is the geometric mean, sqrt(3) km.
    assert DISTANCE_KM.quantile(0.40) == pytest.approx(3 ** 0.5)


def test_quantile_is_increasing_and_bounded():
    values = [DISTANCE_KM.quantile(u / 1000) for u in range(1001)]
    assert values == sorted(values)
    assert values[0] == pytest.approx(0.05) and values[-1] == pytest.approx(400.0)


@pytest.mark.parametrize("table, points", [(DISTANCE_KM, DISTANCE_KM_CUMULATIVE),
                                           (HOURS_TO_LOCATE, HOURS_CUMULATIVE)])
def test_samples_follow_the_cumulative_table(table, points):
    rng = random.Random(7)
    samples = [table.sample(rng) for _ in range(20_000)]
    for value, share in points:
        within = sum(s <= value for s in samples) / len(samples)
        assert within == pytest.approx(share, abs=0.015)


def test_a_table_must_increase():
    with pytest.raises(ValueError):
        InverseCdf(((3.0, 0.5), (1.0, 0.6)), (0.1, 10.0))


def test_sex_tilts_keep_the_overall_shares():
    girls, boys = balanced_tilts(FOUND_PLACE_SHARES, "friend_address", "street_park", 0.04)
    assert girls["friend_address"] > FOUND_PLACE_SHARES["friend_address"] > boys["friend_address"]
    assert boys["street_park"] > FOUND_PLACE_SHARES["street_park"] > girls["street_park"]
    for kind, share in FOUND_PLACE_SHARES.items():
        assert (girls[kind] + boys[kind]) / 2 == pytest.approx(share)


def test_choose_follows_shares():
    rng = random.Random(3)
    draws = [choose(rng, FOUND_PLACE_SHARES) for _ in range(20_000)]
    for kind, share in FOUND_PLACE_SHARES.items():
        assert draws.count(kind) / len(draws) == pytest.approx(share, abs=0.012)
