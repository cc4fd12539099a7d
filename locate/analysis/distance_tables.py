"""A force's own distance table: which one is in force, and changing it on the desk.

In force: the latest upload (docs: the desk's distance table page), unless its latest row put
the default back; then the deployment's setting (LOCATE_DISTANCE_TABLE); then Grampian 2007.
Every change is a new row (the table is append-only) and an audit row, so the table that drew
the rings and weighed the ranking at any time stays on record.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..access import require
from ..domain.errors import Invalid
from ..domain.rings import GRAMPIAN, DistanceTable, parse_csv, parse_table
from ..models import DistanceTableVersion, User

MAX_SOURCE = 300
MAX_AGE_BAND = 40
MAX_TEXT = 16 * 1024  # twenty "km,share" lines fit in a few hundred bytes


@dataclass(frozen=True)
class InForce:
    table: DistanceTable
    uploaded: DistanceTableVersion | None  # the upload in force, if the table is one


# The latest change (bench/bench_child_desk.py replays this statement on its bare side).
LATEST = select(DistanceTableVersion).order_by(DistanceTableVersion.id.desc()).limit(1)


def latest(session) -> DistanceTableVersion | None:
    return session.execute(LATEST).scalar()


def distance_table(session, config=None) -> DistanceTable:
    """The table in force: the force's upload, else the deployment's setting, else Grampian."""
    return in_force(session, config).table


def configured_table(config=None) -> DistanceTable:
    """The deployment's table when set (LOCATE_DISTANCE_TABLE with its source), else Grampian."""
    config = config or current_app.config
    if not config.get("DISTANCE_TABLE"):
        return GRAMPIAN
    return parse_table(config["DISTANCE_TABLE"],
                       source=config.get("DISTANCE_TABLE_SOURCE") or "", age_band="all ages")


def in_force(session, config=None) -> InForce:
    row = latest(session)
    if row is None or row.points is None:
        return InForce(configured_table(config), None)
    return InForce(DistanceTable(points=tuple(tuple(p) for p in row.points), source=row.source,
                                 age_band=row.age_band or "all ages"), row)


def versions(session, limit: int = 10) -> list[tuple[DistanceTableVersion, str]]:
    """The latest changes, newest first, each with who made it."""
    return [tuple(row) for row in session.execute(
        select(DistanceTableVersion, User.display_name).join(
            User, User.id == DistanceTableVersion.by_id).order_by(
            DistanceTableVersion.id.desc()).limit(limit))]


def upload(session, *, actor: User, text: str, source: str, age_band: str = "") -> DistanceTable:
    """Check the table and put it in force, or raise Invalid with nothing written."""
    require(actor, "distance_table.manage")
    source, age_band = _clean(source, "source", MAX_SOURCE), _clean(age_band, "age_band",
                                                                    MAX_AGE_BAND)
    if not source:
        raise Invalid("Say where the table comes from: it is shown beside the rings.",
                      field="source")
    if len(text) > MAX_TEXT:
        raise Invalid(f"A distance table is a few lines; this is over {MAX_TEXT // 1024} KB.",
                      field="table")
    try:
        points = parse_csv(text)
    except Invalid as error:
        raise Invalid(str(error), field="table") from None
    table = DistanceTable(points=points, source=source, age_band=age_band or "all ages")
    _record(session, actor, DistanceTableVersion(points=[list(p) for p in points], source=source,
                                                 age_band=age_band or None, by_id=actor.id),
            source=source, points=len(points))
    return table


def reset(session, *, actor: User) -> None:
    """Put the default back (the deployment's setting, else Grampian), on record as a row."""
    require(actor, "distance_table.manage")
    current = latest(session)
    if current is None or current.points is None:
        raise Invalid("The default table is already in force.", field="table")
    _record(session, actor, DistanceTableVersion(points=None, source=None, by_id=actor.id),
            reset=True)


def _record(session, actor: User, row: DistanceTableVersion, **details) -> None:
    """A change on record: the new version and its audit row, in one commit."""
    session.add(row)
    session.flush()
    audit.record(session, user=actor, action="update", entity="distance_table",
                 entity_id=row.id, **details)
    session.commit()


def _clean(value: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise Invalid("NUL characters are not allowed.", field=field)
    if len(value) > limit:
        raise Invalid(f"At most {limit} characters.", field=field)
    return value
