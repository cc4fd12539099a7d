"""Signing in and out, sessions kept on the server, and the per-account sign-in lock.

The cookie holds a random token; user_sessions holds its hash. Every request loads the user
through that row in one statement (auth.py), so ending a session on the server ends it
everywhere at once. Live sockets of ended sessions are closed after the commit
(realtime_sessions.py).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select, update

from ... import audit
from ...access import require
from ...domain.errors import DomainError, NotFound
from ...domain.sign_in_lock import locked_until, lockout_message
from ...live import realtime_sessions
from ...models import SignInFailure, User, UserSession
from ...security.passwords import hash_password, needs_rehash, verify_password


class AccountLocked(DomainError):
    """Too many failed sign-ins for one username: 429, with when to try again."""

    status = 429

    def __init__(self, until: datetime, now: datetime):
        super().__init__(lockout_message(until, now))
        self.retry_after = max(1, int((until - now).total_seconds() + 0.999))


@dataclass(frozen=True)
class LockPolicy:
    """SIGN_IN_MAX_FAILURES failures within SIGN_IN_FAILURE_WINDOW lock for SIGN_IN_LOCKOUT."""

    max_failures: int
    window: timedelta
    lockout: timedelta

    @classmethod
    def from_config(cls, config) -> LockPolicy:
        return cls(config["SIGN_IN_MAX_FAILURES"],
                   timedelta(minutes=config["SIGN_IN_FAILURE_WINDOW_MINUTES"]),
                   timedelta(minutes=config["SIGN_IN_LOCKOUT_MINUTES"]))


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str  # goes into the cookie, never stored
    session_id: int


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _lock_end(session, username: str, policy: LockPolicy, now: datetime) -> datetime | None:
    times = session.execute(
        select(SignInFailure.at).where(SignInFailure.username == username,
                                       SignInFailure.at > now - policy.window - policy.lockout)
        .order_by(SignInFailure.at.desc()).limit(policy.max_failures)).scalars().all()
    until = locked_until(times, max_failures=policy.max_failures, window=policy.window,
                         lockout=policy.lockout)
    return until if until and until > now else None


def sign_in(session, *, username: str, password: str, policy: LockPolicy, lifetime: timedelta,
            address: str | None = None, user_agent: str = "") -> SignedIn | None:
    """Check a username and password against the lock and the hash; audit the attempt
    either way. A SignedIn (with the new session's token), None for a wrong password, or
    AccountLocked (also when this failure is the one that locks)."""
    username = username[:64]
    now = datetime.now(UTC)
    if until := _lock_end(session, username, policy, now):
        # Not verified and not counted: the right password waits for the lock like a wrong one.
        audit.record(session, user=None, username=username, action="login_failed",
                     entity="session", reason="locked")
        session.commit()
        raise AccountLocked(until, now)
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if not verify_password(user.password_hash if user else None, password) or not user.active:
        session.add(SignInFailure(username=username, at=now, ip=address))
        # Old failures count for nothing: drop them as we go (the audit log keeps the history).
        session.execute(delete(SignInFailure).where(
            SignInFailure.at < now - policy.window - policy.lockout))
        audit.record(session, user=None, username=username, action="login_failed",
                     entity="session")
        session.commit()
        if until := _lock_end(session, username, policy, now):
            raise AccountLocked(until, now)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    session.execute(delete(SignInFailure).where(SignInFailure.username == username))
    token = secrets.token_urlsafe(32)
    row = UserSession(token_hash=token_hash(token), user_id=user.id, expires_at=now + lifetime,
                      last_seen_at=now, ip=address, last_ip=address,
                      user_agent=(user_agent or "")[:300] or None)
    session.add(row)
    session.flush()
    audit.record(session, user=user, action="login", entity="session", session_id=row.id)
    session.commit()
    return SignedIn(user=user, token=token, session_id=row.id)


def load(session, *, token: str, user_id: int) -> tuple[User, int, datetime] | None:
    """The active user of a live session, its id and when it was last seen; one statement
    (the user's team and organisation come joined, as before)."""
    row = session.execute(_LOAD, {"token_hash": token_hash(token), "user_id": user_id,
                                  "now": datetime.now(UTC)}).first()
    return tuple(row) if row else None


# Built once: every signed-in request runs it, and building a select costs more than running
# this one (docs/benchmarks.md, "smallest signed-in request").
_LOAD = (select(User, UserSession.id, UserSession.last_seen_at)
         .join(UserSession, UserSession.user_id == User.id)
         .where(UserSession.token_hash == bindparam("token_hash"),
                UserSession.user_id == bindparam("user_id"),
                UserSession.revoked_at.is_(None), UserSession.expires_at > bindparam("now"),
                User.active.is_(True)))


def ended_among(session, *, session_ids) -> list[int]:
    """Which of these sessions are no longer live (for the socket sweep)."""
    live = set(session.execute(
        select(UserSession.id).join(User, User.id == UserSession.user_id)
        .where(UserSession.id.in_(list(session_ids)), UserSession.revoked_at.is_(None),
               UserSession.expires_at > datetime.now(UTC), User.active.is_(True))).scalars())
    return sorted(set(session_ids) - live)


def touch(session, *, session_id: int, address: str | None) -> None:
    """Note that a session is in use (the caller does this at most every few minutes)."""
    session.execute(update(UserSession).where(UserSession.id == session_id)
                    .values(last_seen_at=datetime.now(UTC), last_ip=address))
    session.commit()


def sign_out(session, *, user: User, session_id: int | None) -> None:
    """End this session on the server (a replayed cookie then signs nobody in)."""
    ended = _revoke(session, UserSession.id == session_id, reason="signed_out")
    audit.record(session, user=user, action="logout", entity="session", session_id=session_id)
    session.commit()
    realtime_sessions.end(ended)


def revoke_all(session, *, user_id: int, reason: str) -> list[int]:
    """End every live session of a user inside the caller's transaction; the ids, for
    realtime_sessions.end() after the caller commits."""
    return _revoke(session, UserSession.user_id == user_id, reason=reason)


def _revoke(session, condition, *, reason: str) -> list[int]:
    return list(session.execute(
        update(UserSession).where(condition, UserSession.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC), revoked_reason=reason)
        .returning(UserSession.id)).scalars())


_MAX_ID = 2**31 - 1  # users.id is a PostgreSQL integer: a bigger one names nobody


def _target(session, actor: User, user_id: int) -> User:
    """The user whose sessions are asked about: yourself, or anyone for an administrator."""
    if actor.id != user_id:
        require(actor, "user.manage")
    user = session.get(User, user_id) if 0 < user_id <= _MAX_ID else None
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user


def end_user_sessions(session, *, actor: User, user_id: int) -> dict:
    """End all of a user's sessions (a lost phone), sockets included."""
    user = _target(session, actor, user_id)
    ended = revoke_all(session, user_id=user.id, reason="ended")
    audit.record(session, user=actor, action="delete", entity="session", entity_id=user.id,
                 sessions=ended)
    session.commit()
    realtime_sessions.end(ended)
    return {"ended": len(ended)}


def session_dict(row: UserSession, current_id: int | None) -> dict:
    return {"id": row.id, "created_at": row.created_at.isoformat(),
            "last_seen_at": row.last_seen_at.isoformat(),
            "expires_at": row.expires_at.isoformat(), "ip": row.ip, "last_ip": row.last_ip,
            "user_agent": row.user_agent, "current": row.id == current_id}


def list_user_sessions(session, *, actor: User, user_id: int, current_id: int | None,
                       policy: LockPolicy) -> dict:
    """A user's live sessions (where and on what they are signed in) and any sign-in lock."""
    user = _target(session, actor, user_id)
    now = datetime.now(UTC)
    rows = session.execute(
        select(UserSession).where(UserSession.user_id == user.id,
                                  UserSession.revoked_at.is_(None), UserSession.expires_at > now)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())).scalars().all()
    until = _lock_end(session, user.username, policy, now)
    body = {"items": [session_dict(r, current_id) for r in rows],
            "sign_in_locked_until": until.isoformat() if until else None}
    session.rollback()
    return body


def lift_lock(session, *, actor: User, user_id: int) -> dict:
    """An administrator lifts a sign-in lock: the failed attempts so far count for nothing."""
    require(actor, "user.manage")
    user = session.get(User, user_id) if 0 < user_id <= _MAX_ID else None
    if user is None:
        raise NotFound(f"No user {user_id}.")
    cleared = session.execute(
        delete(SignInFailure).where(SignInFailure.username == user.username)).rowcount
    audit.record(session, user=actor, action="delete", entity="sign_in_lock",
                 entity_id=user.id, failures_cleared=cleared)
    session.commit()
    return {"failures_cleared": cleared}
