"""The landing page's list: open episodes the user may see, most urgent first."""

from __future__ import annotations

from sqlalchemy import case, select

from .. import audit
from ..access import episodes_scope
from ..domain.vocab import RISK_GRADES
from ..models import Child, ChildProfile, Episode, User

# Ungraded first (inspectors: never leave an episode ungraded), then high down to no apparent risk.
_GRADE_ORDER = case({g: i for i, g in enumerate(reversed(RISK_GRADES), start=1)},
                    value=Episode.risk_grade, else_=0)


def open_episodes(session, *, user: User, limit: int = 200) -> list[dict]:
    """Open episodes in the user's scope, by grade then next review due; audited as a view."""
    rows = session.execute(
        select(Episode, ChildProfile)
        .join(Child, Child.id == Episode.child_id)
        .join(ChildProfile, (ChildProfile.child_id == Child.id)
              & (ChildProfile.version == Child.current_version))
        .where(Episode.status == "open", episodes_scope(user))
        .order_by(_GRADE_ORDER, Episode.next_review_due.asc().nulls_first())
        .limit(limit)
    ).all()
    result = []
    for episode, profile in rows:
        result.append({
            "id": episode.id, "reference": episode.reference, "child_id": episode.child_id,
            "name": f"{profile.known_as or profile.first_name} {profile.last_name}",
            "risk_grade": episode.risk_grade, "next_review_due": episode.next_review_due,
            "reported_at": episode.reported_at, "last_seen_at": episode.last_seen_at,
            "last_seen_description": episode.last_seen_description,
        })
    if result:
        audit.record(session, user=user, action="view", entity="episode_list",
                     count=len(result), episode_ids=[r["id"] for r in result])
    session.commit()
    return result
