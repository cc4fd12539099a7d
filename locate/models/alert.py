"""What the review clock raised: one row per alert key, ever (locate/clock/fire.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.alerts import ALERT_KINDS, RECIPIENTS
from ..extensions import db
from .base import one_of, timestamp_now


class AlertRow(db.Model):
    """The key is UNIQUE: the database, not the scheduler, is what makes an alert fire once
    (INSERT ... ON CONFLICT DO NOTHING in every process that ticks)."""

    __tablename__ = "alerts"
    __table_args__ = (
        one_of("kind", ALERT_KINDS),
        one_of("recipients", RECIPIENTS),
        # The open alerts of a team: what GET /api/alerts and every tick's resolve read.
        Index("ix_alerts_open_team", "team_id", postgresql_where="resolved_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipients: Mapped[str] = mapped_column(String(24))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id"), index=True)
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id"))
    message: Mapped[str] = mapped_column(Text)
    # Who was told (their phones got the push): kept, as the record of who knew when.
    told_user_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    # Set by the tick that no longer finds the alert's cause (the review done, the episode
    # closed, the acknowledgement given, a later chase sent): the alert is then no longer open.
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = timestamp_now()
