"""Reference tables for the synthetic data, each with its source, and sampling from them.

Every table is plain data: a force can replace one with its own figures (same shape) and pass it
to the generator. Source for all three: the Grampian study of about 3,000 missing-person cases
(Grampian Police / University of Portsmouth, 2007), as quoted in shared/domain.md.
"""

from __future__ import annotations

import bisect
import math
import random

# Where children were found: kind -> share. "other" takes what the study leaves unnamed.
FOUND_PLACE_SHARES_SOURCE = "Grampian study, 12-14 year olds, about 3,000 cases (2007)"
FOUND_PLACE_SHARES: dict[str, float] = {
    "home": 0.25,
    "friend_address": 0.24,
    "street_park": 0.19,
    "relative_address": 0.12,
    "shop_leisure": 0.11,
    "police_office": 0.02,
    "transport_hub": 0.02,
    "entertainment": 0.01,
    "other": 0.04,
}

# Distance from last seen to found: (km, cumulative share found within it).
DISTANCE_KM_SOURCE = "Grampian study, distance last seen to found, cumulative (2007)"
DISTANCE_KM_CUMULATIVE: tuple[tuple[float, float], ...] = (
    (1.0, 0.30), (3.0, 0.50), (8.0, 0.70), (18.0, 0.80), (43.0, 0.90), (273.0, 0.99),
)

# Time to locate: (hours, cumulative share located within it).
HOURS_SOURCE = "Grampian study, time from report to located, cumulative (2007)"
HOURS_CUMULATIVE: tuple[tuple[float, float], ...] = (
    (1 + 50 / 60, 0.20), (4.5, 0.40), (7.5, 0.50), (17.0, 0.70), (24.0, 0.80), (48.0, 0.90),
    (11 * 24.0, 0.99),
)

# Below the first point and above the last the tables say nothing: these bounds close them.
DISTANCE_KM_BOUNDS = (0.05, 400.0)
HOURS_BOUNDS = (0.25, 14 * 24.0)


class InverseCdf:
    """Sample a positive quantity from cumulative (value, share) points by inverse CDF,
    interpolating linearly in log(value) between points, closed by (low, 0) and (high, 1)."""

    def __init__(self, points, bounds):
        low, high = bounds
        pts = [(low, 0.0), *points, (high, 1.0)]
        for (v1, p1), (v2, p2) in zip(pts, pts[1:], strict=False):
            if not (v2 > v1 > 0 and p2 > p1):
                raise ValueError("cumulative points must increase in value and share")
        self.values = [math.log(v) for v, _ in pts]
        self.shares = [p for _, p in pts]

    def quantile(self, u: float) -> float:
        """The value below which a share u of the population falls."""
        u = min(max(u, 0.0), 1.0)
        i = max(1, bisect.bisect_left(self.shares, u))
        i = min(i, len(self.shares) - 1)
        p1, p2 = self.shares[i - 1], self.shares[i]
        v1, v2 = self.values[i - 1], self.values[i]
        return math.exp(v1 + (v2 - v1) * (u - p1) / (p2 - p1))

    def cdf(self, value: float) -> float:
        """The share found within value (the inverse of quantile)."""
        if value <= 0:
            return 0.0
        x = math.log(value)
        if x <= self.values[0]:
            return 0.0
        if x >= self.values[-1]:
            return 1.0
        i = bisect.bisect_right(self.values, x)
        v1, v2 = self.values[i - 1], self.values[i]
        p1, p2 = self.shares[i - 1], self.shares[i]
        return p1 + (p2 - p1) * (x - v1) / (v2 - v1)

    def sample(self, rng: random.Random, u: float | None = None) -> float:
        return self.quantile(rng.random() if u is None else u)


DISTANCE_KM = InverseCdf(DISTANCE_KM_CUMULATIVE, DISTANCE_KM_BOUNDS)
HOURS_TO_LOCATE = InverseCdf(HOURS_CUMULATIVE, HOURS_BOUNDS)


def tilted(shares: dict[str, float], tilt: dict[str, float]) -> dict[str, float]:
    """Shares multiplied by tilt factors and renormalised."""
    raw = {k: v * tilt.get(k, 1.0) for k, v in shares.items()}
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


def balanced_tilts(shares: dict[str, float], kind: str, other: str, amount: float):
    """Tilts for girls and boys that move `amount` of share from `other` to `kind` for girls and
    the reverse for boys, so that a half-and-half population keeps the overall shares."""
    girls = dict(shares)
    boys = dict(shares)
    girls[kind] += amount
    girls[other] -= amount
    boys[kind] -= amount
    boys[other] += amount
    return girls, boys


def choose(rng: random.Random, shares: dict[str, float]) -> str:
    """One key drawn with the given shares."""
    u = rng.random() * sum(shares.values())
    acc = 0.0
    for key, share in shares.items():
        acc += share
        if u < acc:
            return key
    return key
