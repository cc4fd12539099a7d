"""The briefing sheet: what an officer searching needs on one page (photo, description,
clothing, last seen, grade and key risks, associates, places to check first, phones).

Read from the record the officer can see, cut to fit one A4 page (domain/briefing.py), and
audited as a view of the child's data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import case, select
from sqlalchemy import func as sql

from ... import audit
from ...access import get_episode, require
from ...analysis.ranking import ranked
from ...domain.briefing import clip, key_risks, shortlist
from ...domain.vocab import display_name
from ...geo import from_db
from ...models import Associate, RiskAssessment, User
from ..profiles.children import age_on, photo_url
from ..timeline.header import current_profile

# Ask the ranking for more than fit, so the sheet can say how many it left out.
RANKED_ASKED = 50


def _latest_assessment(session, episode_id: int) -> RiskAssessment | None:
    return session.execute(select(RiskAssessment).where(RiskAssessment.episode_id == episode_id)
                           .order_by(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc())
                           .limit(1)).scalar_one_or_none()


def _associates(session, child_id: int) -> list[dict]:
    """Associates of concern first, then by name."""
    rows = session.execute(select(Associate).where(Associate.child_id == child_id)
                           .order_by(case((Associate.concern.is_(None), 1), else_=0),
                                     sql.lower(Associate.name), Associate.id)).scalars().all()
    return [{"name": r.name, "relationship": display_name(r.relationship_to_child),
             "phone": r.phone, "address": clip(r.address, "associate"),
             "concern": clip(r.concern, "associate")} for r in rows]


def _description(profile) -> list[tuple[str, str]]:
    parts = [("Sex", display_name(profile.sex)), ("Height", f"{profile.height_cm} cm"
                                                  if profile.height_cm else None),
             ("Build", profile.build), ("Hair", profile.hair), ("Eyes", profile.eyes),
             ("Ethnicity", profile.ethnicity),
             ("Features", clip(profile.distinguishing_features, "description"))]
    return [(k, v) for k, v in parts if v]


def for_episode(session, *, actor: User, episode_id: int) -> dict:
    require(actor, "briefing.view")
    episode = get_episode(session, actor, episode_id)
    profile = current_profile(session, episode)
    latest = _latest_assessment(session, episode.id)
    now = datetime.now(UTC)
    places = ranked(session, episode=episode, as_of=now, limit=RANKED_ASKED)
    seen = from_db(episode.last_seen_geom)
    risks = key_risks(latest.factors if latest else {}, profile.vulnerabilities or [],
                      profile.exploitation_indicators or [], display_name)
    sheet = {
        "episode_id": episode.id, "reference": episode.reference, "status": episode.status,
        "child_reference": episode.child.reference, "printed_at": now,
        "name": f"{profile.first_name} {profile.last_name}", "known_as": profile.known_as,
        "age": age_on(profile.date_of_birth, date.today()), "photo_url": photo_url(profile.photo_id),
        "description": _description(profile), "about": clip(profile.description, "description"),
        "clothing": clip(episode.clothing, "clothing"),
        "last_seen_at": episode.last_seen_at,
        "last_seen": clip(episode.last_seen_description, "last_seen"),
        "last_seen_lonlat": (round(seen.x, 5), round(seen.y, 5)),
        "circumstances": clip(episode.circumstances, "circumstances"),
        "grade": display_name(latest.grade) if latest else None,
        "grade_key": latest.grade if latest else None,
        "graded_at": latest.assessed_at if latest else None,
        "next_review_due": episode.next_review_due,
        "risks": shortlist(risks, "risks"),
        "medical": clip(profile.medical_needs, "medical"),
        "transport": clip(profile.transport_used, "transport"),
        "associates": shortlist(_associates(session, episode.child_id), "associates"),
        "places": shortlist([{"rank": p.rank, "label": clip(p.label, "place"),
                              "kind": display_name(p.kind), "distance_m": p.distance_m,
                              "why": clip(p.why, "why")} for p in places], "places"),
        "phones": shortlist(list(profile.phones or []), "phones"),
        "social_media": shortlist(list(profile.social_media or []), "social_media"),
    }
    audit.record(session, user=actor, action="view", entity="briefing", entity_id=episode.id,
                 child_id=episode.child_id, episode_id=episode.id)
    session.commit()
    return sheet
