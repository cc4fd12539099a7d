"""Which children were at the same place at the same time: pairs of rows (a last-seen point, a
find, a sighting) of different children within a time window and a distance of each other.

Pure (numpy and scipy, no database): the points arrive in metres on the British National Grid
(the stored metric copies) and times in whole microseconds, so the tests are exact: a planar
distance in metres, as ST_DWithin on EPSG:27700 would give, and an integer time difference.
A k-d tree over (x / metres, y / metres, t / window) finds every candidate within one unit
on each axis (a box), in C; the exact circle and window are checked after. Per row the work
is a tree search, not a row against every row.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

# The box search is widened by this much so that a pair exactly at the distance or the window
# is not lost to the rounding of the scaled coordinates; the exact test decides.
_SLACK = 1e-9


def near_pairs(child, t_us, x, y, *, window_us: int, metres: float,
               spans=None) -> dict[tuple[int, int], int]:
    """{(lower child id, higher child id): number of row pairs} for rows of different children
    no more than `window_us` microseconds and `metres` apart. With `spans` (each row's start
    and end, microseconds), a pair counts only if the two spans overlap."""
    child = np.asarray(child, dtype=np.int64)
    if len(child) < 2:
        return {}
    t = np.asarray(t_us, dtype=np.int64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    scaled = np.column_stack((x / metres, y / metres, t / float(window_us)))
    found = cKDTree(scaled).query_pairs(1 + _SLACK, p=np.inf, output_type="ndarray")
    i, j = found[:, 0], found[:, 1]
    keep = ((child[i] != child[j]) & (np.abs(t[i] - t[j]) <= window_us)
            & (np.hypot(x[i] - x[j], y[i] - y[j]) <= metres))
    if spans is not None:
        start = np.asarray(spans[0], dtype=np.int64)
        end = np.asarray(spans[1], dtype=np.int64)
        keep &= (end[i] >= start[j]) & (end[j] >= start[i])
    i, j = i[keep], j[keep]
    if not len(i):
        return {}
    # One integer per pair of children (ids are below 2**31), counted in one pass.
    keys, counts = np.unique(np.minimum(child[i], child[j]) << 32
                             | np.maximum(child[i], child[j]), return_counts=True)
    return {(int(k >> 32), int(k & 0xFFFFFFFF)): int(n)
            for k, n in zip(keys, counts, strict=True)}
