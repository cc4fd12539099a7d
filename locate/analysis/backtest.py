"""Does 'check these first' work? Replay the force's own history.

For every found episode with at least MIN_EARLIER earlier episodes of the same child, rank as of
the report time (so only what was known then counts) and see where the place the child was found
sits: a hit is an item within HIT_M metres. Beside it, in the same run and on the same episodes,
the two baselines a sergeant could use without LOCATE, each as the issue names it (one place:
the most recent found location; the profile place nearest to where last seen) and, stricter, as
a list to compare at top 3 and 5:
- most recent found: the places of the child's latest finds, newest first;
- nearest profile place: the child's known places (profile, interviews, intelligence and the
  placement home) nearest first to where last seen.
The rank score is MapScore's idea on a list: (items below the hit - items above it) / (n - 1),
1 when the hit is first, 0 on average for a random order, -1 when last; an episode whose place
is not on the list at all scores 0 (no better than chance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import text

from ..domain.rings import distance_m
from ..models import Episode
from .distance_tables import distance_table
from .ranking import evidence, ranked

HIT_M = 250.0
MIN_EARLIER = 3
LIST_LIMIT = 200  # rank everything: the rank score needs the whole list

CANDIDATES_SQL = text("""
SELECT e.id FROM episodes e
WHERE e.found_geom IS NOT NULL AND e.status <> 'open'
  AND (SELECT count(*) FROM episodes p
       WHERE p.child_id = e.child_id AND p.reported_at < e.reported_at) >= :min_earlier
ORDER BY e.reported_at, e.id
""")


@dataclass
class Method:
    name: str
    ranks: list[int | None] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def add(self, rank: int | None, length: int) -> None:
        self.ranks.append(rank)
        self.lengths.append(length)

    def within(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(len(self.ranks), 1)

    def rank_score(self) -> float:
        scores = [0.0 if r is None else (1.0 if n == 1 else (n - 2 * r + 1) / (n - 1))
                  for r, n in zip(self.ranks, self.lengths, strict=True)]
        return sum(scores) / max(len(scores), 1)

    def median_checked(self) -> float | None:
        hits = [r for r in self.ranks if r is not None]
        return median(hits) if hits else None

    def summary(self) -> dict:
        return {"method": self.name, "top1": self.within(1), "top3": self.within(3),
                "top5": self.within(5), "rank_score": self.rank_score(),
                "median_checked": self.median_checked(),
                "covered": sum(1 for r in self.ranks if r is not None) / max(len(self.ranks), 1)}


def _first_hit(points, found) -> int | None:
    for position, (lon, lat) in enumerate(points, start=1):
        if distance_m(lon, lat, *found) <= HIT_M:
            return position
    return None


def _distinct(points) -> list[tuple[float, float]]:
    """Drop a point within HIT_M of one kept before it: a list names a place once."""
    kept: list[tuple[float, float]] = []
    for p in points:
        if all(distance_m(*p, *q) > HIT_M for q in kept):
            kept.append(p)
    return kept


def run(session, *, limit_episodes: int | None = None, config=None) -> dict:
    ids = session.execute(CANDIDATES_SQL, {"min_earlier": MIN_EARLIER}).scalars().all()
    if limit_episodes:
        ids = ids[-limit_episodes:]
    methods = {"ranking": Method("Check these first (LOCATE)"),
               "recent_one": Method("Baseline: the most recent found location (one place)"),
               "nearest_one": Method("Baseline: the profile place nearest to last seen "
                                     "(one place)"),
               "recent": Method("Baseline: most recent found locations, as a list"),
               "nearest": Method("Baseline: profile places nearest to last seen, as a list")}
    found_before = repeat = known = 0
    table = distance_table(session, config)  # the table in force, once for the whole run
    for episode_id in ids:
        episode = session.get(Episode, episode_id)
        point = session.execute(text(
            "SELECT ST_X(found_geom), ST_Y(found_geom), ST_X(last_seen_geom), "
            "ST_Y(last_seen_geom) FROM episodes WHERE id = :id"), {"id": episode_id}).one()
        found, seen = (point[0], point[1]), (point[2], point[3])
        as_of = episode.reported_at
        rows = evidence(session, episode=episode, as_of=as_of, config=config)
        items = ranked(session, episode=episode, as_of=as_of, limit=LIST_LIMIT, config=config,
                       rows=rows, table=table)
        methods["ranking"].add(_first_hit([(i.lon, i.lat) for i in items], found), len(items))
        finds = sorted((r for r in rows if r.what == "found"), key=lambda r: r.at, reverse=True)
        recent = _distinct([(r.lon, r.lat) for r in finds])
        methods["recent"].add(_first_hit(recent, found), len(recent))
        methods["recent_one"].add(_first_hit(recent[:1], found), len(recent[:1]))
        places = sorted((r for r in rows if r.what == "place"),
                        key=lambda r: distance_m(r.lon, r.lat, *seen))
        nearest = _distinct([(r.lon, r.lat) for r in places])
        methods["nearest"].add(_first_hit(nearest, found), len(nearest))
        methods["nearest_one"].add(_first_hit(nearest[:1], found), len(nearest[:1]))
        # The ceiling of any list made from what was known (the report's last-seen point
        # included): the found place lies near some of it.
        known += (distance_m(*seen, *found) <= HIT_M
                  or any(distance_m(r.lon, r.lat, *found) <= HIT_M for r in rows))
        if finds:
            repeat += 1
            found_before += any(distance_m(r.lon, r.lat, *found) <= HIT_M for r in finds)
        session.expunge(episode)
    return {"episodes": len(ids), "hit_m": HIT_M, "min_earlier": MIN_EARLIER,
            "methods": [m.summary() for m in methods.values()],
            "found_at_earlier_find": found_before / max(repeat, 1), "repeat_episodes": repeat,
            "found_near_known": known / max(len(ids), 1)}


def aim(result: dict) -> list[str]:
    """The aim (top 3 at least 10 points above the better baseline), on both readings."""
    ranking, *baselines = result["methods"]
    lines = []
    for reading, chosen in (("one place each, as the issue names them", baselines[:2]),
                            ("as lists, compared at top 3", baselines[2:])):
        best = max(chosen, key=lambda m: m["top3"])
        gain = 100 * (ranking["top3"] - best["top3"])
        lines.append(f"Aim, baselines {reading}: top 3 {ranking['top3']:.1%} against "
                     f"{best['top3']:.1%} ({best['method'].removeprefix('Baseline: ')}), "
                     f"{gain:+.1f} points: {'met' if gain >= 10 else 'not met'}.")
    return lines


def markdown(result: dict) -> list[str]:
    """The result as the table docs/benchmarks.md holds."""
    best_top3 = max(m["top3"] for m in result["methods"][1:])
    lines = [f"{result['episodes']} found episodes with at least {result['min_earlier']} earlier "
             f"episodes of the same child, each ranked as of its report time; a hit is within "
             f"{result['hit_m']:g} m of where the child was found.", "",
             "| method | top 1 | top 3 | top 5 | rank score | median items checked (hits) | "
             "found place on the list |", "|---|---|---|---|---|---|---|"]
    for m in result["methods"]:
        checked = "-" if m["median_checked"] is None else f"{m['median_checked']:g}"
        lines.append(f"| {m['method']} | {m['top1']:.1%} | {m['top3']:.1%} | {m['top5']:.1%} | "
                     f"{m['rank_score']:.2f} | {checked} | {m['covered']:.1%} |")
    lines += ["", f"Repeat episodes that ended within {result['hit_m']:g} m of a place where the "
              f"child had been found before: {result['found_at_earlier_find']:.1%} "
              f"(of {result['repeat_episodes']}).", "",
              f"Ceiling: in {result['found_near_known']:.1%} of these episodes the child was "
              f"found within {result['hit_m']:g} m of something known before the report "
              "(where last seen, a find, a sighting or a place); no list made from what was "
              "known can have the place in its top 3 more often. Above the best baseline's top "
              f"3 that leaves {100 * (result['found_near_known'] - best_top3):.1f} points at "
              "most.", ""]
    return lines + aim(result)
