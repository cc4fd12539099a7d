"""Transfers of placement: a child (and the Philomena profile) moving to another organisation.
Append-only: the row is the record of when the old organisation lost access, and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import timestamp_now


class ChildTransfer(db.Model):
    __tablename__ = "child_transfers"
    __table_args__ = (
        CheckConstraint("from_organisation_id IS DISTINCT FROM to_organisation_id",
                        name="moves_somewhere"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    from_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    to_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # The LOCATE team follows the placement's area (the receiving organisation's team).
    from_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    to_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = timestamp_now()
    reason: Mapped[str] = mapped_column(Text)
