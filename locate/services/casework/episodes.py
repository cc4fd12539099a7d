"""Episodes: report a child missing (graded at once), list them on the map, read one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ... import audit, geo
from ...access import (
    children_scope,
    episode_audience,
    episodes_scope,
    get_episode,
    get_visible,
    require,
)
from ...domain.app_questions import answers_from_legacy
from ...domain.errors import Conflict, Forbidden, Invalid
from ...domain.permissions import FORCE_WIDE
from ...domain.risk_review import grade_for_report, next_review_due, review_due_for_report
from ...live import events
from ...models import (
    Child,
    ChildProfile,
    Episode,
    EpisodeLink,
    Place,
    RiskAssessment,
    Sighting,
    Task,
    User,
)
from .. import geojson
from ..accounts.duty import duty_inspectors, team_sergeants


def _display_name():
    return (select(func.concat(func.coalesce(ChildProfile.known_as, ChildProfile.first_name),
                               " ", ChildProfile.last_name))
            .join(Child, (Child.id == ChildProfile.child_id)
                  & (ChildProfile.version == Child.current_version))
            .where(Child.id == Episode.child_id).scalar_subquery())


def _props(extra: bool = False) -> dict:
    props = {
        "reference": Episode.reference, "child_id": Episode.child_id,
        "child_name": _display_name(), "team_id": Episode.team_id, "status": Episode.status,
        "risk_grade": Episode.risk_grade, "next_review_due": Episode.next_review_due,
        "reported_at": Episode.reported_at, "last_seen_at": Episode.last_seen_at,
        "version": Episode.version,
    }
    if extra:
        props.update({
            "reported_by_name": Episode.reported_by_name,
            "reported_by_relationship": Episode.reported_by_relationship,
            "last_seen_description": Episode.last_seen_description,
            "clothing": Episode.clothing, "circumstances": Episode.circumstances,
            "found_at": Episode.found_at, "found_place_kind": Episode.found_place_kind,
            "found_by": Episode.found_by, "outcome": Episode.outcome,
            "found_condition": Episode.found_condition,
            "harm_suffered": Episode.harm_suffered, "rhi_referred": Episode.rhi_referred,
            "closed_at": Episode.closed_at,
            "acknowledged_at": Episode.acknowledged_at,
            "acknowledged_by_id": Episode.acknowledged_by_id,
            "sighting_count": select(func.count()).where(Sighting.episode_id == Episode.id)
            .scalar_subquery(),
            "task_count": select(func.count()).where(Task.episode_id == Episode.id)
            .scalar_subquery(),
        })
    return props


def episode_feature(session, episode_id: int) -> dict:
    """The episode as a GeoJSON Feature at its last-seen point (for answers and events)."""
    return geojson.one_feature(session, select(Episode.id).where(Episode.id == episode_id),
                               geom=Episode.last_seen_geom, id_col=Episode.id,
                               props=_props(extra=True))


def assessment_dict(row: RiskAssessment) -> dict:
    """A risk assessment as plain JSON values: who graded, when, why, from which answers,
    and what the rule suggested (older rows' factors read as answers)."""
    def iso(value):
        return value.isoformat() if value else None
    return {"id": row.id, "episode_id": row.episode_id, "grade": row.grade, "kind": row.kind,
            "rationale": row.rationale, "factors": row.factors, "sources": row.sources,
            "answers": row.answers or answers_from_legacy(row.factors or {}, row.sources or {}),
            "record_indicators": row.record_indicators or {},
            "suggested_grade": row.suggested_grade,
            "suggestion_reasons": row.suggestion_reasons or [],
            "below_suggestion_rationale": row.below_suggestion_rationale,
            "assessor_id": row.assessor_id, "assessed_at": iso(row.assessed_at),
            "next_review_due": iso(row.next_review_due), "supervisor_id": row.supervisor_id,
            "signed_off_at": iso(row.signed_off_at), "supervisor_note": row.supervisor_note}


def add_assessment(session, *, actor: User, episode: Episode, grade: str, rationale: str,
                   factors: dict, sources: dict, assessed_at: datetime,
                   opening: bool = False, kind: str = "assessment",
                   **grading) -> RiskAssessment:
    """Add an assessment and copy its grade and review time onto the episode (no commit).
    `opening` marks the grade given with the report, which the reporter's role may raise;
    `grading` holds the questionnaire's answers and the suggestion (services/casework/grading).
    A grade raised to high clears the duty inspector's acknowledgement: the new risk must be
    acknowledged too."""
    if opening:
        proposed = grade
        grade = grade_for_report(actor.role, proposed)
        if grade != proposed:
            sources = {**sources, "grade_proposed_by_reporter": proposed}
    config = current_app.config
    due = next_review_due(grade, assessed_at, config["REVIEW_MINUTES"])
    if opening:
        due = review_due_for_report(actor.role, due, assessed_at,
                                    config["PARTNER_REPORT_REVIEW_MINUTES"])
    row = RiskAssessment(episode_id=episode.id, grade=grade, rationale=rationale,
                         factors=factors, sources=sources, assessor_id=actor.id,
                         assessed_at=assessed_at, next_review_due=due,
                         kind="report" if opening else kind, **grading)
    session.add(row)
    if grade == "high" and episode.risk_grade != "high":
        # A new high risk needs the duty inspector's acknowledgement again (issue 10).
        episode.acknowledged_at = episode.acknowledged_by_id = None
    episode.risk_grade, episode.next_review_due = grade, due
    session.flush()
    return row


def report_missing(session, *, actor: User, child_id: int, risk: dict, last_seen,
                   team_id: int | None = None, **part2) -> dict:
    """Open an episode for a child the actor can see, graded in the same transaction."""
    require(actor, "episode.create")
    child = get_visible(session, Child, child_id, children_scope(actor))
    if team_id is None:
        team_id = child.team_id
    elif team_id != child.team_id and actor.role not in FORCE_WIDE:
        raise Forbidden("Only a force-wide role may give an episode to another team.")
    if part2["last_seen_at"] > part2["reported_at"]:
        raise Invalid("last_seen_at is after reported_at: a child is last seen before the report.")
    now = datetime.now(UTC)
    episode = Episode(reference=f"tmp-{uuid.uuid4().hex[:16]}", child_id=child.id, team_id=team_id,
                      status="open", last_seen_geom=geo.to_db(last_seen), created_by_id=actor.id,
                      reported_by_organisation_id=(actor.organisation_id
                                                   if actor.role == "partner" else None),
                      version=1, **part2)
    session.add(episode)
    session.flush()
    episode.reference = f"{current_app.config['FORCE_REFERENCE_PREFIX']}-{episode.reported_at.year}-{episode.id:06d}"
    assessment = add_assessment(session, actor=actor, episode=episode, assessed_at=now,
                                opening=True, **risk)
    session.flush()
    feature = episode_feature(session, episode.id)
    feature["properties"]["latest_assessment"] = assessment_dict(assessment)
    # Told at once, on their pages and their phones: the duty inspector and the team's
    # sergeants (never nobody: services/accounts/duty.py), but not the reporter themselves.
    told = {u.id for u in duty_inspectors(session, team_id=team_id)
            + team_sergeants(session, team_id=team_id)} - {actor.id}
    events.record(session, type="episode.created", payload=feature, team_id=team_id,
                  audience=episode_audience(session, episode),
                  episode_id=episode.id, actor_id=actor.id, user_ids=told)
    audit.record(session, user=actor, action="create", entity="episode", entity_id=episode.id,
                 child_id=child.id, risk_assessment_id=assessment.id)
    session.commit()
    return feature


def get(session, *, actor: User, episode_id: int) -> dict:
    """One episode with its latest assessment and counts; audited as a view."""
    episode = get_episode(session, actor, episode_id)
    feature = episode_feature(session, episode.id)
    latest = session.execute(select(RiskAssessment).where(RiskAssessment.episode_id == episode.id)
                             .order_by(RiskAssessment.assessed_at.desc(),
                                       RiskAssessment.id.desc()).limit(1)).scalar_one_or_none()
    feature["properties"]["latest_assessment"] = assessment_dict(latest) if latest else None
    audit.record(session, user=actor, action="view", entity="episode", entity_id=episode.id,
                 child_id=episode.child_id, episode_id=episode.id)
    session.commit()
    return feature


def list_text(session, *, actor: User, page: int, per_page: int, bbox=None, since=None,
              until=None, status=None, risk_grade=None) -> str:
    """Visible episodes as FeatureCollection text at their last-seen points; audited once."""
    stmt = select(Episode.id).where(episodes_scope(actor))
    if status:
        stmt = stmt.where(Episode.status == status)
    if risk_grade:
        stmt = stmt.where(Episode.risk_grade == risk_grade)
    order = (Episode.reported_at.desc(), Episode.id.desc())
    stmt = geojson.filtered(stmt, geom=Episode.last_seen_geom, time_col=Episode.reported_at,
                            bbox=bbox, since=since, until=until)
    result = geojson.page_text(session, stmt, geom=Episode.last_seen_geom, id_col=Episode.id,
                               props=_props(), order=order, page=page, per_page=per_page)
    audit.record(session, user=actor, action="view", entity="episode_list", episode_ids=result.ids,
                 count=len(result.ids))
    session.commit()
    return result.text


def _changed(session, *, actor: User, episode: Episode, action: str, **details) -> dict:
    """Announce and audit a change to an episode, then commit (the end of each use case)."""
    episode.version += 1
    session.flush()
    feature = episode_feature(session, episode.id)
    events.record(session, type="episode.updated", payload=feature, team_id=episode.team_id,
                  audience=episode_audience(session, episode),
                  episode_id=episode.id, actor_id=actor.id)
    audit.record(session, user=actor, action="update", entity="episode", entity_id=episode.id,
                 child_id=episode.child_id, change=action, **details)
    session.commit()
    return feature


def update(session, *, actor: User, episode_id: int, version: int, **fields) -> dict:
    """Edit Part 2 details against the version the editor saw (409 when stale)."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "episode.update")
    if version != episode.version:
        raise Conflict(f"This episode changed since you opened it (now version "
                       f"{episode.version}): reload and apply your edit again.")
    if "last_seen" in fields:
        episode.last_seen_geom = geo.to_db(fields.pop("last_seen"))
    for name, value in fields.items():
        setattr(episode, name, value)
    if episode.last_seen_at > episode.reported_at:
        raise Invalid("last_seen_at is after reported_at: a child is last seen before the report.")
    return _changed(session, actor=actor, episode=episode, action="edit", fields=sorted(fields))


def mark_found(session, *, actor: User, episode_id: int, found_at: datetime, found_place,
               found_place_kind: str, found_by: str, found_condition: str, harm_suffered: str,
               outcome: str | None = None) -> dict:
    """Record where, when and by whom the child was found, their condition and whether harm
    was suffered while missing (what grading is judged against); the place joins the child's
    places."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "episode.update")
    if episode.status != "open":
        raise Conflict(f"This episode is already {episode.status}.")
    if found_at < episode.last_seen_at:
        raise Invalid("found_at is before the child was last seen.", field="found_at")
    if found_at > datetime.now(UTC) + timedelta(minutes=5):
        raise Invalid("found_at is in the future.", field="found_at")
    episode.status, episode.found_at, episode.found_geom = "found", found_at, geo.to_db(found_place)
    episode.found_place_kind, episode.found_by, episode.outcome = found_place_kind, found_by, outcome
    episode.found_by_user_id = actor.id
    episode.found_condition, episode.harm_suffered = found_condition, harm_suffered
    place = Place(child_id=episode.child_id, geom=geo.to_db(found_place), kind=found_place_kind,
                  name=f"Found here ({episode.reference})", source="found_at",
                  episode_id=episode.id, created_by_id=actor.id, last_confirmed_at=found_at)
    session.add(place)
    session.flush()
    return _changed(session, actor=actor, episode=episode, action="found", place_id=place.id)


def close(session, *, actor: User, episode_id: int, rhi_referred: bool) -> dict:
    """Close a found episode, saying whether a return home interview was referred (a referred
    one is then due and chased: services/interviews/timing.py)."""
    episode = get_episode(session, actor, episode_id)
    require(actor, "episode.update")
    if episode.status != "found":
        raise Conflict("Only a found episode can be closed: record where the child was found "
                       "first." if episode.status == "open" else "This episode is already closed.")
    episode.status, episode.closed_at = "closed", datetime.now(UTC)
    episode.rhi_referred = rhi_referred
    return _changed(session, actor=actor, episode=episode, action="closed",
                    rhi_referred=rhi_referred)


def link(session, *, actor: User, episode_id: int, linked_episode_id: int,
         note: str | None = None) -> dict:
    """Record that two visible episodes' children went missing together."""
    episode = get_episode(session, actor, episode_id)
    other = get_episode(session, actor, linked_episode_id)
    require(actor, "episode.link")
    if other.id == episode.id:
        raise Invalid("An episode cannot be linked to itself.", field="linked_episode_id")
    low, high = sorted((episode.id, other.id))
    if session.get(EpisodeLink, (low, high)) is not None:
        raise Conflict("These episodes are already linked.")
    session.add(EpisodeLink(episode_id=low, linked_episode_id=high, note=note,
                            created_by_id=actor.id))
    session.flush()
    payload = {"episode_id": low, "linked_episode_id": high, "note": note}
    for row in (episode, other):
        events.record(session, type="episode.linked", payload=payload, team_id=row.team_id,
                      audience=episode_audience(session, row),
                      episode_id=row.id, actor_id=actor.id)
        audit.record(session, user=actor, action="update", entity="episode", entity_id=row.id,
                     child_id=row.child_id, change="link", linked=[low, high])
    session.commit()
    return payload
