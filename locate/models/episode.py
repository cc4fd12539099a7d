"""Missing episodes, their links, risk assessments, sightings, escalations and RHIs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.vocab import (
    ASSESSMENT_KINDS,
    CONFIDENCE,
    EPISODE_STATUSES,
    ESCALATION_DIRECTIONS,
    ESCALATION_LEVELS,
    ESCALATION_OUTCOMES,
    ESCALATION_STATUSES,
    ESCALATION_STEPS,
    ESCALATION_SUBJECTS,
    FOUND_BY,
    FOUND_PLACE_KINDS,
    HARM_SUFFERED,
    RISK_GRADES,
    SIGHTING_SOURCES,
)
from ..extensions import db
from .base import metric_copy, one_of, point, timestamp_now


class Episode(db.Model):
    __tablename__ = "episodes"
    __table_args__ = (
        one_of("status", EPISODE_STATUSES),
        one_of("found_place_kind", FOUND_PLACE_KINDS),
        one_of("found_by", FOUND_BY),
        one_of("risk_grade", RISK_GRADES),
        one_of("harm_suffered", HARM_SUFFERED),
        CheckConstraint("status = 'open' OR found_at IS NOT NULL", name="found_has_time"),
        CheckConstraint("last_seen_at <= reported_at + interval '1 hour'", name="seen_before_report"),
        # The map asks "in this box, since then": one GiST index answers both (see the
        # migration b7e4d2a9c310).
        Index("ix_episodes_last_seen_geom_reported_at", "last_seen_geom", "reported_at",
              postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # Philomena Part 2 and the report
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    reported_by_name: Mapped[str] = mapped_column(String(120))
    reported_by_relationship: Mapped[str | None] = mapped_column(String(60))
    reported_by_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_geom = mapped_column(point(), nullable=False)
    last_seen_metric = metric_copy("last_seen_geom")  # the network's "reported together"
    last_seen_description: Mapped[str | None] = mapped_column(Text)
    clothing: Mapped[str | None] = mapped_column(Text)
    circumstances: Mapped[str | None] = mapped_column(Text)
    # The current grade and review due are copied from the latest assessment so the map and the
    # episode list can sort on them without a subquery; the assessments stay the record.
    risk_grade: Mapped[str | None] = mapped_column(String(24), index=True)
    next_review_due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Outcome
    found_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    found_geom = mapped_column(point(), nullable=True)
    found_metric = metric_copy("found_geom")
    found_place_kind: Mapped[str | None] = mapped_column(String(32))
    found_by: Mapped[str | None] = mapped_column(String(32))
    found_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    # Asked when found: what the force learns from (grading against outcome, domain/outcomes.py).
    found_condition: Mapped[str | None] = mapped_column(Text)
    # Whether harm was suffered while missing (yes/no/unknown): the next grading reads it as
    # "harm in a previous episode", and the force compares it with the grade given.
    harm_suffered: Mapped[str | None] = mapped_column(String(8))
    # Asked when closed; a referred interview is due RHI_DUE_HOURS after found_at and chased.
    rhi_referred: Mapped[bool | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A high-risk grade needs the duty inspector's acknowledgement (chased until given);
    # a new high grade after a lower one clears it, so the new risk is acknowledged too.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()
    version: Mapped[int] = mapped_column(Integer, default=1)

    child = relationship("Child", lazy="joined")


class EpisodeLink(db.Model):
    """Two episodes whose children went missing together (a CSE/CCE indicator)."""

    __tablename__ = "episode_links"
    __table_args__ = (CheckConstraint("episode_id < linked_episode_id", name="ordered_pair"),)

    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), primary_key=True)
    linked_episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), primary_key=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()


class RiskAssessment(db.Model):
    __tablename__ = "risk_assessments"
    __table_args__ = (one_of("grade", RISK_GRADES), one_of("kind", ASSESSMENT_KINDS),
                      one_of("suggested_grade", RISK_GRADES))

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    grade: Mapped[str] = mapped_column(String(24))
    # {"factor_key": "yes" | "no" | "unknown"} and {"factor_key": "where this came from"}
    factors: Mapped[dict] = mapped_column(JSONB, default=dict)
    sources: Mapped[dict] = mapped_column(JSONB, default=dict)
    rationale: Mapped[str] = mapped_column(Text)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_review_due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supervisor_note: Mapped[str | None] = mapped_column(Text)
    # The grading questionnaire (domain/app_questions.py): {question: {answer, note, who,
    # contact, obtained_at}}. `factors` keeps {question: answer} for older readers; rows made
    # before the questionnaire have only factors/sources and are read through
    # app_questions.answers_from_legacy.
    kind: Mapped[str] = mapped_column(String(16), default="assessment",
                                      server_default="assessment")
    answers: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    # What was on record when graded and what the rule suggested, kept with the grade so the
    # history shows what the officer saw, and why a lower grade was chosen.
    record_indicators: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    suggested_grade: Mapped[str | None] = mapped_column(String(24))
    suggestion_reasons: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    below_suggestion_rationale: Mapped[str | None] = mapped_column(Text)


class Sighting(db.Model):
    __tablename__ = "sightings"
    __table_args__ = (
        one_of("source", SIGHTING_SOURCES),
        one_of("confidence", CONFIDENCE),
        CheckConstraint("accuracy_m IS NULL OR accuracy_m >= 0", name="accuracy_non_negative"),
        Index("ix_sightings_geom_observed_at", "geom", "observed_at", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the phone: a resend of the same sighting finds this and creates nothing.
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    geom = mapped_column(point(), nullable=False)
    geom_metric = metric_copy("geom")
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[str] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)
    photo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("photos.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = timestamp_now()


class Escalation(db.Model):
    """A carer's challenge to a police risk decision, or police concern about a placement."""

    __tablename__ = "escalations"
    __table_args__ = (
        one_of("direction", ESCALATION_DIRECTIONS),
        one_of("status", ESCALATION_STATUSES),
        one_of("subject", ESCALATION_SUBJECTS),
        one_of("level", ESCALATION_LEVELS),
        one_of("outcome", ESCALATION_OUTCOMES),
        CheckConstraint("status <> 'resolved' OR (outcome IS NOT NULL AND resolved_at IS NOT NULL)",
                        name="resolved_has_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    direction: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = timestamp_now()
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    response: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The team that answers (the episode's, else the child's): the scope police see it in.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    subject: Mapped[str] = mapped_column(String(32), default="risk_grade")
    risk_assessment_id: Mapped[int | None] = mapped_column(ForeignKey("risk_assessments.id"))
    level: Mapped[str] = mapped_column(String(16), default="duty_inspector")
    outcome: Mapped[str | None] = mapped_column(String(16))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EscalationStep(db.Model):
    """One line of an escalation's own timeline: raised, notified, escalated up, decided."""

    __tablename__ = "escalation_steps"
    __table_args__ = (one_of("step", ESCALATION_STEPS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who was told (notified, escalated): ids, so the timeline can name them.
    user_ids: Mapped[list] = mapped_column(JSONB, default=list)
    note: Mapped[str | None] = mapped_column(Text)


class ReturnHomeInterview(db.Model):
    __tablename__ = "return_home_interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    interviewer_name: Mapped[str] = mapped_column(String(120))
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    conducted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined: Mapped[bool] = mapped_column(default=False)
    where_stayed: Mapped[str | None] = mapped_column(Text)
    with_whom: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    disclosures: Mapped[list] = mapped_column(JSONB, default=list)
    created_at: Mapped[datetime] = timestamp_now()
