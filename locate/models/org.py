"""Teams, partner organisations, users and their position fixes."""

from __future__ import annotations

import uuid
from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.vocab import ORGANISATION_KINDS, ROLES
from ..extensions import db
from .base import SRID, one_of, point, timestamp_now


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    area = mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True), nullable=False)
    created_at: Mapped[datetime] = timestamp_now()


class Organisation(db.Model):
    """A care provider, local authority or family a partner user belongs to."""

    __tablename__ = "organisations"
    __table_args__ = (one_of("kind", ORGANISATION_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(Text)
    location = mapped_column(point(), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[datetime] = timestamp_now()


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        one_of("role", ROLES),
        # Partners belong to an organisation; everyone else to a team, except force-wide roles.
        db.CheckConstraint(
            "role <> 'partner' OR organisation_id IS NOT NULL", name="partner_has_organisation"
        ),
        db.CheckConstraint(
            "role NOT IN ('constable','sergeant','inspector') OR team_id IS NOT NULL",
            name="officer_has_team",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    collar_number: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    position = mapped_column(point(), nullable=True)
    position_accuracy_m: Mapped[float | None] = mapped_column(Float)
    position_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = timestamp_now()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    team = relationship(Team, lazy="joined")
    organisation = relationship(Organisation, lazy="joined")

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class PositionFix(db.Model):
    """A position an officer's phone reported; the client id makes a resend harmless."""

    __tablename__ = "position_fixes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    geom = mapped_column(point(), nullable=False)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = timestamp_now()
    battery_pct: Mapped[int | None] = mapped_column(Integer)


class DutyChange(db.Model):
    """An officer going on or off duty: when they did it on the phone (`acted_at`, which may
    be long before a phone out of signal could send it) and when the server received it."""

    __tablename__ = "duty_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Set by a phone's outbox, so a resend is recognised and not recorded twice.
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    on_duty: Mapped[bool] = mapped_column(Boolean)
    acted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = timestamp_now()
