"""What a profile lacks, as the report says it."""

from __future__ import annotations

from datetime import date

import pytest

from locate.domain.errors import Invalid
from locate.domain.profile_gaps import GAP_KEYS, birth_date_from_age, profile_gaps

FULL = {
    "photo_url": "/api/photos/1", "date_of_birth": "2011-05-04",
    "date_of_birth_estimated": False, "description": "Slim, 150 cm",
    "placement_address": "Oak House", "phones": ["07700 900123"],
    "medical_needs": "None known", "vulnerabilities": ["asthma"],
    "missing_history": "Twice in 2025", "transport_used": "Buses",
}


def keys(gaps):
    return [g["key"] for g in gaps]


def test_a_full_profile_with_people_and_places_lacks_nothing():
    assert profile_gaps(FULL, associates=1, places=2) == []


def test_the_minimum_a_call_taker_has_lacks_everything_but_the_description():
    minimal = {"first_name": "Ava", "last_name": "Smith", "date_of_birth": "2012-01-01",
               "date_of_birth_estimated": True, "sex": "female",
               "description": "Small, dark hair", "vulnerabilities": [], "phones": []}
    assert keys(profile_gaps(minimal)) == [k for k in GAP_KEYS if k != "description"]


@pytest.mark.parametrize("field, value, key", [
    ("photo_url", None, "photo"),
    ("date_of_birth_estimated", True, "date_of_birth"),
    ("description", "   ", "description"),
    ("placement_address", "", "placement"),
    ("phones", [], "phones"),
    ("medical_needs", None, "medical_needs"),
    ("vulnerabilities", [], "vulnerabilities"),
    ("missing_history", "", "missing_history"),
    ("transport_used", None, "transport"),
])
def test_each_missing_part_is_named(field, value, key):
    assert keys(profile_gaps({**FULL, field: value}, associates=1, places=1)) == [key]


def test_alternatives_fill_a_part():
    # Social media stands in for phones, exploitation markers for vulnerabilities, a
    # location for the address, height for the free-text description.
    profile = {**FULL, "phones": [], "social_media": ["@ava"], "vulnerabilities": [],
               "exploitation_indicators": ["older boyfriend"], "placement_address": None,
               "placement_location": {"type": "Point", "coordinates": [-1.5, 53.8]},
               "description": None, "height_cm": 150}
    assert profile_gaps(profile, associates=1, places=1) == []


def test_no_associates_or_places_are_gaps_and_every_gap_reads_as_words():
    gaps = profile_gaps(FULL)
    assert keys(gaps) == ["associates", "places"]
    assert all(g["label"] and " " in g["label"] for g in profile_gaps({}))


@pytest.mark.parametrize("age, today, born", [
    (12, date(2026, 12, 1), date(2014, 6, 2)),
    (0, date(2026, 1, 10), date(2025, 7, 12)),
    (14, date(2028, 2, 29), date(2013, 8, 30)),  # no 29 February in 2014
])
def test_an_age_gives_the_middle_of_its_year_of_birth(age, today, born):
    assert birth_date_from_age(age, today) == born
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert years == age


@pytest.mark.parametrize("age", [-1, 26])
def test_an_age_out_of_range_is_refused(age):
    with pytest.raises(Invalid):
        birth_date_from_age(age, date(2026, 12, 1))
