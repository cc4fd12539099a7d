"""Build the demo force: generate rows from a seed, stream them into COPY, one audit row.

Determinism: every value comes from one random.Random(seed) and from a reference time `now`.
build_demo takes `now` as the current time rounded down to the hour (so open episodes look
live), which means two builds on different days differ only by that shift; generate() with the
same seed, scale and now yields identical rows (tests compare checksums that way).
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import click
from sqlalchemy import text

from .copy import COLUMNS, CopyLoader
from .episodes import Ids, child_year
from .force import build_force, council, plan_children, town
from .geography import areas_for_scale, ewkt_point
from .people import older_associate_pool, profile

CHILDREN_PER_SCALE = 150
EPISODES_PER_SCALE = 1500
OPEN_PER_SCALE = 7
CHILDREN_PER_BATCH = 2000
DEFAULT_REVIEW_MINUTES = {"high": 60, "medium": 240, "low": 720, "no_apparent_risk": 1440}


def reference_now() -> datetime:
    """The current time rounded down to the hour: the demo's 'now'."""
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def generate(*, seed: int, scale: float, now: datetime, password_hash: str,
             review_minutes: dict[str, int] | None = None) -> Iterator[dict[str, list[tuple]]]:
    """Yield batches {table: rows} in foreign-key order: first the force, then children in
    groups with everything that hangs off them. Pure: no database, same input same output."""
    rng = random.Random(seed)
    review_minutes = review_minutes or DEFAULT_REVIEW_MINUTES
    areas = areas_for_scale(scale)
    force = build_force(rng, scale=scale, areas=areas, now=now, password_hash=password_hash)
    yield force.rows
    children = max(10, round(CHILDREN_PER_SCALE * scale))
    plans = plan_children(rng, force, children=children,
                          episodes=max(children, round(EPISODES_PER_SCALE * scale)),
                          open_episodes=max(3, round(OPEN_PER_SCALE * scale)))
    ids = Ids()
    older_pool = older_associate_pool(len(plans), len(areas))
    for start in range(0, len(plans), CHILDREN_PER_BATCH):
        batch: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        for plan in plans[start:start + CHILDREN_PER_BATCH]:
            area = areas[plan.team_id - 1]
            # Some children are placed away from home: their council is another area's.
            home_area = area if rng.random() > 0.15 else rng.choice(areas)
            p = profile(rng, now=now, sex=plan.sex, town=town(area), placement=plan.placement,
                        home=plan.home, la=council(home_area), weight=plan.weight)
            p["missing_history"] = f"{plan.episodes} missing episode(s) in the past year."
            batch["children"].append((plan.id, f"C{plan.id:07d}", plan.team_id,
                                      plan.organisation_id, 1))
            p["placement_location"] = ewkt_point(*p["placement_location"])
            batch["child_profiles"].append((ids("child_profiles"), plan.id, 1,
                                            *(p[c] for c in COLUMNS["child_profiles"][3:-1]),
                                            None))
            child_year(rng, plan, force, ids, now=now, review_minutes=review_minutes,
                       batch=batch, older_pool=older_pool)
        yield batch


def checksum(batches) -> str:
    """A digest of every row in every batch (for determinism checks)."""
    digest = hashlib.sha256()
    for batch in batches:
        for table in sorted(batch):
            for row in batch[table]:
                digest.update(repr((table, row)).encode())
    return digest.hexdigest()


def _database_has_data(session) -> bool:
    return bool(session.execute(text(
        "SELECT EXISTS (SELECT 1 FROM teams) OR EXISTS (SELECT 1 FROM users) "
        "OR EXISTS (SELECT 1 FROM children)")).scalar())


def build_demo(session, *, seed: int, scale: float, password: str | None, reset: bool = False,
               now: datetime | None = None, review_minutes: dict[str, int] | None = None
               ) -> list[str]:
    """Load the demo force into an empty database; return lines to print (logins last)."""
    from .. import audit
    from ..security.passwords import hash_password

    if reset:
        raise click.ClickException(
            "--reset is not supported: audit_log is append-only and references users and "
            "children, so the demo cannot be deleted row by row. Empty the database with "
            "'flask --app app db downgrade base && flask --app app db upgrade', then run "
            "demo-data again without --reset.")
    if _database_has_data(session):
        raise click.ClickException(
            "The database already has teams, users or children; the demo loads only into an "
            "empty one. Run 'flask --app app db downgrade base && flask --app app db upgrade' "
            "first (this deletes everything, audit log included).")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    now = now or reference_now()
    if review_minutes is None:
        from flask import current_app, has_app_context

        if has_app_context():
            review_minutes = current_app.config.get("REVIEW_MINUTES")
    started = time.monotonic()
    loader = CopyLoader(session)
    logins = None
    for batch in generate(seed=seed, scale=scale, now=now, password_hash=hash_password(password),
                          review_minutes=review_minutes):
        loader.load(batch)
        if logins is None:
            logins = [row[1] for row in batch["users"]]
    loader.finish()
    counts = loader.counts
    seconds = time.monotonic() - started
    audit.record(session, user=None, username="cli", action="create", entity="demo_data",
                 seed=seed, scale=scale, now=now.isoformat(), counts=counts,
                 load_seconds=round(seconds, 1))
    session.commit()
    lines = [f"Demo force loaded (seed {seed}, scale {scale:g}, now {now:%Y-%m-%d %H:%M} UTC) "
             f"in {seconds:.1f} s:"]
    lines += [f"  {table:<17} {n:>10,}" for table, n in counts.items()]
    lines += ["", "Demo logins (all share one password):"]
    for role in ("sergeant", "constable", "inspector", "coordinator", "admin", "carer"):
        lines.append(f"  {role:<12} username: {role}")
    lines.append("  (more: constable2.., sergeant2.., carer2..)")
    lines.append(f"  password: {password}" + ("   (random; pass --password or set "
                                              "LOCATE_DEMO_PASSWORD to choose)" if generated
                                              else ""))
    return lines
