"""Signed-in sessions kept on the server, and failed sign-ins counted per account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, LargeBinary, String
from sqlalchemy.dialects.postgresql import INET
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import timestamp_now


class UserSession(db.Model):
    """One signed-in browser or phone. The cookie carries a random token; this row holds only
    its SHA-256, so a copy of the table signs nobody in. A session ends when revoked_at is set
    (sign-out, an administrator, deactivation) or at expires_at."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = timestamp_now()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Refreshed at most every SESSION_TOUCH_SECONDS, so reads stay reads.
    last_seen_at: Mapped[datetime] = timestamp_now()
    ip: Mapped[str | None] = mapped_column(INET)
    last_ip: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # signed_out, ended (by an administrator or the user), deactivated
    revoked_reason: Mapped[str | None] = mapped_column(String(16))


class SignInFailure(db.Model):
    """A wrong password (or unknown username) for a username. Counted per username whether the
    account exists or not, so the lockout does not tell an attacker which names are real."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ip: Mapped[str | None] = mapped_column(INET)
