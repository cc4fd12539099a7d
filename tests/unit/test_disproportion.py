"""Risk ratios on counts whose answer is worked by hand."""

from __future__ import annotations

import math

import pytest

from locate.domain.disproportion import risk_ratio


def test_twice_as_likely():
    rr = risk_ratio(20, 100, 100, 1000)
    assert rr.ratio == pytest.approx(2.0)
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 100 - 1 / 1000)
    assert rr.low == pytest.approx(2 * math.exp(-1.959964 * se))
    assert rr.high == pytest.approx(2 * math.exp(1.959964 * se))
    assert rr.significant


def test_equal_shares_are_not_significant():
    rr = risk_ratio(10, 100, 100, 1000)
    assert rr.ratio == pytest.approx(1.0) and not rr.significant


def test_zero_counts_give_no_interval():
    assert risk_ratio(0, 50, 10, 100).ratio == 0.0
    assert risk_ratio(0, 50, 10, 100).low is None
    assert risk_ratio(5, 50, 0, 100).ratio is None
    assert risk_ratio(5, 0, 3, 100).ratio is None
