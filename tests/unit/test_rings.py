"""Distance rings and decay from a cumulative table, on figures whose answer is known."""

from __future__ import annotations

import pytest

from locate.domain import rings
from locate.domain.errors import Invalid


def test_share_within_follows_the_grampian_points_and_interpolates_between_them():
    t = rings.GRAMPIAN
    assert rings.share_within(t, 0) == 0
    assert rings.share_within(t, 1) == pytest.approx(0.30)
    assert rings.share_within(t, 3) == pytest.approx(0.50)
    assert rings.share_within(t, 2) == pytest.approx(0.40)  # half way from 1 km to 3 km
    assert rings.share_within(t, 0.5) == pytest.approx(0.15)
    assert rings.share_within(t, 1000) == pytest.approx(0.99)  # flat after the last point


def test_decay_is_the_share_found_at_least_that_far_with_a_floor():
    t = rings.GRAMPIAN
    assert rings.decay(t, 0) == 1
    assert rings.decay(t, 3) == pytest.approx(0.5)
    assert rings.decay(t, 8) == pytest.approx(0.3)
    assert rings.decay(t, 5000) == pytest.approx(rings.DECAY_FLOOR)


def test_rings_carry_radius_and_words():
    made = rings.rings(rings.GRAMPIAN)
    assert [r.radius_m for r in made] == [1000, 3000, 8000, 18000, 43000, 273000]
    assert made[1].label == "50% found within 3 km"
    assert rings.ring_for(rings.GRAMPIAN, 2.2) == "inside the 3 km ring (50% are found within it)"
    assert rings.ring_for(rings.GRAMPIAN, 400).startswith("beyond the 273 km ring")


def test_a_forces_own_table_replaces_the_default():
    own = rings.parse_table("0.5=0.4, 2=0.7, 10=0.95", source="West Yorkshire 2025 returns")
    assert own.source == "West Yorkshire 2025 returns"
    assert rings.share_within(own, 2) == pytest.approx(0.7)
    assert [r.radius_m for r in rings.rings(own)] == [500, 2000, 10000]


@pytest.mark.parametrize("text", ["", "1=0.3,1=0.5", "3=0.5,1=0.3", "1=1.2", "1:0.3",
                                  "x=0.3", "1=nan", "1=0.5,2=0.4"])
def test_tables_that_cannot_be_measured_are_refused(text):
    with pytest.raises(Invalid):
        rings.parse_table(text, source="own")


def test_a_table_needs_its_source():
    with pytest.raises(Invalid):
        rings.parse_table("1=0.3", source="  ")


def test_distance_m_is_great_circle_metres():
    # One degree of latitude is about 111.2 km anywhere.
    assert rings.distance_m(-1.5, 53.0, -1.5, 54.0) == pytest.approx(111_195, rel=1e-3)
    assert rings.distance_m(-1.5, 53.8, -1.5, 53.8) == 0


def test_the_forces_setting_replaces_the_grampian_table_with_its_source():
    from locate.analysis.distance_tables import configured_table

    assert configured_table({"DISTANCE_TABLE": ""}) is rings.GRAMPIAN
    own = configured_table({"DISTANCE_TABLE": "2=0.5,20=0.9",
                          "DISTANCE_TABLE_SOURCE": "Our force, 2025 returns"})
    assert own.source == "Our force, 2025 returns" and own.points == ((2, 0.5), (20, 0.9))
    with pytest.raises(Invalid):
        configured_table({"DISTANCE_TABLE": "2=0.5", "DISTANCE_TABLE_SOURCE": ""})


def test_an_uploaded_csv_takes_a_header_percentages_semicolons_and_blank_lines():
    assert rings.parse_csv("km,share\n1,0.30\n\n3; 50%\r\n8,0.7\n") == (
        (1.0, 0.30), (3.0, 0.50), (8.0, 0.70))


@pytest.mark.parametrize(("text", "says"), [
    ("1,0.3\nfar,0.5", "Line 2"), ("1,0.3,9", "Line 1"), ("1", "Line 1"),
    ("1,inf", "Line 1"), ("1,0.3\x00", "NUL"), ("", "1 to 20 points"),
    ("km,share", "1 to 20 points"), ("2,0.5\n1,0.6", "must increase"),
    ("1,0.5\n2,0.5", "must increase"), ("1,120%", "at most 1"),
    ("\n".join(f"{n},{n / 100}" for n in range(1, 30)), "1 to 20 points")])
def test_an_uploaded_csv_that_is_not_a_table_is_refused_naming_why(text, says):
    with pytest.raises(Invalid) as refused:
        rings.parse_csv(text)
    assert says in str(refused.value)
