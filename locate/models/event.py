"""Numbered events for the live feed, push subscriptions and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.vocab import AUDIT_ACTIONS
from ..extensions import db
from .base import one_of, timestamp_now


class Event(db.Model):
    """Something that happened, numbered so a reconnecting client can ask for what it missed."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_audience", "audience", postgresql_using="gin"),)
    # The insert answers the transaction id the database assigned, so the live message
    # carries it without another round trip.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The writing transaction's id (pg_current_xact_id): with a PostgreSQL snapshot as the
    # client's position, catch-up sends exactly what committed since (services/feed.py).
    xid: Mapped[int] = mapped_column(
        BigInteger, index=True, server_default=text("(pg_current_xact_id()::text::bigint)"))
    type: Mapped[str] = mapped_column(String(48))
    at: Mapped[datetime] = timestamp_now()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who may hear it: the read keys of the record it carries (domain/audience.py).
    audience: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    # What it concerns (for filtering and push): the team, the episode, the users named.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id"), index=True)
    user_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    payload: Mapped[dict] = mapped_column(JSONB)


class PushSubscription(db.Model):
    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    endpoint: Mapped[str] = mapped_column(Text, unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = timestamp_now()
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AuditEntry(db.Model):
    """Append-only: a trigger in the migration refuses UPDATE, DELETE and TRUNCATE."""

    __tablename__ = "audit_log"
    __table_args__ = (
        one_of("action", AUDIT_ACTIONS),
        # The justification's look-backs (a viewer, a child, the last minutes): migration
        # e9c9a9b9c909.
        Index("ix_audit_log_user_id_child_id_at", "user_id", "child_id", "at",
              postgresql_include=["action", "justification"]),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = timestamp_now()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    ip: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(String(300))
    route: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict] = mapped_column(JSONB, default=dict)
    # Why a child's record was consulted (DPA 2018 s.62): "auto: ..." when the viewer works on
    # it (domain/justification.py), else "given: ..." with the reason they picked.
    justification: Mapped[str | None] = mapped_column(String(240))
