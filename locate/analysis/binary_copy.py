"""Many rows of numbers out of PostgreSQL at once: COPY (SELECT ...) TO STDOUT in binary,
read by numpy in place.

A national year's network reads 1.7 million points of seven numbers. As one row of seven
arrays, psycopg2 parses 12 million numbers from text into Python floats (about 10 s); as rows,
it makes 1.7 million tuples. Binary COPY sends each row as fixed-width big-endian fields,
which numpy reads as a structured array without touching each value in Python.

Every selected column must be NOT NULL and of the width its numpy type says (a NULL or a
variable-width field is refused, not misread).
"""

from __future__ import annotations

import io

import numpy as np
from sqlalchemy import text

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
# SQL type -> the numpy type of its binary form.
TYPES = {"float8": ">f8", "int8": ">i8", "int4": ">i4", "int2": ">i2", "bool": "u1"}


class CopyFormatError(RuntimeError):
    """The COPY stream is not the fixed-width rows asked for."""


def copy_columns(session, sql: str, params: dict, columns: list[tuple[str, str]]
                 ) -> dict[str, np.ndarray]:
    """{name: array} for `sql` (a SELECT with :named parameters) whose columns are, in order,
    `columns` as (name, SQL type from TYPES). Runs in the session's transaction."""
    dialect = session.get_bind().dialect
    compiled = text(sql).compile(dialect=dialect)
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        select = cursor.mogrify(str(compiled), compiled.construct_params(params)).decode()
        buffer = io.BytesIO()
        run_copy(cursor, f"COPY ({select}) TO STDOUT WITH (FORMAT binary)", buffer)
    finally:
        cursor.close()
    return parse(buffer.getbuffer(), columns)


def run_copy(cursor, statement: str, buffer) -> None:
    """The one place a COPY is sent (bench/bench_desk.py records what passes here, as
    SQLAlchemy's events record the other statements)."""
    cursor.copy_expert(statement, buffer)


def parse(data, columns: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """The columns of a binary COPY stream of fixed-width, non-NULL fields."""
    if bytes(data[:11]) != SIGNATURE:
        raise CopyFormatError("not a binary COPY stream")
    start = 19 + int.from_bytes(data[15:19], "big")  # flags, then the header extension
    fields = [("count", ">i2")]
    for name, sql_type in columns:
        fields += [(f"{name}__len", ">i4"), (name, TYPES[sql_type])]
    row = np.dtype(fields)
    body = data[start:len(data) - 2]  # the trailer is a field count of -1
    if bytes(data[len(data) - 2:]) != b"\xff\xff" or len(body) % row.itemsize:
        raise CopyFormatError("rows are not of the widths asked for (a NULL or a wrong type)")
    rows = np.frombuffer(body, dtype=row)
    if len(rows) and (rows["count"] != len(columns)).any():
        raise CopyFormatError("a row has another number of fields")
    out = {}
    for name, sql_type in columns:
        width = np.dtype(TYPES[sql_type]).itemsize
        if len(rows) and (rows[f"{name}__len"] != width).any():
            raise CopyFormatError(f"{name}: a NULL or a field of another width")
        out[name] = rows[name].astype(TYPES[sql_type].lstrip(">"), copy=True) \
            if sql_type != "bool" else rows[name].astype(bool)
    return out
