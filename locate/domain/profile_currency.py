"""How current a child's Philomena profile is: the rule behind the carer's list.

A profile goes stale in two ways that inspections found: the photo is old (a child of 14
changes in three months; searchers hold an out-of-date face), and nobody has said for months
that the rest is still right. Both thresholds are force settings (config.py
PROFILE_PHOTO_MAX_DAYS, PROFILE_CONFIRM_MAX_DAYS). Pure: the caller hands in every time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Why a profile is flagged, in the order a carer should deal with them.
NO_PHOTO = "no_photo"
PHOTO_OLD = "photo_old"
NOT_CONFIRMED = "not_confirmed"

FLAG_TEXT = {
    NO_PHOTO: "No photo on file",
    PHOTO_OLD: "Photo older than {photo_max_days} days",
    NOT_CONFIRMED: "Not confirmed for {confirm_max_days} days",
}


@dataclass(frozen=True)
class Currency:
    photo_days: int | None  # whole days since the photo was taken (uploaded); None: no photo
    confirmed_days: int  # whole days since someone last said the profile is right
    flags: tuple[str, ...]

    @property
    def current(self) -> bool:
        return not self.flags

    def as_dict(self, *, photo_max_days: int, confirm_max_days: int) -> dict:
        return {"current": self.current, "photo_days": self.photo_days,
                "confirmed_days": self.confirmed_days, "flags": list(self.flags),
                "flag_text": [FLAG_TEXT[f].format(photo_max_days=photo_max_days,
                                                  confirm_max_days=confirm_max_days)
                              for f in self.flags]}


def _days(since: datetime, now: datetime) -> int:
    return max(0, (now - since).days)


def assess(*, now: datetime, photo_at: datetime | None, confirmed_at: datetime,
           photo_max_days: int, confirm_max_days: int) -> Currency:
    """photo_at: when the current photo was taken (None: no photo); confirmed_at: the later
    of the last explicit confirmation and the last saved version (a save confirms).
    A threshold is "older than": exactly N days old is still current."""
    if photo_max_days < 1 or confirm_max_days < 1:
        raise ValueError("the thresholds are whole days, at least 1")
    flags = []
    photo_days = None if photo_at is None else _days(photo_at, now)
    if photo_days is None:
        flags.append(NO_PHOTO)
    elif photo_days > photo_max_days:
        flags.append(PHOTO_OLD)
    confirmed_days = _days(confirmed_at, now)
    if confirmed_days > confirm_max_days:
        flags.append(NOT_CONFIRMED)
    return Currency(photo_days=photo_days, confirmed_days=confirmed_days, flags=tuple(flags))
