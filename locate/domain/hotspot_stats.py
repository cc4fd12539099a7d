"""Getis-Ord Gi* hot spots on a square grid, with a false-discovery-rate correction.

Pure: integer cell indices and counts in, z-scores, p-values and confidence bins out. The
statistic is the one analysts' tools use (Getis and Ord 1992, Ord and Getis 1995; the ArcGIS
hot-spot tool and PySAL's esda.G_Local with star=True): for each cell i with binary weights
w_ij = 1 for the cells of its window (itself and its neighbours within `radius` cells,
queen-style) and 0 otherwise,

    Gi* = (sum_j w_ij x_j - mean * k_i) / (s * sqrt((n * k_i - k_i**2) / (n - 1)))

where n is the number of cells in the study area, k_i the number of them in i's window, mean
and s the mean and (population) standard deviation of x over the study area. Gi* is a z-score;
its p-value is two-sided under the normal approximation. Testing every cell at once makes some
"significant" by chance, so the p-values are adjusted with Benjamini-Hochberg and a cell is put
in the 99, 95 or 90% bin by its adjusted p-value (the sign says hot or cold).

We compute it ourselves on a dense array rather than through esda: esda brings geopandas,
pandas and scikit-learn (about 450 MB and seconds of import) for what is nine array shifts on a
regular grid. scipy.special supplies the normal tail; the Benjamini-Hochberg adjustment is
five lines of numpy (scipy.stats has it too, but importing scipy.stats costs 1.5 to 3 s in
each new process, on the first hot-spot request; tests hold ours to scipy.stats' figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CONFIDENCE_LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))


@dataclass(frozen=True)
class GiStar:
    """Per-cell results, in the order of the cells given."""

    z: np.ndarray
    p: np.ndarray          # two-sided, before the FDR correction
    p_fdr: np.ndarray      # Benjamini-Hochberg adjusted
    bin: np.ndarray        # +99/+95/+90 hot, -99/-95/-90 cold, 0 not significant
    window_sum: np.ndarray  # sum of x over each cell's window
    n: int
    mean: float
    std: float


def confidence_bin(z: float, p_adjusted: float) -> int:
    """+/-99, 95 or 90 for a significant cell at that confidence, 0 otherwise."""
    for level, alpha in CONFIDENCE_LEVELS:
        if p_adjusted <= alpha:
            return level if z > 0 else -level
    return 0


def gi_star(cells: Sequence[tuple[int, int]] | np.ndarray, values: Sequence[float], *,
            radius: int = 1) -> GiStar:
    """Gi* for every study cell. `cells` are distinct (i, j) grid indices making up the whole
    study area (cells with nothing in them included, with value 0); `values` the count in each."""
    from scipy.special import ndtr  # imported here: scipy costs time at app start-up

    if radius < 1:
        raise ValueError("radius is at least one cell")
    n = len(cells)
    x = np.asarray(values, dtype=float)
    if n != len(x):
        raise ValueError("one value per cell")
    if n == 0:
        empty = np.zeros(0)
        return GiStar(empty, empty, empty, np.zeros(0, dtype=int), empty, 0, 0.0, 0.0)
    ij = np.asarray(cells, dtype=np.int64).reshape(n, 2)
    window, k = _window_sums(ij, x, radius)

    mean = float(x.mean())
    std = float(np.sqrt(max((x ** 2).mean() - mean ** 2, 0.0)))
    spread = k * (n - k) / (n - 1) if n > 1 else np.zeros(n)
    denominator = std * np.sqrt(spread)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(denominator > 0, (window - mean * k) / denominator, 0.0)
    p = 2 * ndtr(-np.abs(z))
    p_fdr = benjamini_hochberg(p)
    # confidence_bin() for every cell at once
    level = np.select([p_fdr <= alpha for _, alpha in CONFIDENCE_LEVELS],
                      [lvl for lvl, _ in CONFIDENCE_LEVELS], default=0)
    bins = np.where(z > 0, level, -level).astype(int)
    return GiStar(z=z, p=p, p_fdr=p_fdr, bin=bins, window_sum=window, n=n, mean=mean,
                  std=std)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values, in the order given: the k-th smallest of n becomes
    min over j >= k of p_(j) * n / j, capped at 1."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    if n == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * n / np.arange(1, n + 1)
    adjusted = np.empty(n)
    adjusted[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return adjusted


def _window_sums(ij: np.ndarray, x: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """For each cell: the sum of x over the study cells of its (2r+1)^2 window, and how many
    study cells the window holds. Looked up among the study cells alone (each cell a sorted
    integer key, each neighbour found by binary search), so the cost follows the number of
    cells, not the area of the box around them: a force's patrol areas are scattered across
    a country whose bounding box is mostly empty."""
    span = int(ij[:, 1].max() - ij[:, 1].min()) + 2 * radius + 1
    j0 = int(ij[:, 1].min()) - radius
    keys = ij[:, 0] * span + (ij[:, 1] - j0)
    order = np.argsort(keys, kind="stable")
    sorted_keys, sorted_x = keys[order], x[order]
    window = np.zeros(len(x))
    count = np.zeros(len(x))
    for di in range(-radius, radius + 1):
        for dj in range(-radius, radius + 1):
            wanted = keys + di * span + dj
            at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
            found = sorted_keys[at] == wanted
            window += np.where(found, sorted_x[at], 0.0)
            count += found
    return window, count
