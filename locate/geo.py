"""GeoJSON <-> Shapely <-> database geometry, and validation of shapes people send us.

Everything is stored in WGS84 (SRID 4326). Distances and areas are measured in metres by
casting to geography in PostGIS; here we only need rough metres for size limits, from a local
equirectangular approximation that is good to a fraction of a percent at task scale.
"""

from __future__ import annotations

import math

from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import from_shape, to_shape
from shapely import get_num_coordinates
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from .domain.errors import Invalid

SRID = 4326
MAX_VERTICES = 2000
# A task or place bigger than this across is not something a patrol can search.
MAX_EXTENT_M = 50_000
EARTH_RADIUS_M = 6_371_008.8

POINT = ("Point",)
TASK_TYPES = ("Point", "LineString", "Polygon")
PLACE_TYPES = ("Point", "Polygon")


def _numbers(value, depth: int):
    """Walk nested coordinate arrays, checking their shape; yields (lon, lat) pairs."""
    if depth == 0:
        if not isinstance(value, list | tuple) or len(value) not in (2, 3):
            raise Invalid("A position is [longitude, latitude].")
        for n in value:
            if isinstance(n, bool) or not isinstance(n, int | float) or not math.isfinite(n):
                raise Invalid("Coordinates must be finite numbers.")
        yield value[0], value[1]
        return
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("Coordinates are nested arrays of [longitude, latitude] positions.")
    for item in value:
        yield from _numbers(item, depth - 1)


_DEPTH = {"Point": 0, "LineString": 1, "Polygon": 2, "MultiPolygon": 3}


def parse_geometry(data, allowed: tuple[str, ...], *, max_extent_m: float = MAX_EXTENT_M) -> BaseGeometry:
    """Check a GeoJSON geometry object and return it as a Shapely shape, or raise Invalid."""
    if not isinstance(data, dict):
        raise Invalid("Geometry must be a GeoJSON object with 'type' and 'coordinates'.")
    kind = data.get("type")
    if kind not in allowed:
        raise Invalid(f"Geometry type {kind!r} is not allowed here; use one of: {', '.join(allowed)}.")
    extra = set(data) - {"type", "coordinates", "crs", "bbox"}
    if extra:
        raise Invalid(f"Unknown geometry members: {', '.join(sorted(extra))}.")
    coords = data.get("coordinates")
    for count, (lon, lat) in enumerate(_numbers(coords, _DEPTH[kind]), start=1):
        if count > MAX_VERTICES:
            raise Invalid(f"Geometry has more than {MAX_VERTICES} vertices; simplify it.")
        if not -180 <= lon <= 180 or not -90 <= lat <= 90:
            raise Invalid(f"Position [{lon}, {lat}] is outside WGS84 (longitude -180..180, "
                          "latitude -90..90). Is it [longitude, latitude]?")
    if kind == "LineString" and len(coords) < 2:
        raise Invalid("A line needs at least two positions.")
    if kind in ("Polygon", "MultiPolygon"):
        polygons = [coords] if kind == "Polygon" else coords
        for rings in polygons:
            for ring in rings:
                if len(ring) < 4 or list(ring[0]) != list(ring[-1]):
                    raise Invalid("Each polygon ring needs at least four positions and must "
                                  "end where it starts.")
    geom = shape({"type": kind, "coordinates": coords})
    if geom.is_empty:
        raise Invalid("Geometry is empty.")
    if not geom.is_valid:
        raise Invalid(f"Geometry is not valid: {explain_validity(geom)}.")
    extent = extent_m(geom)
    if extent > max_extent_m:
        raise Invalid(f"Geometry is {extent / 1000:.1f} km across; the limit is "
                      f"{max_extent_m / 1000:.0f} km.")
    return geom


def extent_m(geom: BaseGeometry) -> float:
    """Approximate diagonal of the bounding box in metres."""
    minx, miny, maxx, maxy = geom.bounds
    mid_lat = math.radians((miny + maxy) / 2)
    dx = math.radians(maxx - minx) * math.cos(mid_lat) * EARTH_RADIUS_M
    dy = math.radians(maxy - miny) * EARTH_RADIUS_M
    return math.hypot(dx, dy)


def point(lon: float, lat: float) -> dict:
    """A GeoJSON point."""
    return {"type": "Point", "coordinates": [lon, lat]}


def to_db(geom: BaseGeometry) -> WKBElement:
    """A Shapely shape as a value for a geometry column."""
    return from_shape(geom, srid=SRID)


def from_db(value) -> BaseGeometry | None:
    return None if value is None else to_shape(value)


def to_geojson(value) -> dict | None:
    """A database geometry (or Shapely shape) as a GeoJSON geometry dict."""
    if value is None:
        return None
    geom = value if isinstance(value, BaseGeometry) else to_shape(value)
    return mapping(geom)


def vertex_count(geom: BaseGeometry) -> int:
    return int(get_num_coordinates(geom))
