"""'Check these first': rank the places a missing child is likely to be, from what was known
before a given time, and say why each ranks where it does.

The evidence, and how each piece counts (all of it in "episodes' worth" so the terms add up):
- Found here before: each earlier episode that ended here counts 1, fading with age towards a
  floor (frequency weighted towards recent episodes; half-life and floor are settings). Over half
  of repeat episodes follow within weeks of the last (Sidebottom et al. 2019): recent habits say
  most, but a place a child kept going back to years ago still counts for something.
- Seen here: a sighting in an earlier episode counts a fraction of a find (a sighting is where the
  child passed, not where they stayed), once per episode however many sightings that episode
  had there; a sighting in this episode counts as much as a find.
- Known places: a place on the profile starts from the share of children found at that kind of
  place (the age band's found-place table, Grampian 2007 by default); a return home interview or
  intelligence adds weight of its own because the child was there, fading with age.
- Distance decay: a place's share of children found at least as far from where last seen as the
  place is (domain/rings.py) multiplies its kind's share in full, and the child's own finds
  and sightings at half strength (square root): their history already says how far this child
  goes, so near places rise and far ones fall without erasing a far place the child goes to
  again and again.
- Where last seen: the distance table's own first step (the share of children found within a
  few hundred metres of where they were last seen), plus, at a fraction of a find, each earlier
  episode in which this child was found that close to where last seen (home aside: home is its
  own place). Search doctrine starts at the point last seen; the child's history says whether
  this child stays near it. It is added to the place to check that lies within that radius,
  else it is an item of its own: the area around where last seen.

Pure: groups of evidence in (clustered by the caller, in PostGIS), ranked items out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from .rings import GRAMPIAN, DistanceTable, decay, distance_m, ring_for, share_within

FOUND_KIND_SOURCE = "Grampian Police / University of Portsmouth (2007), 12 to 14 year olds"
# Where children were found, by kind of place (shared/domain.md). "other" is what is left.
GRAMPIAN_FOUND_KINDS: dict[str, float] = {
    "home": 0.25, "friend_address": 0.24, "street_park": 0.19, "relative_address": 0.12,
    "shop_leisure": 0.11, "police_office": 0.02, "transport_hub": 0.02, "entertainment": 0.01,
    "other": 0.04,
}
# Age band -> found-kind shares. Only one band is published; a force may add its own bands
# (a child's age picks the band that holds it, else the nearest).
DEFAULT_KIND_TABLE: dict[tuple[int, int], dict[str, float]] = {(12, 14): GRAMPIAN_FOUND_KINDS}

# Place kinds on a profile -> the found-place category that describes them.
PLACE_AS_FOUND_KIND = {
    "home": "home", "friend_address": "friend_address", "relative_address": "relative_address",
    "associate_address": "friend_address", "school": "other", "shop_leisure": "shop_leisure",
    "street_park": "street_park", "transport_hub": "transport_hub",
    "entertainment": "entertainment", "police_office": "police_office",
    "previous_placement": "relative_address", "other": "other",
}
KIND_WORDS = {
    "home": "home", "friend_address": "friend's address", "relative_address": "relative's address",
    "associate_address": "associate's address", "school": "school", "shop_leisure": "shops/leisure",
    "street_park": "street or park", "transport_hub": "rail or bus station",
    "entertainment": "entertainment", "police_office": "police office",
    "previous_placement": "previous placement", "other": "other place",
    "last_seen": "where last seen",
}
SOURCE_WORDS = {"philomena": "on the Philomena profile", "return_home_interview":
                "named in a return home interview", "intelligence": "from intelligence",
                "sighting": "noted from a sighting", "found_at": "found here before",
                "placement": "where the child lives"}
TASK_KIND_FOR = {"street_park": "area_search", "transport_hub": "transport_hub_check",
                 "shop_leisure": "area_search", "entertainment": "area_search"}


@dataclass(frozen=True)
class RankingSettings:
    half_life_days: float = 180.0
    # A find this old still counts this much of a recent one (frequency is never forgotten).
    recency_floor: float = 0.2
    past_sighting_weight: float = 0.3
    current_sighting_weight: float = 1.0
    # The child's own finds and sightings already carry how far this child goes: the
    # population's distance decay counts against them at this power (1 = in full).
    history_decay_power: float = 0.5
    # What a place's source adds on top of its kind's share, in episodes' worth.
    source_weights: Mapping[str, float] = field(default_factory=lambda: {
        "return_home_interview": 0.5, "intelligence": 0.3, "sighting": 0.2})
    # "Around where last seen": its radius, and what each earlier episode in which the child was
    # found within it counts (a tendency to stay near, applied to a new spot: weaker evidence
    # than a find at the spot itself, so a fraction of one).
    last_seen_radius_m: float = 250.0
    last_seen_weight: float = 0.5


class Evidence(NamedTuple):
    """One thing known about a spot: a find, a sighting, a known place or the placement.
    A named tuple, not a frozen dataclass: a child with a long history has hundreds of these
    per request, and a frozen dataclass's __init__ cost more than ranking them."""

    what: str  # "found" | "sighting" | "place"
    at: datetime
    lon: float
    lat: float
    kind: str | None = None  # found-place kind, or the place's kind
    source: str | None = None  # a place's source; "placement" for the child's home
    name: str | None = None
    place_id: int | None = None
    episode_id: int | None = None
    current: bool = False  # a sighting in the episode being ranked
    # A find within RankingSettings.last_seen_radius_m of where that episode's child was last seen.
    near_last_seen: bool = False


@dataclass(frozen=True)
class Group:
    """Evidence close enough together to be one place to check (clustered by the caller)."""

    key: str
    members: tuple[Evidence, ...]


@dataclass
class RankedItem:
    rank: int
    key: str
    label: str
    kind: str
    lon: float
    lat: float
    distance_m: float
    score: float
    share: float
    why: str
    reasons: list[str]
    place_id: int | None
    found_count: int
    last_found_at: datetime | None
    sightings_count: int
    task_kind: str

    def as_dict(self) -> dict:
        data = dict(self.__dict__)
        data["last_found_at"] = self.last_found_at.isoformat() if self.last_found_at else None
        return data


def kind_shares_for(age: float | None, table=None) -> dict[str, float]:
    """The found-kind shares of the band holding the age (else the nearest band)."""
    table = table or DEFAULT_KIND_TABLE
    if age is None:
        return next(iter(table.values()))

    def gap(band):
        low, high = band
        return 0 if low <= age < high + 1 else min(abs(age - low), abs(age - high - 1))

    return table[min(table, key=gap)]


def recency(at: datetime, as_of: datetime, settings: RankingSettings) -> float:
    days = max((as_of - at).total_seconds() / 86400, 0.0)
    fresh = 0.5 ** (days / settings.half_life_days)
    return settings.recency_floor + (1 - settings.recency_floor) * fresh


def rank(groups: Iterable[Group], *, last_seen: tuple[float, float], as_of: datetime,
         age: float | None = None, distance_table: DistanceTable = GRAMPIAN, kind_table=None,
         settings: RankingSettings | None = None, limit: int = 10) -> list[RankedItem]:
    """Rank groups of evidence for a child last seen at (lon, lat), using only evidence from
    before as_of. Ties break on distance, then on the group key, so a ranking is repeatable."""
    settings = settings or RankingSettings()
    shares = kind_shares_for(age, kind_table)
    weighed = []
    for group in groups:
        members = tuple(m for m in group.members if m.at < as_of)
        if members:
            weighed.append(_weigh(group.key, members, last_seen, as_of, shares,
                                  distance_table, settings))
    _add_last_seen(weighed, last_seen, as_of, distance_table, settings)
    total = sum(w.score for w in weighed) or 1.0
    weighed.sort(key=lambda w: (-w.score, w.km, w.key))
    # Words only for the items shown: a child with a long history has hundreds of groups.
    items = [_describe(w, as_of, shares, distance_table, settings) for w in weighed[:limit]]
    for position, item in enumerate(items, start=1):
        item.rank, item.share = position, item.score / total
    return items


@dataclass(slots=True)
class _Weighed:
    key: str
    score: float
    km: float
    anchor: Evidence
    finds: list
    seen_now: list
    seen_before: list
    best_place: Evidence | None
    found_w: float
    sight_w: float
    place_w: float
    seen_w: float = 0.0  # what being near where last seen adds (_add_last_seen)
    seen_finds: int = 0  # earlier episodes found near where last seen


LAST_SEEN_KEY = "last-seen"


def _add_last_seen(weighed: list[_Weighed], last_seen, as_of, table, settings) -> None:
    """Add 'near where last seen' to the place to check within its radius, or as an item."""
    radius_km = settings.last_seen_radius_m / 1000
    stayed = [m for w in weighed for m in w.finds if m.near_last_seen and m.kind != "home"]
    weight = share_within(table, radius_km) + settings.last_seen_weight * sum(
        recency(m.at, as_of, settings) for m in stayed)
    nearest = min(weighed, key=lambda w: w.km, default=None)
    if nearest is None or nearest.km > radius_km:
        anchor = Evidence("place", as_of, *last_seen, kind="last_seen")
        nearest = _Weighed(LAST_SEEN_KEY, 0.0, 0.0, anchor, [], [], [], None, 0.0, 0.0, 0.0)
        weighed.append(nearest)
    nearest.score += weight
    nearest.seen_w, nearest.seen_finds = weight, len(stayed)


def _weigh(key, members, last_seen, as_of, shares, table, settings) -> _Weighed:
    finds = sorted((m for m in members if m.what == "found"), key=lambda m: m.at)
    seen_now = [m for m in members if m.what == "sighting" and m.current]
    seen_before = [m for m in members if m.what == "sighting" and not m.current]
    places = [m for m in members if m.what == "place"]

    found_w = sum(recency(m.at, as_of, settings) for m in finds)
    sight_w = (settings.current_sighting_weight * len(seen_now)
               + settings.past_sighting_weight * _per_episode(seen_before, as_of, settings))
    place_w, best_place = 0.0, None
    for place in places:
        found_kind = PLACE_AS_FOUND_KIND.get(place.kind or "other", "other")
        weight = shares.get(found_kind, 0.0) + settings.source_weights.get(
            place.source or "", 0.0) * recency(place.at, as_of, settings)
        if best_place is None or weight > place_w:
            place_w, best_place = weight, place
    anchor = best_place or (_central(finds) if finds else max(members, key=lambda m: m.at))
    km = distance_m(last_seen[0], last_seen[1], anchor.lon, anchor.lat) / 1000
    near = decay(table, km)
    score = ((found_w + sight_w) * near ** settings.history_decay_power + place_w * near)
    return _Weighed(key, score, km, anchor, finds, seen_now, seen_before, best_place, found_w,
                    sight_w, place_w)


def _central(finds: list[Evidence]) -> Evidence:
    """The find nearest the middle of a group's finds: where to send an officer. Finds at one
    address scatter (a garden, the street outside, a GPS fix); the latest of them can sit at
    the group's edge, and the next find is likelier near its middle. A real find, not the
    mean itself, so the task points at a spot where the child was found."""
    if len(finds) < 3:
        return finds[-1]  # with one or two there is no middle to speak of: the latest
    lon = sum(m.lon for m in finds) / len(finds)
    lat = sum(m.lat for m in finds) / len(finds)
    across = math.cos(math.radians(lat)) ** 2  # a degree of longitude is shorter up north
    return min(reversed(finds), key=lambda m: across * (m.lon - lon) ** 2 + (m.lat - lat) ** 2)


def _per_episode(sightings, as_of, settings) -> float:
    """Earlier sightings count once per episode (its freshest): five camera hits on one walk
    past a bus stop are one passing, not five visits, and must not outweigh a place the child
    was seen at in five different episodes."""
    freshest: dict = {}
    for m in sightings:
        weight = recency(m.at, as_of, settings)
        key = m.episode_id if m.episode_id is not None else id(m)
        freshest[key] = max(freshest.get(key, 0.0), weight)
    return sum(freshest.values())


def _describe(w: _Weighed, as_of, shares, table, settings) -> RankedItem:
    finds, best_place, km, anchor = w.finds, w.best_place, w.km, w.anchor
    kind = "last_seen" if w.key == LAST_SEEN_KEY else _kind(best_place, finds)
    parts = sorted(_reasons(w, as_of, shares, table, settings), key=lambda p: -p[0])
    reasons = [text for _, text in parts]
    if w.key != LAST_SEEN_KEY:
        reasons.append(f"{_distance(km)} from last seen, {ring_for(table, km)}")
    why = "; ".join(reasons[:2]) if len(reasons) > 2 else "; ".join(reasons)
    label = ("Around where last seen" if w.key == LAST_SEEN_KEY
             else best_place.name if best_place and best_place.name
             else f"Where found before ({KIND_WORDS.get(kind, kind)})" if finds
             else f"Where seen before ({KIND_WORDS.get(kind, kind)})")
    return RankedItem(rank=0, key=w.key, label=label, kind=kind, lon=anchor.lon, lat=anchor.lat,
                      distance_m=round(km * 1000), score=w.score, share=0.0, why=why,
                      reasons=reasons, place_id=best_place.place_id if best_place else None,
                      found_count=len(finds), last_found_at=finds[-1].at if finds else None,
                      sightings_count=len(w.seen_now) + len(w.seen_before),
                      # Only passed through (seen, never found or known there): search the area.
                      task_kind=TASK_KIND_FOR.get(kind, "address_check")
                      if finds or best_place else "area_search")


def _kind(best_place, finds) -> str:
    if best_place is not None:
        return best_place.kind or "other"
    kinds = Counter(m.kind for m in finds if m.kind)
    return kinds.most_common(1)[0][0] if kinds else "other"


def _reasons(w: _Weighed, as_of, shares, table, settings):
    finds, seen_now, seen_before, place = w.finds, w.seen_now, w.seen_before, w.best_place
    found_w, sight_w, place_w = w.found_w, w.sight_w, w.place_w
    if w.seen_w:
        radius = f"{settings.last_seen_radius_m:g} m"
        if w.seen_finds:
            times = "once" if w.seen_finds == 1 else f"{w.seen_finds} times"
            yield w.seen_w, (f"Within {radius} of where last seen: found that close to where "
                             f"last seen {times} before")
        else:
            share = round(share_within(table, settings.last_seen_radius_m / 1000) * 100)
            yield w.seen_w, (f"Within {radius} of where last seen ({share}% of children are "
                             "found that close)")
    if finds:
        times = "once" if len(finds) == 1 else f"{len(finds)} times"
        yield found_w, f"Found here {times}, last {_ago(finds[-1].at, as_of)}"
    if seen_now:
        latest = max(m.at for m in seen_now)
        yield (settings.current_sighting_weight * len(seen_now),
               f"Seen here in this episode, {_ago(latest, as_of)}")
    if seen_before:
        episodes = len({m.episode_id if m.episode_id is not None else id(m)
                        for m in seen_before})
        yield sight_w, ("Seen here in an earlier episode" if episodes == 1
                        else f"Seen here in {episodes} earlier episodes")
    if place is not None:
        found_kind = PLACE_AS_FOUND_KIND.get(place.kind or "other", "other")
        share = round(shares.get(found_kind, 0.0) * 100)
        source = SOURCE_WORDS.get(place.source or "", "a known place")
        kind_words = KIND_WORDS.get(place.kind or "other", "place")
        yield place_w, f"{kind_words.capitalize()} {source} ({share}% of children are found at one)"


def _ago(at: datetime, as_of: datetime) -> str:
    hours = (as_of - at).total_seconds() / 3600
    if hours < 1:
        return f"{max(round(hours * 60), 1)} min ago"
    if hours < 48:
        return f"{round(hours)} h ago"
    days = hours / 24
    if days < 14:
        return f"{round(days)} days ago"
    if days < 120:
        return f"{round(days / 7)} weeks ago"
    return f"{at:%b %Y}"


def _distance(km: float) -> str:
    return f"{round(km * 1000)} m" if km < 1 else f"{km:.1f} km"
