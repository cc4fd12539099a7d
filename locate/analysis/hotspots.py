"""Hot spots: grid cells where more different children are found or sighted than chance
would put there, by Getis-Ord Gi* with a false-discovery-rate correction.

PostGIS does the counting (points projected to the British National Grid, EPSG:27700, so
cells are square metres; one row per occupied cell) and lays the study area's cells over the
teams' patrol areas with ST_SquareGrid; the statistic is locate/domain/hotspot_stats.py.
The value of a cell is the number of distinct children found or sighted in it, so one child
found at home twenty times makes no hot spot, and three children at one park do.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text

from .. import audit
from ..domain.hotspot_stats import gi_star
from ..models import User
from ..models.base import METRIC_SRID
from ..models.hotspot_point import CELL_M, CELL_OFFSET, cell_key_sql
from .children_named import child_names
from .desk_filter import DeskFilter, desk_filter

CRS = METRIC_SRID  # the points' stored metric copies (models/base.py metric_copy) are in it
MAX_MAP_CELLS = 5000
MAX_LIST = 200
# A city-centre cell of a national force holds hundreds of children: the list names the 50
# found or sighted there most often and says how many more (an export names them all).
NAMED_PER_CELL = 50


def _cell_and_filter(f: DeskFilter, cell_m: int) -> tuple[str, str, dict]:
    """The cell key of a hotspot_points row `e`, and FROM ... WHERE for the filtered rows.

    The table is aliased `e` so the desk's filter applies unchanged: its report time and team
    are the episode's (the age band also reads the child's current profile)."""
    where, params = f.where()
    profile = ("JOIN children c ON c.id = e.child_id "
               "JOIN child_profiles p ON p.child_id = c.id AND p.version = c.current_version"
               if f.age_band is not None else "")
    cell = "e.cell500" if cell_m == CELL_M else cell_key_sql("e.x", "e.y", ":cell")
    return cell, f"FROM hotspot_points e {profile} WHERE {' AND '.join(where)}", \
        {**params, "cell": cell_m}


def counts_sql(f: DeskFilter, cell_m: int) -> tuple[str, dict]:
    """Four parallel arrays over the occupied cells: cell key, distinct children, found
    points, sightings.

    Read from hotspot_points (models/hotspot_point.py). At 500 m the cell is stored and
    indexed in (cell, child) order, so the counts are one ordered pass over the index with no
    join and no hash table; other sizes sort first."""
    cell, rows, params = _cell_and_filter(f, cell_m)
    sql = f"""WITH cells AS (
        SELECT {cell} AS cell, count(DISTINCT e.child_id) AS children,
               count(*) FILTER (WHERE e.found) AS found, count(*) FILTER (WHERE NOT e.found)
               AS sightings
        {rows} GROUP BY 1)
    SELECT array_agg(cell), array_agg(children), array_agg(found), array_agg(sightings)
    FROM cells"""
    return sql, params


def children_sql(f: DeskFilter, cell_m: int, limit: int | None) -> tuple[str, dict]:
    """The children of the cells given (:keys, the listed ones), those with the most points
    there first, at most `limit` a cell (None: all)."""
    cell, rows, params = _cell_and_filter(f, cell_m)
    ids = "array_agg(child_id ORDER BY points DESC, child_id)"
    sql = f"""SELECT cell, {f"({ids})[1:{int(limit)}]" if limit is not None else ids}
    FROM (SELECT {cell} AS cell, e.child_id, count(*) AS points {rows}
          AND {cell} = ANY(CAST(:keys AS bigint[])) GROUP BY 1, 2) per_child
    GROUP BY cell"""
    return sql, params


def study_sql(f: DeskFilter, cell_m: int) -> tuple[str, dict]:
    """The study area's cells: every cell of the grid touching a (the) team's patrol area."""
    team = "WHERE t.id = :team_id" if f.team_id is not None else ""
    sql = f"""SELECT DISTINCT g.i, g.j
    FROM (SELECT ST_Transform(area, {CRS}) AS area FROM teams t {team}) t,
         LATERAL ST_SquareGrid(:cell, t.area) g
    WHERE ST_Intersects(g.geom, t.area)"""
    params = {"cell": cell_m}
    if f.team_id is not None:
        params["team_id"] = f.team_id
    return sql, params


# The corners of each cell, projected to WGS84 in one statement; Python makes the squares.
_CORNERS = f"""SELECT array_agg(ST_X(p) ORDER BY n), array_agg(ST_Y(p) ORDER BY n)
FROM (SELECT n, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), {CRS}), 4326) AS p
      FROM unnest(CAST(:xs AS float8[]), CAST(:ys AS float8[])) WITH ORDINALITY AS u(x, y, n)) c"""


def hotspots(session, *, actor: User, cell_m: int = 500, min_children: int = 2,
             name_limit: int | None = NAMED_PER_CELL, **filters) -> dict:
    """The significant cells (a FeatureCollection of squares for the map), the hot ones with
    children in them as a list (children named: at most `name_limit` per cell, those found or
    sighted there most often first; None names all), and how it was computed. Audited."""
    desk = desk_filter(actor, **filters)
    occupied = _occupied(session, desk, cell_m)
    # The grid as sorted integer keys: a national force has a quarter of a million cells, and
    # merging, sorting and filling them in numpy takes milliseconds where tuples took seconds.
    keys = _merge(_study_cells(session, desk, cell_m), occupied.keys)
    values = np.zeros(len(keys))
    values[np.searchsorted(keys, occupied.keys)] = occupied.children
    grid = _cells(keys)
    result = gi_star(grid, values)

    # On sparse counts a lone child in a sea of empty cells comes out "significant"; a hot
    # spot is where several different children were, so its window must hold min_children.
    significant = np.flatnonzero((result.bin != 0) & ((result.bin < 0) |
                                                      (result.window_sum >= min_children)))
    significant = significant[np.argsort(-np.abs(result.z[significant]), kind="stable")]
    truncated = len(significant) > MAX_MAP_CELLS
    significant = significant[:MAX_MAP_CELLS]
    hot_listed = [k for k in significant
                  if result.bin[k] > 0 and values[k] >= min_children][:MAX_LIST]
    listed_ids = _children(session, desk, cell_m, [int(keys[k]) for k in hot_listed], name_limit)
    names = child_names(session, (cid for ids in listed_ids.values() for cid in ids))
    cells = {int(k): (int(grid[k, 0]), int(grid[k, 1])) for k in significant}
    shapes = _shapes(session, list(cells.values()), cell_m)
    counts = occupied.counts(keys[significant])

    def cell_props(k: int) -> dict:
        children, found, seen = counts[int(keys[k])]
        return {"cell": f"{cells[k][0]}:{cells[k][1]}", "children": children, "found": found,
                "sightings": seen, "window_children": int(result.window_sum[k]),
                "z": round(float(result.z[k]), 3), "p": float(result.p[k]),
                "p_fdr": float(result.p_fdr[k]), "confidence": int(result.bin[k])}

    features = []
    for k in significant:
        props = cell_props(k)
        features.append({"type": "Feature", "id": props["cell"], "geometry": shapes[cells[k]],
                         "properties": props})
    listed = []
    for k in hot_listed:
        item = cell_props(k)
        item["children_named"] = sorted((names[c] for c in listed_ids.get(int(keys[k]), ())
                                         if c in names), key=lambda n: n["name"])
        item["children_not_named"] = item["children"] - len(item["children_named"])
        item["geometry"] = shapes[cells[k]]
        listed.append(item)
    answer = {
        "filter": {**desk.as_dict(), "cell_m": cell_m, "min_children": min_children},
        "method": {
            "statistic": "Getis-Ord Gi*",
            "value": "distinct children found or sighted in the cell",
            "cell_m": cell_m, "crs": f"EPSG:{CRS}",
            "neighbourhood": "the cell and its 8 neighbours (queen contiguity, binary weights)",
            "p_values": "two-sided, normal approximation",
            "correction": "Benjamini-Hochberg false discovery rate",
            "confidence_bins": [99, 95, 90],
            "min_children": min_children,
            "named_per_cell": name_limit,
            "shown": f"significant cells whose window holds at least {min_children} children "
                     f"found or sighted; listed: hot cells with {min_children} or more "
                     "different children in the cell itself",
            "study_cells": result.n, "occupied_cells": len(occupied.keys),
            "mean": round(result.mean, 5), "std": round(result.std, 5),
        },
        "cells": {"type": "FeatureCollection", "features": features},
        "study_area": _study_area(session, desk),
        "cells_truncated": truncated,
        "hotspots": listed,
    }
    audit.record(session, user=actor, action="view", entity="analysis_hotspots",
                 filter=answer["filter"], child_ids=sorted(names), count=len(listed))
    session.commit()
    return answer


# Cells are (i, j) grid indices; as one int64 key each (i in the high half, j offset into the
# low half, as models/hotspot_point.py stores them) they sort in (i, j) order, so numpy can
# merge and search them.
_OFFSET = np.int64(CELL_OFFSET)


def _keys(ij: np.ndarray) -> np.ndarray:
    return np.sort((ij[:, 0] << 32) + (ij[:, 1] + _OFFSET)) if len(ij) else np.zeros(0, np.int64)


def _cells(keys: np.ndarray) -> np.ndarray:
    return np.column_stack([keys >> 32, (keys & 0xFFFFFFFF) - _OFFSET]).astype(np.int64)


def _int64(values) -> np.ndarray:
    """An array_agg's list as int64 (NULL, for no rows, as empty)."""
    return np.asarray(values or [], dtype=np.int64)


def _merge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sorted distinct keys of both (np.union1d, without its hash-based unique)."""
    both = np.sort(np.concatenate([a, b]))
    return both[np.concatenate([[True], both[1:] != both[:-1]])] if len(both) else both


@dataclass(frozen=True)
class _Occupied:
    """The occupied cells as parallel arrays sorted by key."""

    keys: np.ndarray
    children: np.ndarray
    found: np.ndarray
    sightings: np.ndarray

    def counts(self, keys: np.ndarray) -> dict[int, tuple[int, int, int]]:
        """{key: (children, found, sightings)} for the keys given, (0, 0, 0) if empty."""
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        hit = (self.keys[at] == keys) if len(self.keys) else np.zeros(len(keys), bool)
        rows = np.column_stack([self.children[at], self.found[at], self.sightings[at]]) \
            if len(self.keys) else np.zeros((len(keys), 3), np.int64)
        rows[~hit] = 0
        return dict(zip(keys.tolist(), map(tuple, rows.tolist()), strict=True))


def _occupied(session, desk: DeskFilter, cell_m: int) -> _Occupied:
    sql, params = counts_sql(desk, cell_m)
    # The counts want one ordered pass over the (cell, child) index (see counts_sql); the
    # planner's estimate of the distinct pairs is far too low and it may pick hashing,
    # several times slower on a million pairs. Only for this statement.
    session.execute(text("SET LOCAL enable_hashagg = off"))
    keys, children, found, seen = session.execute(text(sql), params).one()
    session.execute(text("RESET enable_hashagg"))
    columns = [_int64(c) for c in (keys, children, found, seen)]
    keys = columns[0]
    # The grouping reads the index in cell order and hands the cells on in it; SQL does not
    # promise that order, so it is checked (cheap) rather than sorted again.
    if len(keys) > 1 and (keys[1:] < keys[:-1]).any():
        order = np.argsort(keys, kind="stable")
        columns = [c[order] for c in columns]
    return _Occupied(*columns)


def _children(session, desk: DeskFilter, cell_m: int, keys: list[int],
              limit: int | None = None) -> dict[int, list[int]]:
    if not keys:
        return {}
    sql, params = children_sql(desk, cell_m, limit)
    return {int(key): ids for key, ids in session.execute(text(sql), {**params, "keys": keys})}


# The study grid depends only on the patrol areas and the cell size, and laying a force's
# grid (a quarter of a million 500 m cells) over its areas is the costliest statement of a
# request: keep it per process, keyed by a digest of the areas so a redrawn area is seen at
# once.
_STUDY_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_STUDY_CACHE_SIZE = 16


def _study_cells(session, desk: DeskFilter, cell_m: int) -> np.ndarray:
    """The study area's cells as sorted keys (see _keys)."""
    team = "WHERE id = :team_id" if desk.team_id is not None else ""
    digest = session.execute(text(
        f"SELECT md5(string_agg(id::text || ST_AsEWKB(area)::text, ',' ORDER BY id)) "
        f"FROM teams {team}"), {"team_id": desk.team_id}).scalar()
    key = (desk.team_id, cell_m, digest)
    if key in _STUDY_CACHE:
        _STUDY_CACHE.move_to_end(key)
        return _STUDY_CACHE[key]
    sql, params = study_sql(desk, cell_m)
    # Two arrays, not a quarter of a million rows (numpy probing each Row took seconds).
    i, j = session.execute(text(f"SELECT array_agg(i), array_agg(j) FROM ({sql}) g"),
                           params).one()
    cells = _keys(np.column_stack([_int64(i), _int64(j)]))
    cells.flags.writeable = False  # shared by every request of the process
    _STUDY_CACHE[key] = cells
    while len(_STUDY_CACHE) > _STUDY_CACHE_SIZE:
        _STUDY_CACHE.popitem(last=False)
    return cells


def _study_area(session, desk: DeskFilter) -> dict | None:
    """The patrol areas the study cells cover, simplified (about 50 m), for the map's outline."""
    team = "WHERE id = :team_id" if desk.team_id is not None else ""
    shape = session.execute(text(
        f"SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Union(area), 0.0005), 5) "
        f"FROM teams {team}"), {"team_id": desk.team_id}).scalar()
    return json.loads(shape) if shape else None


def _shapes(session, cells, cell_m: int) -> dict[tuple[int, int], dict]:
    """Each cell's square as a GeoJSON polygon in WGS84 (corners in the order ST_MakeEnvelope
    gives them, 6 decimals as ST_AsGeoJSON would write them). Shown cells touch each other,
    so each grid corner is projected once."""
    if not cells:
        return {}
    ij = np.asarray(cells, dtype=np.int64).reshape(-1, 1, 2)
    # Per cell: (min x, min y), (min x, max y), (max x, max y), (max x, min y).
    corners = (ij + np.array([[0, 0], [0, 1], [1, 1], [1, 0]])).reshape(-1, 2)
    unique, back = np.unique(corners, axis=0, return_inverse=True)
    lons, lats = session.execute(text(_CORNERS), {"xs": (unique[:, 0] * cell_m).tolist(),
                                                  "ys": (unique[:, 1] * cell_m).tolist()}).one()
    projected = np.round(np.column_stack([lons, lats]), 6)
    rings = projected[back.reshape(-1)].reshape(len(cells), 4, 2).tolist()
    return {cell: {"type": "Polygon", "coordinates": [ring + [ring[0]]]}
            for cell, ring in zip(cells, rings, strict=True)}
