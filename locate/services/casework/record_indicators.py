"""What the record already says about a child, gathered for grading so nothing is overlooked.

Reads only (no commit, no audit): the caller audits the view it is part of. Inspectors found
risk graded too low while exploitation information sat on the police database; every
indicator here feeds the suggestion in domain/grading.py and is shown at grading.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select, text

from ...domain.grading import RecordIndicators
from ...domain.vocab import display_name
from ...models import Associate, Child, ChildProfile, Episode, Place, RiskAssessment
from ..interviews.recording import NAMED_AT_INTERVIEW

# The child's places and found points against other missing children's, in PostGIS, one
# lateral look-up per place of the child so the GiST indexes on places.geom and
# episodes.found_geom answer each: the geometry test (degrees, generous at British
# latitudes, where 1 degree of longitude is at least 50 km below 63 N) narrows the rows, the
# geography test is the exact distance in metres. Other children are never named: only
# how many.
_LINKED_PLACES = text("""
WITH mine AS (
    SELECT p.name || ' (' || replace(p.kind, '_', ' ') || ')' AS label, p.geom
    FROM places p WHERE p.child_id = :child_id
    UNION ALL
    SELECT 'where found in ' || e.reference, e.found_geom
    FROM episodes e WHERE e.child_id = :child_id AND e.found_geom IS NOT NULL
)
SELECT m.label, count(DISTINCT near.child_id) AS children
FROM mine m
CROSS JOIN LATERAL (
    SELECT p.child_id FROM places p
    WHERE p.child_id <> :child_id
      AND ST_DWithin(p.geom, m.geom, :metres / 50000.0)
      AND ST_DWithin(p.geom::geography, m.geom::geography, :metres)
      AND EXISTS (SELECT 1 FROM episodes x WHERE x.child_id = p.child_id)
    UNION ALL
    SELECT e.child_id FROM episodes e
    WHERE e.child_id <> :child_id
      AND ST_DWithin(e.found_geom, m.geom, :metres / 50000.0)
      AND ST_DWithin(e.found_geom::geography, m.geom::geography, :metres)
) near
GROUP BY m.label ORDER BY m.label
""")


def _age(born: date, on: datetime) -> int:
    day = on.date()
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _earlier_episodes(session, child_id: int, on: datetime, excluding: int | None):
    graded_high = (select(func.count()).where(RiskAssessment.episode_id == Episode.id,
                                              RiskAssessment.grade == "high")
                   .correlate(Episode).scalar_subquery())
    hours = func.extract("epoch", Episode.found_at - Episode.last_seen_at) / 3600.0
    stmt = (select(Episode.reference, graded_high.label("graded_high"), Episode.harm_suffered,
                   hours.label("hours"))
            .where(Episode.child_id == child_id, Episode.reported_at <= on)
            .order_by(Episode.reported_at))
    if excluding is not None:
        stmt = stmt.where(Episode.id != excluding)
    return session.execute(stmt).all()


def _interview_places(session, child_id: int, on: datetime) -> list[str]:
    """Where the child said they were at return home interviews of episodes reported by `on`
    (the interview page adds them to the child's places with this source)."""
    rows = session.execute(
        select(Place.name, Place.kind, Episode.reference)
        .join(Episode, Episode.id == Place.episode_id)
        .where(Place.child_id == child_id, Place.source == "return_home_interview",
               Episode.reported_at <= on)
        .order_by(Episode.reported_at, Place.id)).all()
    return [f"{r.name} ({display_name(r.kind).lower()}), from {r.reference}" for r in rows]


def _interview_people(session, child_id: int) -> list[str]:
    rows = session.execute(
        select(Associate.name, Associate.relationship_to_child, Associate.notes)
        .where(Associate.child_id == child_id,
               Associate.notes.startswith(NAMED_AT_INTERVIEW, autoescape=True))
        .order_by(Associate.id)).all()
    # The notes end "(<episode reference>).": the reference says which interview.
    return [f"{r.name} ({r.relationship_to_child}), from "
            f"{r.notes.removeprefix(NAMED_AT_INTERVIEW).strip(' ().')}" for r in rows]


def gather(session, *, episode: Episode) -> RecordIndicators:
    """The record's indicators for the episode's child, as the grading rule reads them."""
    return gather_for_child(session, child_id=episode.child_id, on=episode.reported_at,
                            excluding=episode.id)


def gather_for_child(session, *, child_id: int, on: datetime,
                     excluding: int | None = None) -> RecordIndicators:
    """The record's indicators for a child as of `on` (a report being made: no episode yet;
    or an episode's report time, that episode excluded)."""
    profile = session.execute(
        select(ChildProfile).join(Child, (Child.id == ChildProfile.child_id)
                                  & (ChildProfile.version == Child.current_version))
        .where(Child.id == child_id)
    ).scalar_one()
    earlier = _earlier_episodes(session, child_id, on, excluding)
    associates = session.execute(
        select(Associate.name, Associate.concern)
        .where(Associate.child_id == child_id, Associate.concern.is_not(None),
               func.btrim(Associate.concern) != "")
        .order_by(Associate.name)
    ).all()
    linked = session.execute(_LINKED_PLACES, {
        "child_id": child_id,
        "metres": float(current_app.config["LINKED_PLACE_METRES"]),
    }).all()
    durations = [row.hours for row in earlier if row.hours is not None]
    return RecordIndicators(
        age=_age(profile.date_of_birth, on),
        exploitation_markers=tuple(str(m) for m in profile.exploitation_indicators or ()),
        vulnerabilities=tuple(str(v) for v in profile.vulnerabilities or ()),
        medical_needs=(profile.medical_needs or "").strip() or None,
        previous_episodes=len(earlier),
        previous_high_risk=tuple(r.reference for r in earlier if r.graded_high),
        previous_harm=tuple(r.reference for r in earlier if r.harm_suffered == "yes"),
        associates_of_concern=tuple(f"{a.name}: {a.concern.strip()}" for a in associates),
        linked_places=tuple(
            f"{row.label}, near {row.children} other missing "
            f"{'child' if row.children == 1 else 'children'}" for row in linked),
        longest_episode_hours=round(max(durations), 1) if durations else None,
        interview_places=tuple(_interview_places(session, child_id, on)),
        interview_people=tuple(_interview_people(session, child_id)),
    )


def as_json(record: RecordIndicators) -> dict:
    """The indicators as plain JSON values (kept with each assessment)."""
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(record).items()}
