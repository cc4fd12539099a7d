"""Where the demo force works: West Yorkshire districts as patrol areas, more cities when the
demo grows towards a national year, and points placed inside them.

The five West Yorkshire polygons are coarse outlines traced by hand from real coordinates
(town centres and district edges, a few km accurate); they share borders so they do not overlap.
The other cities get a box about 24 km x 18 km around their real city-centre coordinates.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from shapely import contains_xy
from shapely.geometry import MultiPolygon, Polygon, box

KM_PER_DEG_LAT = 111.32


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    centre: tuple[float, float]  # lon, lat of the town centre
    towns: tuple[tuple[float, float], ...]  # further centres where people live
    polygon: Polygon
    weight: float = 1.0  # share of children relative to other areas


_LEEDS = Polygon([(-1.63, 53.94), (-1.40, 53.94), (-1.29, 53.88), (-1.20, 53.80), (-1.20, 53.76),
                  (-1.30, 53.745), (-1.45, 53.70), (-1.58, 53.72), (-1.66, 53.74), (-1.68, 53.78),
                  (-1.70, 53.86)])
_BRADFORD = Polygon([(-1.63, 53.94), (-1.70, 53.86), (-1.68, 53.78), (-1.66, 53.74),
                     (-1.75, 53.72), (-1.85, 53.75), (-1.95, 53.78), (-2.05, 53.84),
                     (-2.04, 53.90), (-1.90, 53.96), (-1.75, 53.96)])
_CALDERDALE = Polygon([(-1.85, 53.75), (-1.75, 53.72), (-1.78, 53.66), (-1.90, 53.62),
                       (-2.05, 53.64), (-2.15, 53.70), (-2.10, 53.80), (-2.05, 53.84),
                       (-1.95, 53.78)])
_KIRKLEES = Polygon([(-1.66, 53.74), (-1.58, 53.72), (-1.55, 53.66), (-1.60, 53.58),
                     (-1.72, 53.53), (-1.85, 53.55), (-1.90, 53.62), (-1.78, 53.66),
                     (-1.75, 53.72)])
_WAKEFIELD = Polygon([(-1.58, 53.72), (-1.45, 53.70), (-1.30, 53.745), (-1.20, 53.76),
                      (-1.20, 53.66), (-1.25, 53.58), (-1.40, 53.57), (-1.52, 53.60),
                      (-1.60, 53.58), (-1.55, 53.66)])

WEST_YORKSHIRE = (
    Area("LDS", "Leeds LOCATE", (-1.5491, 53.8008), ((-1.5491, 53.8008), (-1.4300, 53.7700),
         (-1.5800, 53.8400), (-1.6100, 53.7900)), _LEEDS, 1.6),
    Area("BFD", "Bradford LOCATE", (-1.7594, 53.7960), ((-1.7594, 53.7960), (-1.8300, 53.8670),
         (-1.9080, 53.8670), (-1.7800, 53.8300)), _BRADFORD, 1.3),
    Area("WKF", "Wakefield LOCATE", (-1.4977, 53.6833), ((-1.4977, 53.6833), (-1.3100, 53.6900),
         (-1.3550, 53.7250), (-1.4150, 53.6400)), _WAKEFIELD, 0.9),
    Area("KLS", "Kirklees LOCATE", (-1.7850, 53.6458), ((-1.7850, 53.6458), (-1.6300, 53.6910),
         (-1.6900, 53.7200), (-1.8600, 53.5980)), _KIRKLEES, 1.0),
    Area("CLD", "Calderdale LOCATE", (-1.8575, 53.7248), ((-1.8575, 53.7248), (-2.0150, 53.7420),
         (-1.7850, 53.7030), (-1.9550, 53.6930)), _CALDERDALE, 0.6),
)

# (code, name, lon, lat, weight): city centres across England and Wales for larger scales.
CITIES = (
    ("LON", "London", -0.1276, 51.5072, 8.0), ("BHM", "Birmingham", -1.8904, 52.4862, 2.5),
    ("MAN", "Manchester", -2.2426, 53.4808, 2.5), ("LIV", "Liverpool", -2.9916, 53.4084, 1.6),
    ("SHF", "Sheffield", -1.4701, 53.3811, 1.3), ("BST", "Bristol", -2.5879, 51.4545, 1.3),
    ("NCL", "Newcastle", -1.6178, 54.9783, 1.2), ("NTG", "Nottingham", -1.1581, 52.9548, 1.1),
    ("LEI", "Leicester", -1.1398, 52.6369, 1.0), ("COV", "Coventry", -1.5197, 52.4068, 0.9),
    ("CDF", "Cardiff", -3.1791, 51.4816, 1.0), ("SWA", "Swansea", -3.9436, 51.6214, 0.7),
    ("NWP", "Newport", -2.9984, 51.5842, 0.5), ("STK", "Stoke-on-Trent", -2.1794, 53.0027, 0.8),
    ("HUL", "Hull", -0.3367, 53.7457, 0.9), ("PLY", "Plymouth", -4.1427, 50.3755, 0.8),
    ("SOU", "Southampton", -1.4044, 50.9097, 0.8), ("PME", "Portsmouth", -1.0880, 50.8198, 0.7),
    ("BTN", "Brighton", -0.1372, 50.8225, 0.8), ("RDG", "Reading", -0.9781, 51.4543, 0.6),
    ("OXF", "Oxford", -1.2577, 51.7520, 0.6), ("CAM", "Cambridge", 0.1218, 52.2053, 0.5),
    ("NRW", "Norwich", 1.2974, 52.6309, 0.7), ("IPS", "Ipswich", 1.1555, 52.0567, 0.5),
    ("EXE", "Exeter", -3.5339, 50.7184, 0.5), ("GLO", "Gloucester", -2.2431, 51.8642, 0.5),
    ("DBY", "Derby", -1.4746, 52.9225, 0.8), ("WLV", "Wolverhampton", -2.1288, 52.5870, 0.8),
    ("PRE", "Preston", -2.7035, 53.7632, 0.6), ("BPL", "Blackpool", -3.0357, 53.8175, 0.6),
    ("MDB", "Middlesbrough", -1.2348, 54.5742, 0.8), ("SUN", "Sunderland", -1.3834, 54.9069, 0.8),
    ("YRK", "York", -1.0815, 53.9600, 0.5), ("LIN", "Lincoln", -0.5406, 53.2307, 0.5),
    ("PTB", "Peterborough", -0.2405, 52.5695, 0.6), ("NTH", "Northampton", -0.8901, 52.2405, 0.6),
    ("MKY", "Milton Keynes", -0.7594, 52.0406, 0.6), ("LUT", "Luton", -0.4200, 51.8787, 0.6),
    ("CHM", "Chelmsford", 0.4691, 51.7356, 0.5), ("CNT", "Canterbury", 1.0789, 51.2802, 0.4),
    ("CAR", "Carlisle", -2.9382, 54.8925, 0.3), ("WRX", "Wrexham", -2.9916, 53.0430, 0.3),
    ("BOU", "Bournemouth", -1.8795, 50.7192, 0.6), ("SWI", "Swindon", -1.7797, 51.5558, 0.5),
)


def city_area(code, name, lon, lat, weight) -> Area:
    half_lat = 9 / KM_PER_DEG_LAT
    half_lon = 12 / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    poly = box(lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)
    return Area(code, f"{name} LOCATE", (lon, lat), ((lon, lat),), poly, weight)


def areas_for_scale(scale: float) -> list[Area]:
    """West Yorkshire always; from scale 5 one more city per 5 of scale, up to all of them."""
    extra = min(len(CITIES), int(scale // 5))
    return [*WEST_YORKSHIRE, *(city_area(*c) for c in CITIES[:extra])]


def multipolygon_ewkt(area: Area) -> str:
    return "SRID=4326;" + MultiPolygon([area.polygon]).wkt


def ewkt_point(lon: float, lat: float) -> str:
    return f"SRID=4326;POINT({lon:.6f} {lat:.6f})"


def offset(lon: float, lat: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """The point km away on a bearing (spherical earth; good to well under 1% at these ranges)."""
    r = 6371.0088
    d = km / r
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(l2), math.degrees(p2)


def near(rng: random.Random, lon: float, lat: float, sigma_km: float) -> tuple[float, float]:
    """A point scattered around (lon, lat), about sigma_km either way."""
    dy = rng.gauss(0, sigma_km) / KM_PER_DEG_LAT
    dx = rng.gauss(0, sigma_km) / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lon + dx, lat + dy


def home_in(rng: random.Random, area: Area, sigma_km: float = 2.5) -> tuple[float, float]:
    """A residential point inside the area, clustered around its towns."""
    for _ in range(50):
        town = area.towns[rng.randrange(len(area.towns))]
        lon, lat = near(rng, *town, sigma_km)
        if contains_xy(area.polygon, lon, lat):
            return lon, lat
    return area.centre
