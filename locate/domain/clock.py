"""When a thing was done, by the clock of the phone that did it: the rules such a time must
keep before it goes on the record beside the time the server received it.

A phone out of signal keeps what the officer did and sends it later; the record must say when
it was done, not when it arrived. The phone's clock is trusted within a small skew, never for a
time in the future and never for a time before the thing acted on existed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .errors import Invalid

SKEW = timedelta(minutes=5)  # phones whose clocks run a little fast or slow


def check_acted_at(acted_at: datetime, *, now: datetime, not_before: datetime | None,
                   before_what: str, field: str = "acted_at") -> datetime:
    """The time the person acted, checked; raises Invalid naming the field otherwise."""
    if acted_at.tzinfo is None:
        raise Invalid(f"{field} needs its time zone (an ISO 8601 time such as "
                      "2026-12-01T09:26:18Z).", field=field)
    if acted_at > now + SKEW:
        raise Invalid(f"{field} is in the future: check the phone's clock.", field=field)
    if not_before is not None and acted_at < not_before - SKEW:
        raise Invalid(f"{field} is before {before_what}: check the phone's clock.", field=field)
    return acted_at
