"""What a child's Philomena Part 1 profile lacks, in the words an officer reads at a report.

A child reported from a phone call may have nothing on file but a name, an age and a
description. The report still goes in at once; this rule says what searching officers will be
missing, so that someone (the carer, the officer in charge) fills it in. Pure: it reads a plain
mapping of the profile (services/profiles/child_profiles.profile_dict gives one) and the number
of associates and places on record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from .errors import Invalid

# (key, what the officer reads, the test on the profile mapping), in the order Part 1 lists them.
_CHECKS = (
    ("photo", "a recent photo", lambda p: p.get("photo_url") or p.get("photo_id")),
    ("date_of_birth", "an exact date of birth (only an age was given)",
     lambda p: p.get("date_of_birth") and not p.get("date_of_birth_estimated")),
    ("description", "a physical description (height, build, hair)",
     lambda p: p.get("description") or p.get("height_cm") or p.get("hair") or p.get("build")),
    ("placement", "where the child lives (placement address or location)",
     lambda p: p.get("placement_address") or p.get("placement_location")),
    ("phones", "phone numbers or social media",
     lambda p: p.get("phones") or p.get("social_media")),
    ("medical_needs", "medical needs (or that there are none)",
     lambda p: p.get("medical_needs")),
    ("vulnerabilities", "vulnerabilities and exploitation markers",
     lambda p: p.get("vulnerabilities") or p.get("exploitation_indicators")),
    ("missing_history", "previous missing history", lambda p: p.get("missing_history")),
    ("transport", "transport the child uses", lambda p: p.get("transport_used")),
)

GAP_KEYS = tuple(key for key, _, _ in _CHECKS) + ("associates", "places")


def profile_gaps(profile: Mapping, *, associates: int = 0, places: int = 0) -> list[dict]:
    """Each missing part of the profile as {"key", "label"}, in Part 1's order; [] when the
    profile has everything a search starts from. Blank strings count as missing."""
    def present(value) -> bool:
        if isinstance(value, str):
            return bool(value.strip())
        return bool(value)

    cleaned = {k: v for k, v in profile.items() if present(v)}
    gaps = [{"key": key, "label": label} for key, label, test in _CHECKS if not test(cleaned)]
    if associates <= 0:
        gaps.append({"key": "associates", "label": "friends and associates"})
    if places <= 0:
        gaps.append({"key": "places", "label": "places the child goes"})
    return gaps


def birth_date_from_age(age_years: int, today: date) -> date:
    """The date of birth to store when only an age is known: the middle of the year of
    birth that age implies (a child who is 12 today was born 12 to 13 years ago), flagged as
    an estimate beside it. A 29 February birthday-to-be falls back to the 28th."""
    if not 0 <= age_years <= 25:
        raise Invalid("An approximate age from 0 to 25 years.", field="age_years")
    try:
        anniversary = today.replace(year=today.year - age_years)
    except ValueError:
        anniversary = today.replace(year=today.year - age_years, day=28)
    return anniversary - timedelta(days=182)
