"""Binary COPY into numpy (locate/analysis/binary_copy.py) against the real server."""

from __future__ import annotations

import numpy as np
import pytest

from locate.analysis.binary_copy import CopyFormatError, copy_columns, parse

COLUMNS = [("k", "int2"), ("id", "int4"), ("t", "int8"), ("x", "float8"), ("ok", "bool")]
SELECT = ("SELECT k::int2, id::int4, t::int8, x::float8, ok FROM (VALUES "
          "(1, 7, 9007199254740993, 431234.5, true), (2, -3, -1, -0.25, false)) v(k, id, t, x, ok) "
          "WHERE id >= :low")


def test_rows_arrive_exactly_as_typed(session):
    out = copy_columns(session, SELECT, {"low": -10}, COLUMNS)
    assert out["k"].tolist() == [1, 2] and out["id"].tolist() == [7, -3]
    assert out["t"].tolist() == [9007199254740993, -1]  # above 2**53: no float rounding
    assert out["x"].tolist() == [431234.5, -0.25]
    assert out["ok"].tolist() == [True, False]
    assert out["t"].dtype == np.int64 and out["x"].dtype == np.float64


def test_parameters_are_bound_not_pasted(session):
    assert copy_columns(session, SELECT, {"low": 0}, COLUMNS)["id"].tolist() == [7]
    # A string parameter with a quote is a value, not SQL.
    out = copy_columns(session, "SELECT length(CAST(:s AS text))::int4", {"s": "a'); DROP TABLE x; --"},
                       [("n", "int4")])
    assert out["n"].tolist() == [21]


def test_no_rows_is_empty_arrays(session):
    out = copy_columns(session, SELECT, {"low": 100}, COLUMNS)
    assert all(len(v) == 0 for v in out.values())


def test_a_null_or_a_wrong_type_is_refused_not_misread(session):
    with pytest.raises(CopyFormatError):
        copy_columns(session, "SELECT NULL::float8, 1::int4", {}, [("x", "float8"), ("n", "int4")])
    with pytest.raises(CopyFormatError):  # int4 read as int8
        copy_columns(session, "SELECT 1::int4, 2::int4", {}, [("a", "int8"), ("b", "int4")])
    with pytest.raises(CopyFormatError):
        parse(b"not a copy stream at all", [("a", "int4")])
