"""Getis-Ord Gi* on hand-made grids whose answers are known.

The z-scores were also checked once against PySAL's esda.G_Local(star=True, transform='B') on
a queen lattice with random counts: they agree to 1e-15 (docs/decisions.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from locate.domain.hotspot_stats import confidence_bin, gi_star


def _grid(rows, cols):
    return [(i, j) for i in range(rows) for j in range(cols)]


def test_three_children_in_one_cell_make_a_99_percent_hot_spot_with_its_neighbours():
    cells = _grid(28, 26)
    values = [3 if c == (10, 10) else 0 for c in cells]
    result = gi_star(cells, values)
    n = len(cells)
    mean = 3 / n
    std = math.sqrt(9 / n - mean ** 2)
    expected = (3 - 9 * mean) / (std * math.sqrt((n * 9 - 81) / (n - 1)))
    centre = cells.index((10, 10))
    assert result.z[centre] == pytest.approx(expected)
    assert result.bin[centre] == 99
    hot = {cells[i] for i in np.flatnonzero(result.bin > 0)}
    assert hot == {(10 + di, 10 + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)}


def test_a_flat_surface_has_no_hot_spots():
    cells = _grid(10, 10)
    result = gi_star(cells, [2] * len(cells))
    assert (result.z == 0).all() and (result.bin == 0).all()


def test_a_lone_count_on_a_sparse_grid_is_not_significant_after_fdr():
    # One child in one cell of a 3x3 grid: every window holds most of the grid, so no cell
    # stands out once 9 tests are corrected for.
    cells = _grid(3, 3)
    result = gi_star(cells, [1 if c == (1, 1) else 0 for c in cells])
    assert (result.bin == 0).all()


def test_edges_use_only_the_neighbours_that_exist():
    cells = _grid(20, 20)
    values = [4 if c == (0, 0) else 0 for c in cells]
    result = gi_star(cells, values)
    corner = cells.index((0, 0))
    n = len(cells)
    mean = 4 / n
    std = math.sqrt(16 / n - mean ** 2)
    k = 4  # itself and three neighbours
    assert result.z[corner] == pytest.approx((4 - k * mean) / (std * math.sqrt(k * (n - k) / (n - 1))))


def test_cells_need_not_form_a_rectangle():
    # Two separate islands of cells; the gap between them holds no study cells.
    cells = _grid(6, 6) + [(i, j + 50) for i, j in _grid(6, 6)]
    values = [0] * len(cells)
    values[cells.index((2, 52))] = 5
    result = gi_star(cells, values)
    hot = {cells[i] for i in np.flatnonzero(result.bin > 0)}
    assert (2, 52) in hot and all(j >= 50 for _, j in hot)
    assert result.window_sum[cells.index((2, 5))] == 0


def test_fdr_adjusted_p_values_are_never_smaller_than_the_raw_ones():
    rng = np.random.default_rng(3)
    cells = _grid(15, 15)
    result = gi_star(cells, rng.poisson(0.5, len(cells)))
    assert (result.p_fdr >= result.p - 1e-15).all()


@pytest.mark.parametrize(("z", "p", "expected"), [
    (3.1, 0.004, 99), (2.2, 0.03, 95), (1.8, 0.08, 90), (1.5, 0.2, 0), (-2.5, 0.02, -95)])
def test_confidence_bins(z, p, expected):
    assert confidence_bin(z, p) == expected


def test_bad_arguments():
    with pytest.raises(ValueError):
        gi_star([(0, 0)], [1, 2])
    with pytest.raises(ValueError):
        gi_star([(0, 0)], [1], radius=0)
    assert gi_star([], []).n == 0


def test_our_benjamini_hochberg_and_normal_tail_equal_scipy_stats():
    from scipy import stats

    from locate.domain.hotspot_stats import benjamini_hochberg

    rng = np.random.default_rng(7)
    for p in (rng.uniform(size=1000), np.concatenate([rng.uniform(size=50) ** 6, [1.0, 1.0, 0.0]]),
              np.array([0.5]), np.array([0.01, 0.01, 0.01])):
        assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"),
                           rtol=0, atol=1e-15)
    assert benjamini_hochberg(np.zeros(0)).shape == (0,)
    # The p-values gi_star reports are scipy.stats' two-sided normal tail.
    ij = [(i, j) for i in range(12) for j in range(12)]
    values = rng.poisson(0.4, size=len(ij)).astype(float)
    values[5] = 9
    result = gi_star(ij, values)
    assert np.allclose(result.p, 2 * stats.norm.sf(np.abs(result.z)), rtol=1e-12, atol=1e-300)
    assert np.allclose(result.p_fdr, stats.false_discovery_control(result.p, method="bh"))
