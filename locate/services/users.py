"""Creating and changing users."""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..domain.errors import Conflict, Invalid
from ..domain.permissions import TEAM_SCOPED
from ..domain.vocab import ROLES
from ..models import Organisation, Team, User
from ..passwords import hash_password, weakness


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
    if role == "partner":
        if organisation_id is None or session.get(Organisation, organisation_id) is None:
            raise Invalid("A partner needs an existing organisation.")
    user = User(username=username, password_hash=hash_password(password), role=role,
                display_name=display_name, team_id=team.id if team else None,
                organisation_id=organisation_id, collar_number=collar_number)
    session.add(user)
    session.flush()
    audit.record(session, user=actor, action="create", entity="user", entity_id=user.id,
                 username=actor.username if actor else "cli", role_created=role)
    session.commit()
    return user
