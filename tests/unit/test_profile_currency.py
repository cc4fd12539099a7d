"""How current a profile is: the rule behind the carer's list, at fixed times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from locate.domain.profile_currency import NO_PHOTO, NOT_CONFIRMED, PHOTO_OLD, assess

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LIMITS = {"photo_max_days": 90, "confirm_max_days": 90}


def ago(days, hours=0):
    return NOW - timedelta(days=days, hours=hours)


@pytest.mark.parametrize(("photo_at", "confirmed_at", "flags"), [
    (ago(10), ago(5), ()),
    (ago(90), ago(90), ()),  # exactly the limit is still current
    (ago(90, hours=23), ago(90, hours=23), ()),  # 90 whole days and some hours
    (ago(91), ago(5), (PHOTO_OLD,)),
    (ago(10), ago(91), (NOT_CONFIRMED,)),
    (ago(400), ago(200), (PHOTO_OLD, NOT_CONFIRMED)),
    (None, ago(1), (NO_PHOTO,)),
    (None, ago(120), (NO_PHOTO, NOT_CONFIRMED)),
])
def test_flags(photo_at, confirmed_at, flags):
    currency = assess(now=NOW, photo_at=photo_at, confirmed_at=confirmed_at, **LIMITS)
    assert currency.flags == flags
    assert currency.current is (not flags)


def test_days_are_whole_and_never_negative():
    currency = assess(now=NOW, photo_at=ago(30, hours=20), confirmed_at=NOW + timedelta(minutes=3),
                      **LIMITS)
    assert (currency.photo_days, currency.confirmed_days) == (30, 0)


def test_the_thresholds_are_settings():
    tight = {"photo_max_days": 7, "confirm_max_days": 30}
    currency = assess(now=NOW, photo_at=ago(8), confirmed_at=ago(31), **tight)
    assert currency.flags == (PHOTO_OLD, NOT_CONFIRMED)
    body = currency.as_dict(**tight)
    assert body["flag_text"] == ["Photo older than 7 days", "Not confirmed for 30 days"]
    assert body["current"] is False and body["photo_days"] == 8


def test_a_threshold_below_one_day_is_refused():
    with pytest.raises(ValueError):
        assess(now=NOW, photo_at=None, confirmed_at=NOW, photo_max_days=0, confirm_max_days=9)
