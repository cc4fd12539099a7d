"""Age bands: every whole-year age falls in exactly one, and the SQL says the same as Python."""

from __future__ import annotations

import re

import pytest

from locate.domain.age_bands import AGE_BANDS, age_band, sql_case


@pytest.mark.parametrize(("age", "band"), [(0, "under_12"), (11, "under_12"), (12, "12_14"),
                                           (14, "12_14"), (15, "15_17"), (17, "15_17"),
                                           (18, "18_plus"), (40, "18_plus")])
def test_bands(age, band):
    assert age_band(age) == band


def test_the_sql_case_follows_the_table():
    sql = sql_case("age")
    whens = re.findall(r"WHEN age <= (\d+) THEN '(\w+)'", sql)
    assert [(int(a), b) for a, b in whens] == [(high, key) for key, (_, _, high) in
                                               AGE_BANDS.items() if high is not None]
    assert sql.endswith("ELSE '18_plus' END")
    for age in range(0, 30):
        expected = next(b for limit, b in [(int(a), b) for a, b in whens] + [(10**6, "18_plus")]
                        if age <= limit)
        assert age_band(age) == expected


def test_negative_ages_have_no_band():
    with pytest.raises(ValueError):
        age_band(-1)
