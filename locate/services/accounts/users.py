"""Creating and changing users."""

from __future__ import annotations

from sqlalchemy import func, select

from ... import audit
from ...access import require, users_scope
from ...domain.errors import Conflict, Invalid, NotFound
from ...domain.permissions import TEAM_SCOPED
from ...domain.vocab import ROLES
from ...live import realtime_sessions
from ...models import Organisation, Team, User
from ...security.passwords import hash_password, weakness
from .. import geojson
from . import sessions


def create_user(session, *, username: str, password: str, role: str, display_name: str,
                team_code: str | None = None, organisation_id: int | None = None,
                collar_number: str | None = None, actor: User | None = None,
                allow_weak: bool = False) -> User:
    """Create a user after checking role, team and password strength."""
    if role not in ROLES:
        raise Invalid(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    if not allow_weak and (why := weakness(password)):
        raise Invalid(why)
    if session.execute(select(User.id).where(User.username == username)).first():
        raise Conflict(f"Username {username!r} is taken.")
    team = None
    if team_code:
        team = session.execute(select(Team).where(Team.code == team_code)).scalar_one_or_none()
        if team is None:
            raise Invalid(f"No team with code {team_code!r}.")
    if role in TEAM_SCOPED and team is None:
        raise Invalid(f"A {role} needs a team.")
    if role == "partner" and organisation_id is None:
        raise Invalid("A partner needs an existing organisation.")
    # Any role given an organisation: it must exist (else a foreign-key error, a 500).
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise Invalid("A partner needs an existing organisation." if role == "partner"
                      else f"No organisation {organisation_id}.")
    user = User(username=username, password_hash=hash_password(password), role=role,
                display_name=display_name, team_id=team.id if team else None,
                organisation_id=organisation_id, collar_number=collar_number)
    session.add(user)
    session.flush()
    audit.record(session, user=actor, action="create", entity="user", entity_id=user.id,
                 username=actor.username if actor else "cli", role_created=role)
    session.commit()
    return user


def user_dict(user: User) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "collar_number": user.collar_number, "role": user.role, "team_id": user.team_id,
            "organisation_id": user.organisation_id, "active": user.active,
            "on_duty": user.on_duty,
            "position_at": user.position_at.isoformat() if user.position_at else None}


def list_users(session, *, actor: User, page: int, per_page: int, team_id: int | None = None,
               role: str | None = None, on_duty: bool | None = None) -> dict:
    """Users the actor may see (officers: their team; managers: everyone)."""
    require(actor, "user.view")
    stmt = select(User).where(users_scope(actor))
    if team_id is not None:
        stmt = stmt.where(User.team_id == team_id)
    if role:
        stmt = stmt.where(User.role == role)
    if on_duty is not None:
        stmt = stmt.where(User.on_duty.is_(on_duty))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = session.execute(stmt.order_by(User.display_name, User.id).limit(per_page)
                           .offset((page - 1) * per_page)).scalars().all()
    items = [user_dict(u) for u in rows]
    session.rollback()
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def positions_text(session, *, actor: User, team_id: int | None = None) -> str:
    """On-duty officers with a live position, as FeatureCollection text, with the age of
    each fix (the map greys out old ones)."""
    require(actor, "user.view")
    stmt = select(User.id).where(users_scope(actor), User.on_duty.is_(True),
                                 User.active.is_(True), User.position.is_not(None))
    if team_id is not None:
        stmt = stmt.where(User.team_id == team_id)
    text = geojson.feature_collection_text(
        session, stmt.order_by(User.display_name, User.id), geom=User.position, id_col=User.id,
        props={"user_id": User.id, "display_name": User.display_name,
               "collar_number": User.collar_number, "role": User.role,
               "team_id": User.team_id, "accuracy_m": User.position_accuracy_m,
               "fix_at": User.position_at, "position_at": User.position_at,
               "fix_age_s": func.floor(func.extract("epoch", func.now() - User.position_at))})
    session.rollback()
    return text


def admin_create(session, *, actor: User, team_id: int | None = None, **fields) -> dict:
    """An administrator adds a user (the API's side of `flask create-user`)."""
    require(actor, "user.manage")
    team_code = None
    if team_id is not None:
        team = session.get(Team, team_id)
        if team is None:
            raise Invalid(f"No team {team_id}.")
        team_code = team.code
    return user_dict(create_user(session, actor=actor, team_code=team_code, **fields))


def admin_update(session, *, actor: User, user_id: int, **changes) -> dict:
    """Change a user's role, team, organisation, name or whether they may sign in."""
    require(actor, "user.manage")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    if user.id == actor.id and (changes.get("active") is False
                                or changes.get("role", actor.role) != actor.role):
        raise Conflict("You cannot deactivate yourself or change your own role: ask another "
                       "administrator.")
    if "team_id" in changes and changes["team_id"] is not None \
            and session.get(Team, changes["team_id"]) is None:
        raise Invalid(f"No team {changes['team_id']}.")
    if "organisation_id" in changes and changes["organisation_id"] is not None \
            and session.get(Organisation, changes["organisation_id"]) is None:
        raise Invalid(f"No organisation {changes['organisation_id']}.")
    for name, value in changes.items():
        setattr(user, name, value)
    if user.role in TEAM_SCOPED and user.team_id is None:
        raise Invalid(f"A {user.role} needs a team.")
    if user.role == "partner" and user.organisation_id is None:
        raise Invalid("A partner needs an organisation.")
    if not user.active or changes.get("team_id") is not None:
        user.on_duty = False  # a moved or disabled officer is not on this team's map
    # A deactivated user is signed out everywhere at once, live sockets included.
    ended = sessions.revoke_all(session, user_id=user.id, reason="deactivated") \
        if not user.active else []
    audit.record(session, user=actor, action="update", entity="user", entity_id=user.id,
                 fields=sorted(changes), **({"sessions_ended": ended} if ended else {}))
    session.commit()
    realtime_sessions.end(ended)
    return user_dict(user)
