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

import numpy as np
from sqlalchemy import text

from .. import audit
from ..domain.hotspot_stats import gi_star
from ..models import User
from ..models.base import METRIC_SRID
from .children_named import child_names
from .desk_filter import DeskFilter, desk_filter

CRS = METRIC_SRID  # the points' stored metric copies (models/base.py metric_copy) are in it
MAX_MAP_CELLS = 5000
MAX_LIST = 200


def counts_sql(f: DeskFilter, cell_m: int, min_children: int) -> tuple[str, dict]:
    """One row per occupied cell: i, j, distinct children, found and sighting counts, and the
    children's ids where a hot spot can be listed (min_children or more: most cells hold one
    child, and reading tens of thousands of arrays costs more than the count)."""
    cte, params = f.cte()
    sql = f"""WITH {cte},
    points AS (
        SELECT child_id, 'found' AS kind, found_metric AS g
        FROM desk_episodes WHERE found_metric IS NOT NULL
        UNION ALL
        SELECT d.child_id, 'sighting', s.geom_metric
        FROM sightings s JOIN desk_episodes d ON d.id = s.episode_id)
    SELECT floor(ST_X(g) / :cell)::int AS i, floor(ST_Y(g) / :cell)::int AS j,
           count(DISTINCT child_id) AS children,
           count(*) FILTER (WHERE kind = 'found') AS found,
           count(*) FILTER (WHERE kind = 'sighting') AS sightings,
           CASE WHEN count(DISTINCT child_id) >= :min_children
                THEN array_agg(DISTINCT child_id) ELSE '{{}}' END AS child_ids
    FROM points GROUP BY 1, 2"""
    return sql, {**params, "cell": cell_m, "min_children": min_children}


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


_CELL_SHAPES = f"""SELECT u.i, u.j,
    ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(u.i * :cell, u.j * :cell, (u.i + 1) * :cell,
                                              (u.j + 1) * :cell, {CRS}), 4326), 6)
FROM unnest(CAST(:is AS int[]), CAST(:js AS int[])) AS u(i, j)"""


def hotspots(session, *, actor: User, cell_m: int = 500, min_children: int = 2,
             **filters) -> dict:
    """The significant cells (a FeatureCollection of squares for the map), the hot ones with
    children in them as a list (children named), and how it was computed. Audited."""
    desk = desk_filter(actor, **filters)
    sql, params = counts_sql(desk, cell_m, min_children)
    occupied = {(i, j): (children, found, seen, ids)
                for i, j, children, found, seen, ids in session.execute(text(sql), params)}
    study = _study_cells(session, desk, cell_m)
    cells = sorted(study | occupied.keys())
    values = [occupied[c][0] if c in occupied else 0 for c in cells]
    result = gi_star(cells, values)

    # On sparse counts a lone child in a sea of empty cells comes out "significant"; a hot
    # spot is where several different children were, so its window must hold min_children.
    significant = np.flatnonzero((result.bin != 0) & ((result.bin < 0) |
                                                      (result.window_sum >= min_children)))
    significant = significant[np.argsort(-np.abs(result.z[significant]), kind="stable")]
    truncated = len(significant) > MAX_MAP_CELLS
    significant = significant[:MAX_MAP_CELLS]
    hot_listed = [k for k in significant if result.bin[k] > 0 and cells[k] in occupied
                  and occupied[cells[k]][0] >= min_children]
    hot_listed = hot_listed[:MAX_LIST]
    names = child_names(session, (cid for k in hot_listed for cid in occupied[cells[k]][3]))
    shapes = _shapes(session, [cells[k] for k in significant], cell_m)

    def cell_props(k: int) -> dict:
        children, found, seen, ids = occupied.get(cells[k], (0, 0, 0, []))
        return {"cell": f"{cells[k][0]}:{cells[k][1]}", "children": children, "found": found,
                "sightings": seen, "window_children": int(result.window_sum[k]),
                "z": round(float(result.z[k]), 3), "p": float(result.p[k]),
                "p_fdr": float(result.p_fdr[k]), "confidence": int(result.bin[k])}

    features = [{"type": "Feature", "id": cell_props(k)["cell"], "geometry": shapes[cells[k]],
                 "properties": cell_props(k)} for k in significant]
    listed = []
    for k in hot_listed:
        item = cell_props(k)
        item["children_named"] = sorted((names[c] for c in occupied[cells[k]][3] if c in names),
                                        key=lambda n: n["name"])
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
            "shown": f"significant cells whose window holds at least {min_children} children "
                     f"found or sighted; listed: hot cells with {min_children} or more "
                     "different children in the cell itself",
            "study_cells": result.n, "occupied_cells": len(occupied),
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


# The study grid depends only on the patrol areas and the cell size, and laying a force's
# grid (a quarter of a million 500 m cells) over its areas is the costliest statement of a
# request: keep it per process, keyed by a digest of the areas so a redrawn area is seen at
# once.
_STUDY_CACHE: OrderedDict[tuple, frozenset] = OrderedDict()
_STUDY_CACHE_SIZE = 16


def _study_cells(session, desk: DeskFilter, cell_m: int) -> frozenset:
    team = "WHERE id = :team_id" if desk.team_id is not None else ""
    digest = session.execute(text(
        f"SELECT md5(string_agg(id::text || ST_AsEWKB(area)::text, ',' ORDER BY id)) "
        f"FROM teams {team}"), {"team_id": desk.team_id}).scalar()
    key = (desk.team_id, cell_m, digest)
    if key in _STUDY_CACHE:
        _STUDY_CACHE.move_to_end(key)
        return _STUDY_CACHE[key]
    sql, params = study_sql(desk, cell_m)
    cells = frozenset((i, j) for i, j in session.execute(text(sql), params))
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
    if not cells:
        return {}
    rows = session.execute(text(_CELL_SHAPES), {"cell": cell_m, "is": [c[0] for c in cells],
                                                "js": [c[1] for c in cells]})
    return {(i, j): json.loads(shape) for i, j, shape in rows}
