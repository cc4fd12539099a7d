"""GeoJSON made by PostGIS: one query builds the whole FeatureCollection as text, with no
Python loop over rows (architecture rule 5), and the route sends that text as it is."""

from __future__ import annotations

import json
from dataclasses import dataclass

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


def _features(sub, *, ordered: bool):
    """The JSON array of sub's features (column f), in row-number order (column rn) when
    ordered; an empty array, not null, when there are none."""
    aggregated = func.json_agg(aggregate_order_by(sub.c.f, sub.c.rn)) if ordered \
        else func.json_agg(sub.c.f)
    return func.coalesce(aggregated, literal_column("'[]'::json"))


def collection_select(stmt, *, geom, id_col, props: dict):
    """The SELECT that turns stmt (filtered, ordered, limited) into one FeatureCollection
    value, for feature_collection_text and for benchmarks that replay it raw."""
    # json_agg over a subquery is not promised to keep the subquery's ORDER BY, so number the
    # rows by that same ordering and aggregate in that order.
    ordering = list(stmt._order_by_clauses)
    columns = [feature(geom, id_col, props).label("f")]
    if ordering:
        columns.append(func.row_number().over(order_by=ordering).label("rn"))
    sub = stmt.add_columns(*columns).subquery()
    collection = _object({"type": literal("FeatureCollection"),
                          "features": _features(sub, ordered=bool(ordering))})
    return select(cast(collection, Text))


def feature_collection_text(session, stmt, *, geom, id_col, props: dict,
                            extra: dict | None = None) -> str:
    """Run stmt (a select already filtered, ordered and limited) and return the
    FeatureCollection as JSON text, built in the database. `extra` adds plain members."""
    text = session.execute(collection_select(stmt, geom=geom, id_col=id_col,
                                             props=props)).scalar_one()
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


def filtered(stmt, *, geom, time_col, bbox=None, since=None, until=None):
    """The common map filters: bbox on the GiST-indexed geometry, [since, until) on time_col."""
    if bbox:
        stmt = stmt.where(geom.ST_Intersects(func.ST_MakeEnvelope(*bbox, 4326)))
    if since:
        stmt = stmt.where(time_col >= since)
    if until:
        stmt = stmt.where(time_col < until)
    return stmt


@dataclass(frozen=True)
class Page:
    text: str          # the FeatureCollection with page, per_page and total members
    ids: list[int]     # the ids on this page, in order (for the audit row)
    total: int


def page_text(session, stmt, *, geom, id_col, props: dict, order, page: int,
              per_page: int) -> Page:
    """One page of stmt (filtered, not ordered) as FeatureCollection text, its ids and the
    total, in ONE statement: the count is a window over the same scan, so a map viewport
    costs one round trip, not three (docs/benchmarks.md, map query)."""
    inner = (stmt.add_columns(feature(geom, id_col, props).label("f"), id_col.label("fid"),
                              func.count().over().label("total"),
                              func.row_number().over(order_by=list(order)).label("rn"))
             .order_by(*order).limit(per_page).offset((page - 1) * per_page).subquery())
    collection = _object({
        "type": literal("FeatureCollection"),
        "features": _features(inner, ordered=True),
        "page": literal(page), "per_page": literal(per_page),
        "total": func.coalesce(func.max(inner.c.total), 0),
    })
    text, ids, total = session.execute(select(
        cast(collection, Text), func.array_agg(aggregate_order_by(inner.c.fid, inner.c.rn)),
        func.max(inner.c.total))).one()
    if total is None:
        # No rows on this page: past the end, or nothing matches. Count for an honest total.
        total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
        text = json.dumps({"type": "FeatureCollection", "features": [], "page": page,
                           "per_page": per_page, "total": total})
    return Page(text=text, ids=list(ids or ()), total=total)
