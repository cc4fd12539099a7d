"""One row of a force's missing history (docs/import.md), checked field by field.

A row is one ended episode: the child (by the force's reference, with who they are if LOCATE
must create them), when reported, last seen where and when, found where and when, kind of place,
who found, risk grade, and optionally sightings and the places a return home interview named.
Pure: a dict of strings (CSV) or JSON values (GeoJSON) in, a clean row or the errors out, each
error naming the field and the reason in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .vocab import FOUND_BY, FOUND_PLACE_KINDS, PLACE_KINDS, PLACEMENT_TYPES, RISK_GRADES

MAX_REFERENCE = 24
MAX_TEXT = 160
MAX_ITEMS = 200  # sightings or places in one episode
SEXES = ("female", "male", "other", "unknown")

COLUMNS = ("child_ref", "team", "first_name", "last_name", "date_of_birth", "sex",
           "placement_type", "episode_ref", "reported_at", "last_seen_at", "last_seen_lon",
           "last_seen_lat", "found_at", "found_lon", "found_lat", "found_place_kind", "found_by",
           "risk_grade", "sightings", "rhi_places")
REQUIRED = ("child_ref", "team", "episode_ref", "reported_at", "last_seen_at", "last_seen_lon",
            "last_seen_lat", "found_at", "risk_grade")


@dataclass
class Row:
    child_ref: str
    team: str
    episode_ref: str
    reported_at: datetime
    last_seen_at: datetime
    last_seen: tuple[float, float]
    found_at: datetime
    risk_grade: str
    found: tuple[float, float] | None = None
    found_place_kind: str | None = None
    found_by: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    placement_type: str | None = None
    sightings: list[tuple[datetime, float, float]] = field(default_factory=list)
    rhi_places: list[tuple[str, str, float, float]] = field(default_factory=list)

    @property
    def has_identity(self) -> bool:
        return bool(self.first_name and self.last_name and self.date_of_birth and self.sex)


class RowErrors(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{f}: {r}" for f, r in errors))
        self.errors = errors


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value, name, errors, *, limit=MAX_TEXT):
    if _blank(value):
        return None
    if not isinstance(value, str):
        errors.append((name, "must be text"))
        return None
    value = value.strip()
    if "\x00" in value:
        errors.append((name, "contains a NUL character"))
        return None
    if len(value) > limit:
        errors.append((name, f"is longer than {limit} characters"))
        return None
    return value


def _time(value, name, errors):
    if _blank(value):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        errors.append((name, f"{str(value)[:40]!r} is not an ISO 8601 time"))
        return None
    if parsed.tzinfo is None:
        errors.append((name, "needs a time zone (e.g. 2025-03-01T21:30:00Z)"))
        return None
    return parsed


def _number(value, name, errors, low, high):
    if _blank(value):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or not low <= number <= high:
        errors.append((name, f"must be a number from {low} to {high}"))
        return None
    return number


def _point(lon, lat, name, errors):
    x = _number(lon, f"{name}_lon", errors, -180, 180)
    y = _number(lat, f"{name}_lat", errors, -90, 90)
    if (x is None) != (y is None):
        errors.append((name, "needs both longitude and latitude"))
    return None if x is None or y is None else (x, y)


def _choice(value, name, errors, allowed):
    value = _text(value, name, errors)
    if value is not None and value not in allowed:
        errors.append((name, f"{value!r} is not one of: {', '.join(allowed)}"))
        return None
    return value


def _items(value, name, errors) -> list:
    """A list (GeoJSON) or 'a|b|c;a|b|c' (CSV), at most MAX_ITEMS."""
    if _blank(value):
        return []
    if isinstance(value, str):
        items = [part.split("|") for part in value.split(";") if part.strip()]
    elif isinstance(value, list):
        items = value
    else:
        errors.append((name, "must be a list"))
        return []
    if len(items) > MAX_ITEMS:
        errors.append((name, f"has more than {MAX_ITEMS} entries"))
        return []
    return items


def _sightings(value, errors):
    out = []
    for n, item in enumerate(_items(value, "sightings", errors), start=1):
        if isinstance(item, dict):
            item = [item.get("at"), item.get("lon"), item.get("lat")]
        if not isinstance(item, list | tuple) or len(item) != 3:
            errors.append(("sightings", f"entry {n} is not time|lon|lat"))
            continue
        at = _time(item[0], f"sightings[{n}].at", errors)
        point = _point(item[1], item[2], f"sightings[{n}]", errors)
        if at and point:
            out.append((at, *point))
    return out


def _places(value, errors):
    out = []
    for n, item in enumerate(_items(value, "rhi_places", errors), start=1):
        if isinstance(item, dict):
            item = [item.get("name"), item.get("kind"), item.get("lon"), item.get("lat")]
        if not isinstance(item, list | tuple) or len(item) != 4:
            errors.append(("rhi_places", f"entry {n} is not name|kind|lon|lat"))
            continue
        label = _text(item[0], f"rhi_places[{n}].name", errors)
        kind = _choice(item[1], f"rhi_places[{n}].kind", errors, PLACE_KINDS)
        point = _point(item[2], item[3], f"rhi_places[{n}]", errors)
        if not label:
            errors.append((f"rhi_places[{n}].name", "is required"))
        if label and kind and point:
            out.append((label, kind, *point))
    return out


def check(raw: dict) -> Row:
    """A clean Row, or RowErrors listing every (field, reason) wrong with it."""
    errors: list[tuple[str, str]] = []
    unknown = sorted(set(raw) - set(COLUMNS))
    if unknown:
        errors.append((unknown[0], "is not a column of the format (columns: see docs/import.md)"))
    for name in REQUIRED:
        if _blank(raw.get(name)):
            errors.append((name, "is required"))
    refs = {name: _text(raw.get(name), name, errors, limit=MAX_REFERENCE)
            for name in ("child_ref", "team", "episode_ref")}
    reported = _time(raw.get("reported_at"), "reported_at", errors)
    seen_at = _time(raw.get("last_seen_at"), "last_seen_at", errors)
    found_at = _time(raw.get("found_at"), "found_at", errors)
    seen = _point(raw.get("last_seen_lon"), raw.get("last_seen_lat"), "last_seen", errors)
    found = _point(raw.get("found_lon"), raw.get("found_lat"), "found", errors)
    grade = raw.get("risk_grade")
    if grade == "absent":
        errors.append(("risk_grade", "'absent' was withdrawn for children in 2017: use "
                                     "no_apparent_risk"))
        grade = None
    else:
        grade = _choice(grade, "risk_grade", errors, RISK_GRADES)
    kind = _choice(raw.get("found_place_kind"), "found_place_kind", errors, FOUND_PLACE_KINDS)
    found_by = _choice(raw.get("found_by"), "found_by", errors, FOUND_BY)
    born = None
    if not _blank(raw.get("date_of_birth")):
        try:
            born = date.fromisoformat(str(raw["date_of_birth"]).strip())
        except ValueError:
            errors.append(("date_of_birth", "is not a date (YYYY-MM-DD)"))
    if reported and seen_at and seen_at > reported + timedelta(hours=1):
        errors.append(("last_seen_at", "is more than an hour after reported_at"))
    if found_at and seen_at and found_at < seen_at:
        errors.append(("found_at", "is before last_seen_at"))
    if born and reported and born > reported.date():
        errors.append(("date_of_birth", "is after the episode was reported"))
    row = dict(
        first_name=_text(raw.get("first_name"), "first_name", errors, limit=80),
        last_name=_text(raw.get("last_name"), "last_name", errors, limit=80),
        sex=_choice(raw.get("sex"), "sex", errors, SEXES),
        placement_type=_choice(raw.get("placement_type"), "placement_type", errors,
                               PLACEMENT_TYPES),
        sightings=_sightings(raw.get("sightings"), errors),
        rhi_places=_places(raw.get("rhi_places"), errors),
    )
    if errors:
        raise RowErrors(errors)
    return Row(child_ref=refs["child_ref"], team=refs["team"], episode_ref=refs["episode_ref"],
               reported_at=reported, last_seen_at=seen_at, last_seen=seen, found_at=found_at,
               risk_grade=grade, found=found, found_place_kind=kind, found_by=found_by,
               date_of_birth=born, **row)
