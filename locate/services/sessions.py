"""Signing in and out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from .. import audit
from ..models import User
from ..passwords import hash_password, needs_rehash, verify_password


def sign_in(session, *, username: str, password: str) -> User | None:
    """Check a username and password; audit the attempt either way; the user or None."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or not user.active:
        audit.record(session, user=None, username=username[:64], action="login_failed",
                     entity="session")
        session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    audit.record(session, user=user, action="login", entity="session")
    session.commit()
    return user


def sign_out(session, *, user: User) -> None:
    """Record the sign-out."""
    audit.record(session, user=user, action="logout", entity="session")
    session.commit()
