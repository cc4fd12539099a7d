"""Record a return home interview. Where the child was joins their places (source
"return_home_interview") and who they were with joins their associates, in the same
transaction, so both show at the next report and grading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ... import audit, geo
from ...access import child_audience, get_episode, require
from ...domain.errors import Conflict, Invalid
from ...live import events
from ...models import Associate, Child, Place, ReturnHomeInterview, User
from ..profiles.places import feature as place_feature

# How an associate named at an interview is marked (associates have no source column): the
# grading's record reads this prefix back (services/casework/record_indicators.py).
NAMED_AT_INTERVIEW = "Named at the return home interview"


def _iso(value):
    return value.isoformat() if value else None


def interview_dict(row: ReturnHomeInterview, place_ids: list[int],
                   associate_ids: list[int]) -> dict:
    return {"id": row.id, "episode_id": row.episode_id, "interviewer_name": row.interviewer_name,
            "conducted_at": _iso(row.conducted_at), "declined": row.declined,
            "summary": row.summary, "where_stayed": row.where_stayed,
            "with_whom": row.with_whom, "place_ids": place_ids, "associate_ids": associate_ids}


def record(session, *, actor: User, episode_id: int, interviewer_name: str,
           conducted_at: datetime, summary: str | None = None, declined: bool = False,
           places: list[dict] = (), people: list[dict] = ()) -> dict:
    """The interview of a found (or closed) episode; its places and people join the child's."""
    require(actor, "rhi.create")
    episode = get_episode(session, actor, episode_id)
    if episode.status == "open":
        raise Conflict("The child is still missing: record where they were found first.")
    if conducted_at < episode.found_at:
        raise Invalid("conducted_at is before the child was found.", field="conducted_at")
    if conducted_at > datetime.now(UTC) + timedelta(minutes=5):
        raise Invalid("conducted_at is in the future.", field="conducted_at")
    if declined and (places or people):
        raise Invalid("A declined interview has no places or people.", field="declined")
    if not declined and not (summary or "").strip():
        raise Invalid("Write what the child said (or mark the interview declined).",
                      field="summary")
    row = ReturnHomeInterview(
        episode_id=episode.id, interviewer_name=interviewer_name, interviewer_id=actor.id,
        conducted_at=conducted_at, declined=declined, summary=summary,
        where_stayed="; ".join(p["name"] for p in places) or None,
        with_whom="; ".join(p["name"] for p in people) or None, disclosures=[])
    session.add(row)
    session.flush()
    place_rows = [Place(child_id=episode.child_id, geom=geo.to_db(p["point"]), kind=p["kind"],
                        name=p["name"], notes=p.get("notes"), source="return_home_interview",
                        episode_id=episode.id, created_by_id=actor.id,
                        last_confirmed_at=conducted_at) for p in places]
    people_rows = [Associate(child_id=episode.child_id, name=p["name"],
                             relationship_to_child=p["relationship"], concern=p.get("concern"),
                             notes=f"{NAMED_AT_INTERVIEW} ({episode.reference}).")
                   for p in people]
    session.add_all(place_rows + people_rows)
    session.flush()
    child = session.get(Child, episode.child_id)
    place_audience = child_audience(session, child, "place")
    for place in place_rows:
        events.record(session, type="place.created", payload=place_feature(session, place.id),
                      actor_id=actor.id, audience=place_audience, team_id=child.team_id,
                      episode_id=episode.id)
    result = interview_dict(row, [p.id for p in place_rows], [p.id for p in people_rows])
    audit.record(session, user=actor, action="create", entity="return_home_interview",
                 entity_id=row.id, child_id=episode.child_id, episode_id=episode.id,
                 place_ids=result["place_ids"], associate_ids=result["associate_ids"])
    session.commit()
    return result
