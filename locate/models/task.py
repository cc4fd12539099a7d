"""Search tasks and the record of every state change."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.vocab import TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES
from ..extensions import db
from .base import any_geometry, one_of, timestamp_now


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        one_of("kind", TASK_KINDS),
        one_of("status", TASK_STATUSES),
        one_of("priority", TASK_PRIORITIES),
        CheckConstraint(
            "status = 'unassigned' OR status = 'cancelled' "
            "OR assignee_user_id IS NOT NULL OR assignee_team_id IS NOT NULL",
            name="assigned_has_assignee",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_tasks_geom_updated_at", "geom", "updated_at", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(160))
    geom = mapped_column(any_geometry(), nullable=False)
    instructions: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assignee_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    status: Mapped[str] = mapped_column(String(16), default="unassigned", index=True)
    result: Mapped[str | None] = mapped_column(Text)
    source_place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    source_sighting_id: Mapped[int | None] = mapped_column(ForeignKey("sightings.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()
    updated_at: Mapped[datetime] = timestamp_now()
    # Optimistic concurrency: an edit names the version it saw; a stale one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TaskTransition(db.Model):
    """Who moved a task from one state to another, and when: `acted_at` is when they did it
    (the phone's tap, which may be hours before it could be sent), `at` when the server
    received it. For a change made at a desk the two are the same."""

    __tablename__ = "task_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    # Set when the change came from a phone's outbox, so a resend is recognised.
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = timestamp_now()  # received by the server
    acted_at: Mapped[datetime] = timestamp_now()
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignee_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    note: Mapped[str | None] = mapped_column(Text)
