"""Children, their versioned Philomena profile, photos, associates and places."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.vocab import PLACE_KINDS, PLACE_SOURCES, PLACEMENT_TYPES
from ..extensions import db
from .base import any_geometry, one_of, point, timestamp_now


class Photo(db.Model):
    """An image kept in the database so that it is served only through access checks."""

    __tablename__ = "photos"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()


class Child(db.Model):
    """The stable identity of a child; what describes them lives in ChildProfile versions."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    # The LOCATE team responsible for the child's placement area, and the care provider.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = timestamp_now()
    updated_at: Mapped[datetime] = timestamp_now()
    # Retention: when set, the record may be erased after this date by the retention command.
    retain_until: Mapped[date | None] = mapped_column(Date)
    # The last time a carer said the profile is still right, or saved a new version (which
    # says the same): how current the profile is (domain/profile_currency.py).
    profile_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    profile_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    profiles = relationship("ChildProfile", order_by="ChildProfile.version", viewonly=True)


class ChildProfile(db.Model):
    """One version of the Philomena Part 1 profile; earlier versions are never changed."""

    __tablename__ = "child_profiles"
    __table_args__ = (
        UniqueConstraint("child_id", "version", name="uq_child_profiles_child_version"),
        one_of("placement_type", PLACEMENT_TYPES),
        one_of("sex", ("female", "male", "other", "unknown")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    known_as: Mapped[str | None] = mapped_column(String(80))
    date_of_birth: Mapped[date] = mapped_column(Date)
    # A call taker often has an age, not a date: the date is then derived from the age, and
    # the report says the profile still lacks the real one (domain/profile_gaps.py).
    date_of_birth_estimated: Mapped[bool] = mapped_column(Boolean, default=False,
                                                          server_default="false")
    sex: Mapped[str] = mapped_column(String(16))
    ethnicity: Mapped[str | None] = mapped_column(String(80))
    photo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("photos.id"))
    height_cm: Mapped[int | None] = mapped_column(Integer)
    build: Mapped[str | None] = mapped_column(String(40))
    hair: Mapped[str | None] = mapped_column(String(80))
    eyes: Mapped[str | None] = mapped_column(String(40))
    distinguishing_features: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    placement_type: Mapped[str] = mapped_column(String(32))
    placement_address: Mapped[str | None] = mapped_column(Text)
    placement_location = mapped_column(point(), nullable=True)
    placement_since: Mapped[date | None] = mapped_column(Date)
    responsible_local_authority: Mapped[str | None] = mapped_column(String(120))
    vulnerabilities: Mapped[list] = mapped_column(JSONB, default=list)
    exploitation_indicators: Mapped[list] = mapped_column(JSONB, default=list)
    medical_needs: Mapped[str | None] = mapped_column(Text)
    phones: Mapped[list] = mapped_column(JSONB, default=list)
    social_media: Mapped[list] = mapped_column(JSONB, default=list)
    addresses: Mapped[list] = mapped_column(JSONB, default=list)
    transport_used: Mapped[str | None] = mapped_column(Text)
    missing_history: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()


class Associate(db.Model):
    __tablename__ = "associates"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    relationship_to_child: Mapped[str] = mapped_column(String(60))
    age_estimate: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    location = mapped_column(point(), nullable=True)
    concern: Mapped[str | None] = mapped_column(Text)  # e.g. older associate, CSE/CCE concern
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = timestamp_now()


class Place(db.Model):
    """A place the child frequents, with where we learned of it."""

    __tablename__ = "places"
    __table_args__ = (one_of("kind", PLACE_KINDS), one_of("source", PLACE_SOURCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    geom = mapped_column(any_geometry(), nullable=False)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    associate_id: Mapped[int | None] = mapped_column(ForeignKey("associates.id"))
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id"))  # found-at / RHI
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = timestamp_now()
    last_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    associate = relationship(Associate)
