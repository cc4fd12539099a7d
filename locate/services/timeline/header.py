"""What the top of the episode page says: who is missing, since when, graded what."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...domain.vocab import display_name
from ...models import ChildProfile, Episode
from ..profiles.children import age_on, photo_url


def current_profile(session, episode: Episode) -> ChildProfile:
    return session.execute(select(ChildProfile).where(
        ChildProfile.child_id == episode.child_id,
        ChildProfile.version == episode.child.current_version)).scalar_one()


def header(session, episode: Episode) -> dict:
    profile = current_profile(session, episode)
    return {
        "episode_id": episode.id, "reference": episode.reference, "status": episode.status,
        "status_label": display_name(episode.status), "child_id": episode.child_id,
        "child_reference": episode.child.reference,
        "name": f"{profile.first_name} {profile.last_name}", "known_as": profile.known_as,
        "age": age_on(profile.date_of_birth, date.today()),
        "photo_url": photo_url(profile.photo_id),
        "risk_grade": episode.risk_grade,
        "risk_grade_label": display_name(episode.risk_grade) if episode.risk_grade else None,
        "reported_at": episode.reported_at.isoformat(),
        "last_seen_at": episode.last_seen_at.isoformat(),
        "last_seen_description": episode.last_seen_description,
        "next_review_due": episode.next_review_due.isoformat() if episode.next_review_due
        else None,
    }
