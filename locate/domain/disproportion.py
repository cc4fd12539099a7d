"""Disproportionality: how much likelier an outcome is in one group than in everyone else.

The risk ratio with a 95% confidence interval by the log method (Katz et al. 1978): for a
group with a of n having the outcome and the rest with c of m,
RR = (a/n) / (c/m), and log RR has standard error sqrt(1/a - 1/n + 1/c - 1/m). With a zero
count the interval is not defined and None is returned for it (no continuity correction, so
a reader is not shown a precise-looking number from nothing)."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959964


@dataclass(frozen=True)
class RiskRatio:
    ratio: float | None
    low: float | None
    high: float | None

    @property
    def significant(self) -> bool:
        """The interval excludes 1."""
        return self.low is not None and (self.low > 1 or self.high < 1)


def risk_ratio(a: int, n: int, c: int, m: int) -> RiskRatio:
    """Group: a of n; everyone else: c of m."""
    if n <= 0 or m <= 0 or c == 0:
        return RiskRatio(None, None, None)
    ratio = (a / n) / (c / m)
    if a == 0:
        return RiskRatio(0.0, None, None)
    se = math.sqrt(1 / a - 1 / n + 1 / c - 1 / m)
    return RiskRatio(ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se))
