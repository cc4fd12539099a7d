"""Distance rings around where a child was last seen, and the distance decay the ranking uses.

A distance table is cumulative: (km, share of children found within that distance of where they
were last seen). The default is the Grampian study (shared/domain.md), the closest published UK
figures for children; a force replaces it with its own (setting DISTANCE_TABLE, or an upload on
the desk's distance table page: locate/analysis/distance_tables.py), and whatever table is used
travels with its source so the map can say where the rings come from.

Pure: plain numbers in, plain numbers out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import Invalid

GRAMPIAN_SOURCE = ("Grampian Police / University of Portsmouth (2007), about 3,000 missing "
                   "person cases; 12 to 14 year olds; distance from last seen to found")
GRAMPIAN_POINTS: tuple[tuple[float, float], ...] = (
    (1.0, 0.30), (3.0, 0.50), (8.0, 0.70), (18.0, 0.80), (43.0, 0.90), (273.0, 0.99),
)
# The table says nothing beyond its last point; the decay keeps a small floor there rather
# than zero so a far place with strong history of its own is never ranked out of existence.
DECAY_FLOOR = 0.01
MAX_POINTS = 20


@dataclass(frozen=True)
class DistanceTable:
    """Cumulative (km, share) points, increasing in both, with where they come from."""

    points: tuple[tuple[float, float], ...]
    source: str
    age_band: str = "12-14"

    def __post_init__(self):
        check_points(self.points)


def check_points(points) -> None:
    """Invalid unless the points make a cumulative table a person could have measured."""
    if not points or len(points) > MAX_POINTS:
        raise Invalid(f"A distance table has 1 to {MAX_POINTS} points.")
    previous_km, previous_share = 0.0, 0.0
    for km, share in points:
        if not (math.isfinite(km) and math.isfinite(share)):
            raise Invalid("Distance table values must be finite numbers.")
        if km <= previous_km or share <= previous_share or share > 1:
            raise Invalid("Distance table points must increase in km and in share (share at "
                          "most 1).")
        previous_km, previous_share = km, share


GRAMPIAN = DistanceTable(points=GRAMPIAN_POINTS, source=GRAMPIAN_SOURCE)


def parse_table(text: str, *, source: str, age_band: str = "all ages") -> DistanceTable:
    """'1=0.30,3=0.50,8=0.70' (km=cumulative share) -> a DistanceTable, or Invalid."""
    points = []
    for part in text.split(","):
        km, sep, share = part.partition("=")
        try:
            points.append((float(km), float(share)))
        except ValueError:
            raise Invalid(f"Distance table entry {part.strip()!r} is not km=share.") from None
        if not sep:
            raise Invalid(f"Distance table entry {part.strip()!r} is not km=share.")
    if not source.strip():
        raise Invalid("A distance table needs its source, to show beside the rings.")
    return DistanceTable(points=tuple(points), source=source.strip(), age_band=age_band)


def parse_csv(text: str) -> tuple[tuple[float, float], ...]:
    """A force's uploaded table: one 'km,share' line per point (share as 0.30 or 30%), an
    optional header line, blank lines ignored -> checked points, or Invalid naming the line."""
    if "\x00" in text:
        raise Invalid("The table holds a NUL character: it is not a text file.")
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [cell.strip() for cell in line.replace(";", ",").split(",")]
        if not any(cells):
            continue
        if number == 1 and not _number(cells[0]):
            continue  # a header such as "km,share"
        if len(cells) != 2 or not _number(cells[0]) or not _number(cells[1].removesuffix("%")):
            raise Invalid(f"Line {number} ({line.strip()[:40]!r}) is not km,share.")
        km, share = float(cells[0]), float(cells[1].removesuffix("%"))
        points.append((km, share / 100 if cells[1].endswith("%") else share))
        if len(points) > MAX_POINTS:
            break  # check_points names the limit
    check_points(tuple(points))
    return tuple(points)


def _number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def share_within(table: DistanceTable, km: float) -> float:
    """The share of children found within km of where last seen: linear between the table's
    points, from (0 km, 0) to the first point, and flat after the last."""
    if km <= 0:
        return 0.0
    previous_km, previous_share = 0.0, 0.0
    for point_km, point_share in table.points:
        if km <= point_km:
            fraction = (km - previous_km) / (point_km - previous_km)
            return previous_share + fraction * (point_share - previous_share)
        previous_km, previous_share = point_km, point_share
    return previous_share


def decay(table: DistanceTable, km: float) -> float:
    """How much distance from last seen counts against a place: the share of children found
    at least this far away (1 at the last-seen point, 0.5 at the table's median distance),
    never below DECAY_FLOOR."""
    return max(1.0 - share_within(table, km), DECAY_FLOOR)


@dataclass(frozen=True)
class Ring:
    radius_m: float
    share: float
    label: str


def rings(table: DistanceTable) -> list[Ring]:
    """One ring per table point: its radius and the words shown on it."""
    return [Ring(radius_m=km * 1000, share=share,
                 label=f"{round(share * 100)}% found within {_km(km)}")
            for km, share in table.points]


def ring_for(table: DistanceTable, km: float) -> str:
    """The smallest ring a distance falls inside, in words: 'inside the 3 km ring (50%)'."""
    for point_km, share in table.points:
        if km <= point_km:
            return f"inside the {_km(point_km)} ring ({round(share * 100)}% are found within it)"
    return f"beyond the {_km(table.points[-1][0])} ring"


def _km(km: float) -> str:
    return f"{km:g} km"


EARTH_RADIUS_M = 6_371_008.8


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle metres between two WGS84 points (haversine; good to 0.5% at any range)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
