"""A force's own distance table, uploaded on the desk: every change is a row (append-only), so
it is on record which table drew the rings and weighed the ranking at any time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import timestamp_now


class DistanceTableVersion(db.Model):
    __tablename__ = "distance_tables"
    __table_args__ = (
        # A row without points puts the published default (or the deployment's setting) back.
        CheckConstraint("(points IS NULL) = (source IS NULL)", name="points_with_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # [[km, cumulative share], ...]; SQL NULL (not JSON null) when the default is put back.
    points: Mapped[list | None] = mapped_column(JSONB(none_as_null=True))
    source: Mapped[str | None] = mapped_column(Text)
    age_band: Mapped[str | None] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = timestamp_now()
