"""The force itself: teams, care homes and families, officers and partner users, and the plan of
which child lives where (drawn up front, small even at national scale)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .geography import Area, ewkt_point, home_in, multipolygon_ewkt
from .people import BOYS, GIRLS, PLACEMENTS, SURNAMES, address, phone
from .tables import choose

COUNCILS = {"LDS": "Leeds City Council", "BFD": "City of Bradford Metropolitan District Council",
            "WKF": "Wakefield Council", "KLS": "Kirklees Council", "CLD": "Calderdale Council"}
# Per small city (scale 1): 8 children's homes, 2 fostering agencies, 5 families with logins.
HOMES, AGENCIES, FAMILIES = 8, 2, 5
HOME_NAMES = ("Oak House", "Elm Lodge", "Birch View", "Hawthorn House", "Willow Court",
              "Rowan House", "Cedar Lodge", "Ash Villa", "Maple House", "Holly Bank")
# Officers per team: (constables, sergeants, inspectors); the first two WY teams are bigger.
STAFF_BIG, STAFF = (14, 3, 1), (11, 2, 1)


@dataclass
class Staff:
    constables: list[int] = field(default_factory=list)
    sergeants: list[int] = field(default_factory=list)
    inspectors: list[int] = field(default_factory=list)


@dataclass
class Force:
    areas: list[Area]
    staff: dict[int, Staff]  # team id -> officers
    orgs: dict[int, list[tuple[int, str, tuple[float, float], str]]]  # team -> (id, kind, at, name)
    coordinators: list[int]
    logins: dict[str, str]  # role -> the unnumbered username
    rows: dict[str, list[tuple]]


def council(area: Area) -> str:
    return COUNCILS.get(area.code, f"{area.name.removesuffix(' LOCATE')} Council")


def town(area: Area) -> str:
    return area.name.removesuffix(" LOCATE")


def build_force(rng: random.Random, *, scale: float, areas: list[Area], now: datetime,
                password_hash: str) -> Force:
    """Teams, organisations and users as rows, with ids from 1."""
    rows: dict[str, list[tuple]] = {"teams": [], "organisations": [], "users": []}
    staff: dict[int, Staff] = {}
    orgs: dict[int, list] = {}
    total_weight = sum(a.weight for a in areas)
    usernames: dict[str, int] = {}

    def username(base: str) -> str:
        usernames[base] = usernames.get(base, 0) + 1
        n = usernames[base]
        return base if n == 1 else f"{base}{n}"

    def person(rng_) -> str:
        return f"{rng_.choice(GIRLS + BOYS)} {rng_.choice(SURNAMES)}"

    user_id = 0
    org_id = 0
    for team_id, area in enumerate(areas, start=1):
        rows["teams"].append((team_id, area.code, area.name, multipolygon_ewkt(area)))
        share = scale * len(areas[:5]) * area.weight / total_weight
        orgs[team_id] = []
        for kind, per_city in (("childrens_home", HOMES), ("foster_agency", AGENCIES),
                               ("family", FAMILIES)):
            for _ in range(max(1, round(per_city * share / len(areas[:5])))):
                org_id += 1
                at = home_in(rng, area)
                if kind == "childrens_home":
                    name = f"{rng.choice(HOME_NAMES)}, {town(area)}"
                elif kind == "foster_agency":
                    name = f"{town(area)} Fostering Service"
                else:
                    name = f"The {rng.choice(SURNAMES)} family"
                rows["organisations"].append((org_id, name, kind, address(rng, town(area)),
                                              ewkt_point(*at), phone(rng), team_id))
                orgs[team_id].append((org_id, kind, at, name))
                user_id += 1
                rows["users"].append((user_id, username("carer"), password_hash, person(rng),
                                      None, "partner", None, org_id, False, None, None, None))
        constables, sergeants, inspectors = STAFF_BIG if team_id <= 2 else STAFF
        team_staff = staff[team_id] = Staff()
        for role, count, bucket in (("inspector", inspectors, team_staff.inspectors),
                                    ("sergeant", sergeants, team_staff.sergeants),
                                    ("constable", constables, team_staff.constables)):
            for _ in range(count):
                user_id += 1
                # About half of each team is on duty now, with a fresh position fix.
                on_duty = role != "inspector" and (not bucket or rng.random() < 0.5)
                at = home_in(rng, area, sigma_km=3.0) if on_duty else None
                rows["users"].append((
                    user_id, username(role), password_hash, person(rng),
                    f"{rng.randrange(1000, 9999)}", role, team_id, None, on_duty,
                    ewkt_point(*at) if at else None, round(rng.uniform(5, 30), 1) if at else None,
                    now - timedelta(seconds=rng.randrange(20, 600)) if at else None))
                bucket.append(user_id)
    coordinators = []
    for role, count in (("coordinator", 2 + len(areas[5:]) // 5), ("admin", 1)):
        for _ in range(count):
            user_id += 1
            rows["users"].append((user_id, username(role), password_hash, person(rng), None,
                                  role, None, None, False, None, None, None))
            if role == "coordinator":
                coordinators.append(user_id)
    logins = {r: r for r in ("sergeant", "constable", "inspector", "coordinator", "admin")}
    logins["partner"] = "carer"
    return Force(areas, staff, orgs, coordinators, logins, rows)


@dataclass
class ChildPlan:
    id: int
    team_id: int
    sex: str
    placement: str
    organisation_id: int | None
    home: tuple[float, float]
    weight: float  # propensity to go missing: heavy-tailed, so a few children dominate
    episodes: int = 0
    open_episode: int = 0  # 0: none open now; else its rank among the open episodes


def plan_children(rng: random.Random, force: Force, *, children: int, episodes: int,
                  open_episodes: int) -> list[ChildPlan]:
    """Who the children are, where they live and how many episodes each has."""
    team_ids = list(range(1, len(force.areas) + 1))
    weights = [a.weight for a in force.areas]
    families_free = {t: [o for o in force.orgs[t] if o[1] == "family"] for t in team_ids}
    plans = []
    for child_id in range(1, children + 1):
        team_id = rng.choices(team_ids, weights)[0]
        area = force.areas[team_id - 1]
        placement = choose(rng, PLACEMENTS)
        org, home = None, None
        team_orgs = force.orgs[team_id]
        if placement in ("childrens_home", "semi_independent"):
            homes = [o for o in team_orgs if o[1] == "childrens_home"]
            org = rng.choice(homes)
        elif placement == "foster_care":
            org = rng.choice([o for o in team_orgs if o[1] == "foster_agency"])
        elif placement == "family_home" and families_free[team_id]:
            org = families_free[team_id].pop()
        if org and org[1] != "foster_agency":
            home = org[2]
        plans.append(ChildPlan(child_id, team_id, "female" if rng.random() < 0.5 else "male",
                               placement, org[0] if org else None, home or home_in(rng, area),
                               min(20.0, math.exp(rng.gauss(0, 1.35)))))
    # Everyone went missing at least once; the rest follow the heavy-tailed weights.
    for plan in plans:
        plan.episodes = 1
    extra = max(0, episodes - children)
    cumulative = []
    acc = 0.0
    for plan in plans:
        acc += plan.weight
        cumulative.append(acc)
    for plan in rng.choices(plans, cum_weights=cumulative, k=extra):
        plan.episodes += 1
    # Open episodes now: round-robin over teams, two a round for the first team (Leeds) so the
    # demo sergeant's map is busy; each team's most frequent children first.
    by_team: dict[int, list[ChildPlan]] = {}
    for plan in sorted(plans, key=lambda p: -p.episodes):
        by_team.setdefault(plan.team_id, []).append(plan)
    queues = [iter(by_team[t]) for t in team_ids if t in by_team]
    picked = 0
    while picked < open_episodes and queues:
        for n, queue in enumerate(list(queues)):
            for _ in range(2 if n == 0 else 1):
                plan = next(queue, None)
                if plan is None:
                    queues.remove(queue)
                    break
                if picked < open_episodes:
                    picked += 1
                    plan.open_episode = picked
    return plans
