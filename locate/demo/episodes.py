"""One child's year: associates, places, missing episodes with their risk assessments,
sightings and search tasks, drawn from the reference tables."""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta

from shapely.geometry import box

from .force import ChildPlan, Force, town
from .geography import KM_PER_DEG_LAT, ewkt_point, near, offset
from .people import (
    CLOTHES,
    PLACE_FREQUENTS,
    PLACE_NAMES,
    PLACE_SOURCE_SHARES,
    RELATIONS,
    address,
    name,
    older_associate,
)
from .tables import (
    DISTANCE_KM,
    FOUND_PLACE_SHARES,
    HOURS_TO_LOCATE,
    balanced_tilts,
    choose,
)

GRADE_SHARES = {"no_apparent_risk": 0.15, "low": 0.40, "medium": 0.35, "high": 0.10}
# Open episodes take grades in turn, so every demo shows each grade on the live map.
OPEN_GRADES = ("high", "medium", "low", "medium", "no_apparent_risk", "high", "medium", "low")
# Higher grades are found further away: u -> u + a*u*(1-u) pushes the distance quantile up for
# a > 0. The weights are chosen so that, over GRADE_SHARES, the mean tilt is about zero and the
# overall distance table still holds (0.15*-0.3 + 0.4*-0.15 + 0.35*0.15 + 0.1*0.5 = -0.0025).
DISTANCE_TILT = {"no_apparent_risk": -0.3, "low": -0.15, "medium": 0.15, "high": 0.5}
# Girls more often at friends' addresses, boys more often on the street (shared/domain.md):
# 4 points moved each way, so an even mix of girls and boys keeps the overall shares.
GIRLS_FOUND, BOYS_FOUND = balanced_tilts(FOUND_PLACE_SHARES, "friend_address", "street_park",
                                         0.04)
FOUND_BY = {
    "home": {"returned_self": 0.7, "carer": 0.3},
    "friend_address": {"address_check": 0.6, "carer": 0.2, "returned_self": 0.2},
    "relative_address": {"address_check": 0.5, "carer": 0.3, "returned_self": 0.2},
    "street_park": {"police_patrol": 0.7, "public": 0.2, "carer": 0.1},
    "shop_leisure": {"police_patrol": 0.5, "public": 0.4, "carer": 0.1},
    "police_office": {"returned_self": 0.6, "public": 0.4},
    "transport_hub": {"police_patrol": 0.5, "other_agency": 0.5},
    "entertainment": {"police_patrol": 0.5, "public": 0.5},
    "other": {"other_agency": 0.5, "police_patrol": 0.3, "public": 0.2},
}
SIGHTING_SOURCES = {"officer": 0.3, "public": 0.25, "cctv": 0.15, "anpr": 0.05, "carer": 0.15,
                    "social_media": 0.1}
SEEN = ("Seen walking with two others", "Getting on a bus", "Outside the chip shop",
        "In the park with older youths", "Near the station entrance", "Going into a block of flats")
SIGHTING_COUNTS = (0, 1, 2, 3, 4, 5, 6, 8)
SIGHTING_WEIGHTS = (8, 14, 18, 20, 16, 11, 8, 5)  # mean about 3
FACTORS = ("cse_concern", "cce_concern", "mental_health", "medication_needed",
           "out_of_character", "weather_exposure", "with_older_associates", "substance_misuse")
FACTOR_SOURCES = ("carer", "police systems", "social worker", "school", "family", "child's phone")
OPEN_TASK_STATUSES = ("unassigned", "assigned", "accepted", "en_route", "on_scene", "completed",
                      "assigned", "en_route")
REPORTERS = {"childrens_home": ("Duty manager", "care home staff"),
             "semi_independent": ("Key worker", "support worker"),
             "foster_care": ("Foster carer", "foster carer"),
             "family_home": ("Mother", "parent"), "kinship_care": ("Grandmother", "kinship carer"),
             "other": ("Social worker", "social worker")}


class Ids:
    """Next id per table, shared by all children so ids are dense and predictable."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        self.last[table] = self.last.get(table, 0) + 1
        return self.last[table]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _area_ewkt(lon: float, lat: float, km: float) -> str:
    dlat = km / KM_PER_DEG_LAT
    dlon = km / (KM_PER_DEG_LAT * 0.6)
    return "SRID=4326;" + box(lon - dlon, lat - dlat, lon + dlon, lat + dlat).wkt


def child_year(rng: random.Random, plan: ChildPlan, force: Force, ids: Ids, *, now: datetime,
               review_minutes: dict[str, int], batch: dict[str, list],
               older_pool: int = 2) -> None:
    """Add the associates, places and episodes of one child to batch."""
    area = force.areas[plan.team_id - 1]
    place_town = town(area)
    staff = force.staff[plan.team_id]
    # Associates, each with an address and, for friends and relatives, a place.
    places = [("home", plan.home, None)]
    for _ in range(rng.randint(1, 4)):
        relation = rng.choices([r for r, _ in RELATIONS], [w for _, w in RELATIONS])[0]
        at = near(rng, *plan.home, 2.5)
        associate_id = ids("associates")
        older = relation == "older associate"
        if older:  # one of the team's pool, known to a handful of children (people.py)
            who, age, number, lives = older_associate(rng, plan.team_id, place_town,
                                                      older_pool)
        else:
            first, last = name(rng, rng.choice(("female", "male")))
            who, age, number, lives = (f"{first} {last}", rng.randint(12, 17), None,
                                       address(rng, place_town))
        batch["associates"].append((
            associate_id, plan.id, who, relation, age, number, lives, ewkt_point(*at),
            "Older associate: possible exploitation" if older else None, None))
        kind = {"friend": "friend_address", "boyfriend/girlfriend": "friend_address",
                "relative": "relative_address", "older associate": "associate_address",
                "school friend": "friend_address"}.get(relation)
        if kind:
            places.append((kind, at, associate_id))
    for _ in range(rng.randint(1, 3)):
        places.append((choose(rng, PLACE_FREQUENTS), near(rng, *plan.home, 3.0), None))
    place_ids = []
    for kind, at, associate_id in places:
        place_id = ids("places")
        place_ids.append((place_id, at))
        source = "philomena" if kind == "home" else choose(rng, PLACE_SOURCE_SHARES)
        batch["places"].append((
            place_id, plan.id, ewkt_point(*at), kind, PLACE_NAMES[kind],
            address(rng, place_town) if kind != "street_park" else None, source, None,
            associate_id, None, now - timedelta(days=rng.randrange(30, 400)),
            now - timedelta(days=rng.randrange(0, 60))))

    # Episode times: closed ones laid end to end over the past year with random gaps, never
    # overlapping; an open one (if any) started in the last day.
    closed = plan.episodes - (1 if plan.open_episode else 0)
    hours = [HOURS_TO_LOCATE.sample(rng) for _ in range(closed)]
    window = 365 * 24.0 - 36
    busy = sum(hours) + closed * 6.0
    if busy > 0.8 * window:
        hours = [h * 0.8 * window / busy for h in hours]
        busy = 0.8 * window
    gaps = [rng.expovariate(1.0) for _ in range(closed + 1)]
    spare = (window - busy) / sum(gaps)
    t = now - timedelta(days=365)
    for n in range(closed):
        t += timedelta(hours=gaps[n] * spare)
        _episode(rng, plan, staff, ids, batch, place_ids, review_minutes, now=now, reported=t,
                 hours=hours[n], number=n + 1)
        t += timedelta(hours=hours[n] + 6.0)
    if plan.open_episode:
        reported = now - timedelta(hours=rng.uniform(0.5, 20))
        _episode(rng, plan, staff, ids, batch, place_ids, review_minutes, now=now,
                 reported=reported, hours=None, number=plan.episodes)


def _episode(rng, plan, staff, ids, batch, place_ids, review_minutes, *, now, reported, hours,
             number):
    """One episode with its assessments, sightings, tasks and perhaps a found-at place."""
    episode_id = ids("episodes")
    is_open = hours is None
    grade = (OPEN_GRADES[(plan.open_episode - 1) % len(OPEN_GRADES)] if is_open
             else choose(rng, GRADE_SHARES))
    sergeant = rng.choice(staff.sergeants)
    last_seen_at = reported - timedelta(minutes=rng.randrange(10, 180))
    found_row = (None,) * 7
    if is_open:
        last_seen = near(rng, *plan.home, 1.0)
        found_geom = None
        end = now
    else:
        kind = choose(rng, GIRLS_FOUND if plan.sex == "female" else BOYS_FOUND)
        u = rng.random()
        u += DISTANCE_TILT[grade] * u * (1 - u)
        km = DISTANCE_KM.quantile(u)
        bearing = rng.uniform(0, 360)
        if kind == "home":
            found = near(rng, *plan.home, 0.02)
            last_seen = offset(*found, km, bearing)
        else:
            last_seen = near(rng, *plan.home, 1.0)
            found = offset(*last_seen, km, bearing)
        found_at = reported + timedelta(hours=hours)
        end = found_at
        found_by = choose(rng, FOUND_BY[kind])
        by_user = rng.choice(staff.constables) if found_by in ("police_patrol",
                                                              "address_check") else None
        closed_at = found_at + timedelta(hours=rng.uniform(1, 30))
        found_geom = ewkt_point(*found)
        found_row = (found_at, found_geom, kind, found_by, by_user,
                     f"Found ({kind.replace('_', ' ')}), safe and well-checked.",
                     closed_at if closed_at < now else None)
    # Risk assessments: graded on report, reviewed at the force's interval (a few at most for
    # closed episodes; until now for open ones, so none is overdue on the live map).
    interval = timedelta(minutes=review_minutes[grade])
    assessed = reported + timedelta(minutes=rng.randrange(5, 30))
    reviews = 0
    while True:
        due = assessed + interval
        factors = {f: rng.choice(("yes", "no", "no", "unknown")) for f in rng.sample(FACTORS, 4)}
        sources = {f: rng.choice(FACTOR_SOURCES) for f, v in factors.items() if v != "unknown"}
        inspector = staff.inspectors[0] if grade in ("medium", "high") else None
        batch["risk_assessments"].append((
            ids("risk_assessments"), episode_id, grade, json.dumps(factors), json.dumps(sources),
            f"{'Reviewed' if reviews else 'Graded'} {grade.replace('_', ' ')}: "
            f"{number} episode(s) this year; factors {', '.join(sorted(factors))}.",
            sergeant, assessed, due, inspector,
            assessed + timedelta(minutes=20) if inspector else None))
        reviews += 1
        if due >= end or (not is_open and reviews >= 3) or reviews >= 40:
            break
        assessed = due
    status = "open" if is_open else ("closed" if found_row[6] else "found")
    name_, relationship = REPORTERS[plan.placement]
    batch["episodes"].append((
        episode_id, f"MP{episode_id:07d}", plan.id, plan.team_id, status, reported, name_,
        relationship, plan.organisation_id, last_seen_at, ewkt_point(*last_seen),
        "Left the placement on foot" if rng.random() < 0.6 else "Did not return from school",
        rng.choice(CLOTHES), "Missing overnight before; phone off.", grade, due,
        *found_row, sergeant, reported, 1))
    # Sightings between last seen and found (or now), strung along the way.
    count = rng.choices(SIGHTING_COUNTS, SIGHTING_WEIGHTS)[0] if not is_open else rng.randint(2, 5)
    to = near(rng, *last_seen, 2.0) if is_open else found
    span = (end - last_seen_at).total_seconds()
    sighting_ids = []
    for k in range(count):
        f = (k + 1) / (count + 1)
        at = near(rng, last_seen[0] + f * (to[0] - last_seen[0]),
                  last_seen[1] + f * (to[1] - last_seen[1]), 0.3)
        observed = last_seen_at + timedelta(seconds=span * f * rng.uniform(0.8, 1.0))
        source = choose(rng, SIGHTING_SOURCES)
        sighting_id = ids("sightings")
        sighting_ids.append((sighting_id, at))
        batch["sightings"].append((
            sighting_id, _uuid(rng), episode_id, observed, ewkt_point(*at),
            float(rng.choice((5, 10, 15, 25, 50, 100))),
            source, rng.choice(("low", "medium", "high")), rng.choice(SEEN),
            rng.choice(staff.constables) if source == "officer" else None,
            observed + timedelta(minutes=rng.randrange(1, 30))))
    # Tasks: closed episodes keep a few finished ones; open ones have work in every state.
    tasks = rng.randint(3, 6) if is_open else rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]
    for k in range(tasks):
        status_ = OPEN_TASK_STATUSES[k % len(OPEN_TASK_STATUSES)] if is_open else (
            "completed" if rng.random() < 0.8 else "cancelled")
        assignee = None if status_ == "unassigned" else rng.choice(staff.constables)
        if is_open and plan.open_episode == 1 and k == 1:
            assignee = staff.constables[0]  # the demo 'constable' login has work to do
        created = reported + timedelta(minutes=rng.randrange(10, 60))
        if k % 3 == 2 and sighting_ids:
            sighting_id, at = rng.choice(sighting_ids)
            kind, geom, place_id = "area_search", _area_ewkt(*at, 0.4), None
            title = "Search the area around the sighting"
        else:
            place_id, at = rng.choice(place_ids)
            kind, geom, sighting_id = "address_check", ewkt_point(*at), None
            title = "Check a known address"
        batch["tasks"].append((
            ids("tasks"), episode_id, plan.team_id, kind, title, geom,
            "Knock, speak to occupants, check rooms; report back.",
            "urgent" if grade == "high" else rng.choice(("high", "normal", "low")),
            created + timedelta(hours=2), assignee, status_,
            "Not there; occupants spoken to." if status_ == "completed" else None,
            place_id, sighting_id, sergeant, created,
            min(now, created + timedelta(minutes=rng.randrange(5, 120))), 1))
    # Where a child was found becomes a place worth checking next time (now and then).
    if not is_open and found_row[2] not in ("home", "police_office") and rng.random() < 0.15:
        batch["places"].append((
            ids("places"), plan.id, found_geom, found_row[2], PLACE_NAMES[found_row[2]], None,
            "found_at", f"Found here on {found_row[0]:%d %b %Y}.", None, episode_id,
            found_row[0], found_row[0]))
