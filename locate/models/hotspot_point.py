"""Every found point and sighting on one narrow row, in whole metres on the British National
Grid, with what the desk filters on (the episode's child, team and report time).

Kept by the database, never by the app: triggers on episodes and sightings write it in the
same transaction as the point itself (migration fa1afa1afa10), and the app's role may only
read it. Force-wide hot spots over a national year count about 1.4 million points into a
quarter of a million cells; read from here, in the order of the (cell, child) index, that is
one pass with no join, no hash table and no projection (docs/decisions.md, "Hot spots over
a year").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Computed, DateTime, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

CELL_M = 500  # the desk's default cell; other sizes compute their cell from x and y
# A cell (i, j) as one sortable int64: i in the high 32 bits, j offset by 2^31 in the low 32
# (locate/analysis/hotspots.py decodes it the same way).
CELL_OFFSET = 1 << 31


def cell_key_sql(x: str, y: str, cell: str) -> str:
    return (f"((floor({x} / CAST({cell} AS float8)))::bigint << 32) "
            f"+ (floor({y} / CAST({cell} AS float8)))::bigint + {CELL_OFFSET}")


class HotspotPoint(db.Model):
    __tablename__ = "hotspot_points"
    __table_args__ = (
        Index("ix_hotspot_points_cell_child", "cell500", "child_id",
              postgresql_include=["reported_at", "team_id", "found"]),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # No foreign keys: their checks run row by row and the triggers add a million rows in one
    # statement; the triggers follow deletes instead.
    episode_id: Mapped[int] = mapped_column(Integer, index=True)
    # NULL for the episode's found point, else the sighting.
    sighting_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    found: Mapped[bool] = mapped_column(Boolean, Computed("sighting_id IS NULL", persisted=True))
    child_id: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    x: Mapped[int] = mapped_column(Integer)  # metres east, EPSG:27700
    y: Mapped[int] = mapped_column(Integer)  # metres north
    cell500: Mapped[int] = mapped_column(
        BigInteger, Computed(cell_key_sql("x", "y", str(CELL_M)), persisted=True))
