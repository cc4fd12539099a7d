"""Shared column helpers for the models."""

from __future__ import annotations

from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, Computed, DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

SRID = 4326  # WGS84 everywhere; metres come from casting to geography (docs/decisions.md)


def point():
    """A WGS84 point column with a GiST index."""
    return Geometry("POINT", srid=SRID, spatial_index=True)


# Metres on the British National Grid, for grid counts across a force (locate/analysis/).
METRIC_SRID = 27700


def metric_copy(column: str):
    """The point `column` projected once, when the row is written (a stored generated column,
    no index): a force-wide count then reads coordinates in metres instead of projecting a
    year's points on every request (docs/decisions.md, "Hot spots over a year")."""
    return mapped_column(Geometry("POINT", srid=METRIC_SRID, spatial_index=False),
                         Computed(f"ST_Transform({column}, {METRIC_SRID})", persisted=True))


def any_geometry():
    """A WGS84 point, line or polygon column with a GiST index."""
    return Geometry("GEOMETRY", srid=SRID, spatial_index=True)


def one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A CHECK that keeps a text column inside a closed vocabulary."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")


def timestamp_now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)
