"""domain/together.py: pairs near in time and place, on hand-made points in metres."""

from __future__ import annotations

import random

import pytest

from locate.domain.together import near_pairs

HOUR = 3600 * 1_000_000  # microseconds


def pairs(rows, *, window_us=2 * HOUR, metres=500, spans=None):
    child, t, x, y = zip(*rows, strict=True) if rows else ((), (), (), ())
    return near_pairs(child, t, x, y, window_us=window_us, metres=metres, spans=spans)


def test_planar_distance_counts_up_to_the_metres_exactly():
    # 300-400-500: exactly 500 m apart on the grid is together; a centimetre more is not.
    assert pairs([(1, 0, 1000.0, 1000.0), (2, 0, 1300.0, 1400.0)]) == {(1, 2): 1}
    assert pairs([(1, 0, 1000.0, 1000.0), (2, 0, 1300.0, 1400.01)]) == {}


def test_a_corner_of_the_search_box_is_not_within_the_distance():
    # 400 m east and 400 m north: inside the 500 m box, 566 m away.
    assert pairs([(1, 0, 0.0, 0.0), (2, 0, 400.0, 400.0)]) == {}


def test_the_window_is_exact_to_the_microsecond():
    start = 17 * 24 * HOUR + 123_456
    assert pairs([(1, start, 0.0, 0.0), (2, start + 2 * HOUR, 0.0, 0.0)]) == {(1, 2): 1}
    assert pairs([(1, start, 0.0, 0.0), (2, start + 2 * HOUR + 1, 0.0, 0.0)]) == {}


def test_one_childs_rows_are_never_a_pair_and_row_pairs_are_counted():
    rows = [(7, 0, 0.0, 0.0), (7, 60, 10.0, 0.0),  # the same child twice
            (3, 120, 20.0, 0.0)]                    # another child near both
    assert pairs(rows) == {(3, 7): 2}  # lower id first, one per pair of rows


def test_spans_must_overlap():
    rows = [(1, 0, 0.0, 0.0), (2, HOUR, 0.0, 0.0)]
    assert pairs(rows, spans=([0, HOUR], [2 * HOUR, 3 * HOUR])) == {(1, 2): 1}
    # The first was found before the second was reported.
    assert pairs(rows, spans=([0, HOUR], [HOUR - 1, 3 * HOUR])) == {}


def test_too_few_rows_make_no_pairs():
    assert pairs([]) == {}
    assert pairs([(1, 0, 0.0, 0.0)]) == {}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_checking_every_row_against_every_row(seed):
    rnd = random.Random(seed)
    rows = [(rnd.randrange(15), rnd.randrange(0, 48 * HOUR), rnd.uniform(0, 3000),
             rnd.uniform(0, 3000)) for _ in range(300)]
    expected: dict = {}
    for n, a in enumerate(rows):
        for b in rows[n + 1:]:
            if (a[0] != b[0] and abs(a[1] - b[1]) <= 2 * HOUR
                    and ((a[2] - b[2]) ** 2 + (a[3] - b[3]) ** 2) ** 0.5 <= 500):
                key = (min(a[0], b[0]), max(a[0], b[0]))
                expected[key] = expected.get(key, 0) + 1
    assert expected and pairs(rows) == expected
