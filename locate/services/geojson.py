"""GeoJSON made by PostGIS: one query builds the whole FeatureCollection as text, with no
Python loop over rows (architecture rule 5), and the route sends that text as it is."""

from __future__ import annotations

import json

from sqlalchemy import JSON, Text, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by


def _object(pairs: dict):
    args = []
    for name, value in pairs.items():
        args.extend([literal(name), value])
    return func.json_build_object(*args)


def feature(geom, id_col, props: dict):
    """A SQL expression for one Feature (coordinates to 7 decimals, about 1 cm)."""
    return _object({
        "type": literal("Feature"),
        "id": id_col,
        "geometry": cast(func.ST_AsGeoJSON(geom, 7), JSON),
        "properties": _object(props),
    })


def feature_collection_text(session, stmt, *, geom, id_col, props: dict,
                            extra: dict | None = None) -> str:
    """Run stmt (a select already filtered, ordered and limited) and return the
    FeatureCollection as JSON text, built in the database. `extra` adds plain members."""
    # json_agg over a subquery is not promised to keep the subquery's ORDER BY, so number the
    # rows by that same ordering and aggregate in that order.
    ordering = list(stmt._order_by_clauses)
    columns = [feature(geom, id_col, props).label("f")]
    if ordering:
        columns.append(func.row_number().over(order_by=ordering).label("rn"))
    sub = stmt.add_columns(*columns).subquery()
    aggregated = func.json_agg(aggregate_order_by(sub.c.f, sub.c.rn)) if ordering \
        else func.json_agg(sub.c.f)
    collection = _object({
        "type": literal("FeatureCollection"),
        "features": func.coalesce(aggregated, literal_column("'[]'::json")),
    })
    text = session.execute(select(cast(collection, Text))).scalar_one()
    if extra:
        # Paging members are small: splice them in rather than round-trip the features.
        text = text[:-1] + ", " + json.dumps(extra)[1:]
    return text


def feature_collection(session, stmt, **kwargs) -> dict:
    """The same collection parsed, for callers that need to read it."""
    return json.loads(feature_collection_text(session, stmt, **kwargs))


def one_feature(session, stmt, *, geom, id_col, props: dict) -> dict | None:
    """The single Feature that stmt selects (as a dict), or None."""
    return session.execute(stmt.with_only_columns(feature(geom, id_col, props))).scalar_one_or_none()
