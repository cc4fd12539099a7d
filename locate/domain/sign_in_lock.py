"""When failed sign-ins lock an account: a pure rule over the times of the failures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta


def locked_until(failures_newest_first: Sequence[datetime], *, max_failures: int,
                 window: timedelta, lockout: timedelta) -> datetime | None:
    """The end of the lockout, if `max_failures` failures fell within `window`; else None.

    The lock runs from the last of those failures. Refusals while locked are not failures
    (the service does not record them), so the lock ends on time and the next wrong password
    starts a fresh count: the old failures are then more than a window older than it."""
    if max_failures < 1 or len(failures_newest_first) < max_failures:
        return None
    newest, oldest = failures_newest_first[0], failures_newest_first[max_failures - 1]
    if newest - oldest > window:
        return None
    return newest + lockout


def minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes to wait, rounded up: "try again in 14 minutes", never "in 0"."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


def lockout_message(until: datetime, now: datetime) -> str:
    minutes = minutes_left(until, now)
    unit = "minute" if minutes == 1 else "minutes"
    return (f"Too many failed sign-ins for this account. Try again in {minutes} {unit}, or ask "
            "an administrator to lift the lock.")
