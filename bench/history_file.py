"""A synthetic force history in the import-history format (docs/import.md), made apart from the
demo generator so the backtest can also be run on histories the demo did not make.

What it assumes (stated, so the figures it gives can be judged): repeat children have a few
habitual places (found there again and again, the first most often, Zipf weights) which now and
then change; a share of episodes end at home; the rest end somewhere new at a distance drawn
from the Grampian cumulative table. About half of episodes ending at a habitual place get a
return home interview naming it. Episode counts per child are heavy-tailed, and one child
(BENCH-100) has exactly 100 episodes for the one-child benchmark.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import UTC, datetime, timedelta

from locate.domain.history_rows import COLUMNS
from locate.domain.rings import GRAMPIAN_POINTS

KINDS = {"friend_address": 0.24, "street_park": 0.19, "relative_address": 0.12,
         "shop_leisure": 0.11, "transport_hub": 0.02, "entertainment": 0.01, "other": 0.04}
PLACE_KIND = {"friend_address": "friend_address", "street_park": "street_park",
              "relative_address": "relative_address", "shop_leisure": "shop_leisure",
              "transport_hub": "transport_hub", "entertainment": "entertainment",
              "other": "other"}
GRADES = {"no_apparent_risk": 0.15, "low": 0.40, "medium": 0.35, "high": 0.10}
OUTCOMES = {"home": 0.25, "habit": 0.45, "new": 0.30}
START = datetime(2025, 1, 1, tzinfo=UTC)


def pick(rng, shares: dict):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def km_from_table(rng) -> float:
    """Inverse of the Grampian cumulative distance table, linear between its points."""
    u = rng.random() * GRAMPIAN_POINTS[-1][1]
    previous_km, previous_share = 0.05, 0.0
    for km, share in GRAMPIAN_POINTS:
        if u <= share:
            return previous_km + (u - previous_share) / (share - previous_share) * (km - previous_km)
        previous_km, previous_share = km, share
    return GRAMPIAN_POINTS[-1][0]


def offset(lon, lat, km, bearing):
    dlat = km * math.cos(bearing) / 111.32
    dlon = km * math.sin(bearing) / (111.32 * math.cos(math.radians(lat)))
    return lon + dlon, lat + dlat


def near(rng, lon, lat, km):
    return offset(lon, lat, km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi))


def episode_count(rng) -> int:
    u = rng.random()
    if u < 0.6:
        return 1
    if u < 0.8:
        return rng.randint(2, 3)
    if u < 0.95:
        return rng.randint(4, 10)
    return rng.randint(11, 60)


def child_rows(rng, ref: str, count: int, team: str):
    home = (rng.uniform(-2.8, -0.2), rng.uniform(51.6, 54.4))
    habits = [_habit(rng, home) for _ in range(rng.randint(1, 5))]
    born = START.date() - timedelta(days=int(365.25 * rng.uniform(12, 17)))
    sex = rng.choice(("female", "male"))
    at = START + timedelta(hours=rng.uniform(0, 24 * 30))
    span = 24 * 365.0 / max(count, 1)
    for n in range(count):
        if rng.random() < 0.1:
            habits[rng.randrange(len(habits))] = _habit(rng, home)
        seen = near(rng, *home, 1.0)
        outcome = pick(rng, OUTCOMES)
        rhi = ""
        if outcome == "home":
            found, kind, by = near(rng, *home, 0.02), "home", "returned_self"
        elif outcome == "habit":
            weights = [1 / (i + 1) for i in range(len(habits))]
            hkind, hpoint = rng.choices(habits, weights=weights)[0]
            found, kind, by = near(rng, *hpoint, 0.03), hkind, "address_check"
            if rng.random() < 0.5:
                rhi = f"Where stayed|{PLACE_KIND[hkind]}|{hpoint[0]:.6f}|{hpoint[1]:.6f}"
        else:
            found = offset(*seen, km_from_table(rng), rng.uniform(0, 2 * math.pi))
            kind, by = pick(rng, KINDS), "police_patrol"
        hours = math.exp(rng.gauss(math.log(7.5), 1.2))
        reported = at
        seen_at = reported - timedelta(minutes=rng.randint(10, 120))
        found_at = reported + timedelta(hours=hours)
        sightings = ";".join(
            f"{(reported + timedelta(hours=hours * (i + 1) / 4)).isoformat()}|"
            f"{seen[0] + (found[0] - seen[0]) * (i + 1) / 4:.6f}|"
            f"{seen[1] + (found[1] - seen[1]) * (i + 1) / 4:.6f}"
            for i in range(rng.randint(0, 3)))
        yield {"child_ref": ref, "team": team, "first_name": "Bench", "last_name": ref,
               "date_of_birth": born.isoformat(), "sex": sex, "placement_type": "foster_care",
               "episode_ref": f"{ref}-{n + 1:03d}", "reported_at": reported.isoformat(),
               "last_seen_at": seen_at.isoformat(), "last_seen_lon": f"{seen[0]:.6f}",
               "last_seen_lat": f"{seen[1]:.6f}", "found_at": found_at.isoformat(),
               "found_lon": f"{found[0]:.6f}", "found_lat": f"{found[1]:.6f}",
               "found_place_kind": kind, "found_by": by, "risk_grade": pick(rng, GRADES),
               "sightings": sightings, "rhi_places": rhi}
        at = found_at + timedelta(hours=6 + rng.expovariate(1 / span))


def _habit(rng, home):
    kind = pick(rng, {k: v for k, v in KINDS.items() if k != "other"})
    return kind, offset(*home, km_from_table(rng), rng.uniform(0, 2 * math.pi))


def write(path, *, episodes: int, seed: int = 7, team: str = "NAT") -> int:
    """Write about `episodes` rows (one child with 100 of them) to path; returns the count."""
    rng = random.Random(seed)
    written = 0
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in child_rows(rng, "BENCH-100", 100, team):
            writer.writerow(row)
            written += 1
        n = 0
        while written < episodes:
            n += 1
            count = min(episode_count(rng), episodes - written)
            for row in child_rows(rng, f"B{n:07d}", count, team):
                writer.writerow(row)
                written += 1
    return written
