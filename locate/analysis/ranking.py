"""'Check these first' for an episode: the evidence known before a time, clustered in PostGIS,
ranked by the pure rule in domain/ranking.py; and one click that turns the top items into
tasks on the open episode through the task service (so they reach the map and phones live)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from flask import current_app
from shapely.geometry import Point
from sqlalchemy import text

from .. import audit
from ..access import get_episode, require
from ..domain.errors import Invalid
from ..domain.ranking import Evidence, Group, RankedItem, rank
from ..domain.rings import DistanceTable
from ..models import Episode, User
from ..models.base import METRIC_SRID
from ..services.fieldwork import tasks as task_service
from .distance_tables import distance_table
from .ranking_settings import ranking_settings

# Every piece of evidence about the child known before :as_of, each with its DBSCAN cluster
# (minpoints 1: every point belongs to a cluster, a lone point is a cluster of one). Places
# made from a find ('found_at') are left out: the find itself is counted from the episode.
# Finds and sightings cluster on their metric copies, projected once when written (models/
# base.py metric_copy); only the child's few places are projected here. The episode's
# last-seen point and the child's date of birth ride along (computed once, an InitPlan), so
# the ranking is one round trip. Columns in Evidence's order, then the cluster.
EVIDENCE_SQL = text(f"""
WITH profile AS (
    SELECT placement_location, placement_address, placement_since, created_at
    FROM child_profiles WHERE child_id = :child AND placement_location IS NOT NULL
    ORDER BY (created_at < :as_of) DESC, version DESC LIMIT 1
), evidence AS (
    SELECT 'found' AS what, e.found_at AS at, e.found_geom AS geom, e.found_metric AS metric,
           e.found_place_kind AS kind, NULL::text AS source, NULL::text AS name,
           NULL::int AS place_id, e.id AS episode_id, false AS current,
           ST_DWithin(e.found_metric, e.last_seen_metric, :near_m) AS near_last_seen,
           NULL::int AS sighting_id
    FROM episodes e
    WHERE e.child_id = :child AND e.id <> :episode AND e.found_geom IS NOT NULL
      AND e.found_at < :as_of
    UNION ALL
    SELECT 'sighting', s.observed_at, s.geom, s.geom_metric, NULL, NULL, NULL, NULL,
           s.episode_id, s.episode_id = :episode, false, s.id
    FROM sightings s JOIN episodes e ON e.id = s.episode_id
    WHERE e.child_id = :child AND s.observed_at < :as_of
    UNION ALL
    SELECT 'place', p.created_at, ST_PointOnSurface(p.geom),
           ST_Transform(ST_PointOnSurface(p.geom), {METRIC_SRID}), p.kind, p.source, p.name,
           p.id, p.episode_id, false, false, NULL
    FROM places p
    WHERE p.child_id = :child AND p.source <> 'found_at' AND p.created_at < :as_of
    UNION ALL
    SELECT 'place', COALESCE(placement_since::timestamptz,
                             LEAST(created_at, CAST(:as_of AS timestamptz) - interval '1 second')),
           placement_location, ST_Transform(placement_location, {METRIC_SRID}), 'home',
           'placement', COALESCE('Home: ' || placement_address, 'Home (placement)'), NULL, NULL,
           false, false, NULL
    FROM profile
)
SELECT what, at, ST_X(geom) AS lon, ST_Y(geom) AS lat, kind, source, name, place_id,
       episode_id, current, near_last_seen, sighting_id,
       ST_ClusterDBSCAN(metric, eps := :eps, minpoints := 1) OVER () AS cid,
       (SELECT ST_X(last_seen_geom) FROM episodes WHERE id = :episode) AS seen_lon,
       (SELECT ST_Y(last_seen_geom) FROM episodes WHERE id = :episode) AS seen_lat,
       (SELECT date_of_birth FROM child_profiles WHERE child_id = :child
        ORDER BY version DESC LIMIT 1) AS born
FROM evidence
""")
FIELDS = len(Evidence._fields)


def _groups(rows) -> list[Group]:
    clusters = defaultdict(list)
    for row in rows:
        clusters[row.cid].append(row)
    groups = []
    for members in clusters.values():
        places = [r for r in members if r.what == "place"]
        finds = [r.episode_id for r in members if r.what == "found"]
        if places:
            ids = [r.place_id for r in places if r.place_id is not None]
            key = f"place-{min(ids)}" if ids else "home"
        elif finds:
            key = f"found-{min(finds)}"
        else:
            key = f"sighting-{min(r.sighting_id for r in members)}"
        groups.append(Group(key, tuple(Evidence(*r[:FIELDS]) for r in members)))
    return groups


def evidence(session, *, episode: Episode, as_of: datetime, config=None):
    """The clustered evidence rows about the episode's child known before as_of."""
    config = config or current_app.config
    return session.execute(EVIDENCE_SQL, {
        "child": episode.child_id, "episode": episode.id, "as_of": as_of,
        "eps": config["CLUSTER_RADIUS_M"],
        "near_m": ranking_settings(config).last_seen_radius_m}).all()


def ranked(session, *, episode: Episode, as_of: datetime, limit: int = 10,
           table: DistanceTable | None = None, config=None, rows=None) -> list[RankedItem]:
    """The ranking with no access check or audit: for the use cases below and the backtest
    (which passes the evidence rows it already holds)."""
    config = config or current_app.config
    if rows is None:
        rows = evidence(session, episode=episode, as_of=as_of, config=config)
    if not rows:
        return []  # nothing known about the child before as_of: nothing to rank
    seen = rows[0]
    age = None if seen.born is None else (as_of.date() - seen.born).days / 365.25
    return rank(_groups(rows), last_seen=(seen.seen_lon, seen.seen_lat), as_of=as_of, age=age,
                distance_table=table or distance_table(session, config),
                settings=ranking_settings(config), limit=limit)


def _as_of(as_of: datetime | None) -> datetime:
    now = datetime.now(UTC)
    if as_of is None:
        return now
    if as_of > now + timedelta(minutes=5):
        raise Invalid("as_of is in the future: the ranking uses only what is already known.",
                      field="as_of")
    return as_of


def method(table: DistanceTable) -> dict:
    return {"cluster_radius_m": current_app.config["CLUSTER_RADIUS_M"],
            "distance_table": {"source": table.source, "age_band": table.age_band,
                               "points": [list(p) for p in table.points]},
            "summary": ("Found before (weighted to recent), seen before, the profile's and "
                        "return home interviews' places and place kind, times the share of "
                        "children found at least that far from where last seen; and the area "
                        "around where last seen.")}


def for_episode(session, *, actor: User, episode_id: int, as_of: datetime | None = None,
                limit: int = 10) -> dict:
    """The ranked list for an episode the actor can see, as known at as_of (default now);
    audited as a view of the child's data."""
    require(actor, "ranking.view")
    episode = get_episode(session, actor, episode_id)
    as_of = _as_of(as_of)
    table = distance_table(session)
    items = ranked(session, episode=episode, as_of=as_of, limit=limit, table=table)
    # Read before the commit expires the episode (after it, a second round trip reloads it).
    answer = {"episode_id": episode.id, "child_id": episode.child_id,
              "as_of": as_of.isoformat(), "status": episode.status,
              "items": [i.as_dict() for i in items], **method(table)}
    audit.record(session, user=actor, action="view", entity="ranking", entity_id=episode.id,
                 child_id=episode.child_id, episode_id=episode.id, as_of=as_of.isoformat(),
                 count=len(items))
    session.commit()
    return answer


# An active task this close to an item already covers it: a second click adds nothing.
COVERED_M = 50


def _covered(session, episode_id: int, item: RankedItem) -> bool:
    return session.execute(text(
        "SELECT 1 FROM tasks WHERE episode_id = :episode AND status NOT IN ('cancelled', "
        "'completed') AND ST_DWithin(geom::geography, ST_MakePoint(:lon, :lat)::geography, :m) "
        "LIMIT 1"), {"episode": episode_id, "lon": item.lon, "lat": item.lat,
                     "m": COVERED_M}).first() is not None


def make_tasks(session, *, actor: User, episode_id: int, top: int = 3,
               keys: list[str] | None = None) -> dict:
    """Turn the top items (or the chosen keys) of the current ranking into tasks on the open
    episode, all in one commit; items already covered by an active task are skipped."""
    require(actor, "ranking.task")
    episode = get_episode(session, actor, episode_id)
    if episode.status != "open":
        raise Invalid("The episode is not open: there is nobody to search for.", field="episode")
    as_of = datetime.now(UTC)
    items = ranked(session, episode=episode, as_of=as_of, limit=max(top, 50) if keys else top)
    if keys:
        chosen = [i for i in items if i.key in set(keys)]
        missing = sorted(set(keys) - {i.key for i in chosen})
        if missing:
            raise Invalid(f"Not in this episode's ranking: {', '.join(missing)}.", field="keys")
    else:
        chosen = items[:top]
    created, skipped = [], []
    for item in chosen:
        if _covered(session, episode.id, item):
            skipped.append(item.key)
            continue
        created.append(task_service.add(
            session, actor=actor, episode_id=episode.id, kind=item.task_kind,
            title=f"Check first #{item.rank}: {item.label}"[:160],
            geometry=Point(item.lon, item.lat),
            instructions=f"Ranked {item.rank} of the places to check first: "
                         + "; ".join(item.reasons),
            priority="high" if item.rank <= 3 else "normal", source_place_id=item.place_id,
            permission="ranking.task"))
    session.commit()
    return {"episode_id": episode.id, "as_of": as_of.isoformat(), "created": created,
            "skipped": skipped}
