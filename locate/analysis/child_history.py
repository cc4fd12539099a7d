"""One child's missing history for the coordinator: every episode on a timeline (length,
grade, where found), the time patterns and flags, and one map of where they were found, seen
and go across episodes, filterable by date. Every read is audited against the child."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import text

from .. import audit
from ..access import get_child, require
from ..domain.pattern_flags import PastEpisode, flags
from ..domain.time_patterns import time_patterns
from ..models import User
from .ranking_settings import flag_settings

# Every episode of the child, oldest first, with its length, how far from last seen it ended
# and how many sightings it had. Filtering by date happens in Python: the flags need the whole
# history, the timeline the window.
EPISODES_SQL = text("""
SELECT e.id, e.reference, e.status, e.team_id, e.reported_at, e.last_seen_at, e.found_at,
       e.risk_grade, e.found_place_kind, e.found_by,
       ST_X(e.last_seen_geom) AS seen_lon, ST_Y(e.last_seen_geom) AS seen_lat,
       ST_X(e.found_geom) AS found_lon, ST_Y(e.found_geom) AS found_lat,
       ST_Distance(e.last_seen_geom::geography, e.found_geom::geography) / 1000 AS found_km,
       (SELECT count(*) FROM sightings s WHERE s.episode_id = e.id) AS sightings
FROM episodes e WHERE e.child_id = :child ORDER BY e.reported_at, e.id
""")

PROFILE_SQL = text("""
SELECT first_name, last_name, known_as, date_of_birth, sex, placement_type
FROM child_profiles WHERE child_id = :child ORDER BY version DESC LIMIT 1
""")

# The map: found points and last-seen points of episodes reported in the window, their
# sightings, and the child's places known by the window's end, as one FeatureCollection.
MAP_SQL = text("""
WITH eps AS (
    SELECT * FROM episodes
    WHERE child_id = :child AND (CAST(:since AS timestamptz) IS NULL OR reported_at >= :since)
      AND (CAST(:until AS timestamptz) IS NULL OR reported_at < :until)
), features AS (
    SELECT 'found' AS layer, 'episode-' || id AS fid, found_geom AS geom,
           jsonb_build_object('episode_id', id, 'reference', reference, 'at', found_at,
                              'kind', found_place_kind, 'found_by', found_by,
                              'risk_grade', risk_grade) AS props
    FROM eps WHERE found_geom IS NOT NULL
    UNION ALL
    SELECT 'last_seen', 'seen-' || id, last_seen_geom,
           jsonb_build_object('episode_id', id, 'reference', reference, 'at', last_seen_at,
                              'risk_grade', risk_grade, 'status', status)
    FROM eps
    UNION ALL
    SELECT 'sighting', 'sighting-' || s.id, s.geom,
           jsonb_build_object('episode_id', s.episode_id, 'reference', eps.reference,
                              'at', s.observed_at, 'source', s.source,
                              'confidence', s.confidence, 'description', s.description)
    FROM sightings s JOIN eps ON eps.id = s.episode_id
    UNION ALL
    SELECT 'place', 'place-' || p.id, p.geom,
           jsonb_build_object('place_id', p.id, 'name', p.name, 'kind', p.kind,
                              'source', p.source, 'at', p.created_at)
    FROM places p
    WHERE p.child_id = :child AND p.source <> 'found_at'
      AND (CAST(:until AS timestamptz) IS NULL OR p.created_at < :until)
)
SELECT COALESCE(jsonb_agg(jsonb_build_object(
           'type', 'Feature', 'id', fid, 'geometry', ST_AsGeoJSON(geom, 6)::jsonb,
           'properties', props || jsonb_build_object('layer', layer))), '[]'::jsonb)
FROM features
""")


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _in_window(at: datetime, since, until) -> bool:
    return (since is None or at >= since) and (until is None or at < until)


def _episode(row) -> dict:
    hours = ((row.found_at - row.reported_at).total_seconds() / 3600
             if row.found_at else None)
    return {"id": row.id, "reference": row.reference, "status": row.status,
            "reported_at": row.reported_at.isoformat(),
            "last_seen_at": row.last_seen_at.isoformat(),
            "found_at": row.found_at.isoformat() if row.found_at else None,
            "duration_hours": None if hours is None else round(hours, 1),
            "risk_grade": row.risk_grade, "found_place_kind": row.found_place_kind,
            "found_by": row.found_by, "sightings": row.sightings,
            "found_km": None if row.found_km is None else round(row.found_km, 2),
            "last_seen": [row.seen_lon, row.seen_lat],
            "found": [row.found_lon, row.found_lat] if row.found_lon is not None else None}


def analyse(session, child_id: int, *, since=None, until=None, now=None, config=None) -> dict:
    """The child's whole analysis, with no access check or audit (history() wraps it)."""
    config = config or current_app.config
    now = now or datetime.now(UTC)
    rows = session.execute(EPISODES_SQL, {"child": child_id}).all()
    profile = session.execute(PROFILE_SQL, {"child": child_id}).one_or_none()
    past = [PastEpisode(r.reported_at, r.found_at, r.found_km) for r in rows]
    window = [r for r in rows if _in_window(r.reported_at, since, until)]
    window_past = [p for p, r in zip(past, rows, strict=True)
                   if _in_window(r.reported_at, since, until)]
    name = None
    if profile is not None:
        name = f"{profile.known_as or profile.first_name} {profile.last_name}"
    return {
        "child": {"id": child_id, "name": name,
                  "age": _age(profile.date_of_birth, now.date()) if profile else None,
                  "sex": profile.sex if profile else None,
                  "placement_type": profile.placement_type if profile else None},
        "window": {"since": since.isoformat() if since else None,
                   "until": until.isoformat() if until else None},
        "counts": {"episodes": len(rows), "in_window": len(window),
                   "open": sum(1 for r in rows if r.status == "open")},
        "open_episodes": [_episode(r) for r in rows if r.status == "open"],
        "episodes": [_episode(r) for r in window],
        "flags": [f.as_dict() for f in flags(past, now=now, settings=flag_settings(config))],
        "time_patterns": time_patterns(window_past, timezone=config["DISPLAY_TIMEZONE"]),
    }


def history(session, *, actor: User, child_id: int, since=None, until=None) -> dict:
    """The timeline, flags and time patterns of a child the actor can see; audited."""
    require(actor, "analysis.view")
    child = get_child(session, actor, child_id)
    result = analyse(session, child.id, since=since, until=until)
    result["child"]["reference"] = child.reference
    audit.record(session, user=actor, action="view", entity="child_history", entity_id=child.id,
                 child_id=child.id, since=result["window"]["since"],
                 until=result["window"]["until"])
    session.commit()
    return result


def map_features(session, *, actor: User, child_id: int, since=None, until=None) -> str:
    """Found, last-seen, sighting and place features across episodes, as GeoJSON text."""
    require(actor, "analysis.view")
    child = get_child(session, actor, child_id)
    features = session.execute(MAP_SQL, {"child": child.id, "since": since,
                                         "until": until}).scalar()
    audit.record(session, user=actor, action="view", entity="child_map", entity_id=child.id,
                 child_id=child.id, since=since.isoformat() if since else None,
                 until=until.isoformat() if until else None)
    session.commit()
    return json.dumps({"type": "FeatureCollection", "features": features}, default=str)
