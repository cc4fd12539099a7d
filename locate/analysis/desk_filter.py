"""The filter every across-children analysis takes (dates, team, age band), as one SQL CTE.

Each analysis starts from the same `desk_episodes` rows, so a hotspot map, a network and a
table filtered alike count the same episodes. Force-wide roles see every team; a team-scoped
role given analysis.view later would see its own team only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..access import require
from ..domain.age_bands import AGE_BANDS, sql_case
from ..domain.errors import Invalid
from ..domain.permissions import FORCE_WIDE
from ..models import User

DEFAULT_DAYS = 365
MAX_DAYS = 366 * 5

AGE_SQL = "extract(year FROM age((e.reported_at AT TIME ZONE 'UTC')::date, p.date_of_birth))::int"
BAND_SQL = sql_case(AGE_SQL)


@dataclass(frozen=True)
class DeskFilter:
    since: datetime
    until: datetime
    team_id: int | None = None
    age_band: str | None = None

    def as_dict(self) -> dict:
        """For the audit row and the answer: what was asked, in plain values."""
        return {"since": self.since.isoformat(), "until": self.until.isoformat(),
                "team_id": self.team_id, "age_band": self.age_band}

    def where(self) -> tuple[list[str], dict]:
        """The filter as SQL conditions on episodes `e` (the age band also reads the child's
        current profile `p`), with their parameters."""
        where = ["e.reported_at >= :since", "e.reported_at < :until"]
        params: dict = {"since": self.since, "until": self.until}
        if self.team_id is not None:
            where.append("e.team_id = :team_id")
            params["team_id"] = self.team_id
        if self.age_band is not None:
            where.append(f"{BAND_SQL} = :age_band")
            params["age_band"] = self.age_band
        return where, params

    def cte(self, columns: str | None = None) -> tuple[str, dict]:
        """`desk_episodes AS (...)`: the filtered episodes with the child's current profile
        values the analyses group by (age band on the day reported, ethnicity). `columns`
        (SQL over e, c and p) reads fewer, for a statement that materialises the CTE and
        needs only a few (the network's)."""
        where, params = self.where()
        columns = columns or f"""e.id, e.child_id, e.team_id, e.reported_at, e.last_seen_at,
                   e.last_seen_geom, e.found_at, e.found_geom, e.found_metric, e.found_by, e.risk_grade,
                   e.status, e.reported_by_organisation_id, c.organisation_id,
                   p.ethnicity, p.placement_type, {BAND_SQL} AS age_band,
                   p.first_name || ' ' || p.last_name AS child_name, c.reference AS child_ref"""
        sql = f"""desk_episodes AS (
            SELECT {columns}
            FROM episodes e
            JOIN children c ON c.id = e.child_id
            JOIN child_profiles p ON p.child_id = c.id AND p.version = c.current_version
            WHERE {' AND '.join(where)})"""
        return sql, params


def desk_filter(actor: User, *, since: datetime | None = None, until: datetime | None = None,
                team_id: int | None = None, age_band: str | None = None,
                now: datetime | None = None, permission: str = "analysis.view") -> DeskFilter:
    """Check the caller may analyse (`permission`) and the filter makes sense; fill in the
    defaults (the last year)."""
    require(actor, permission)
    now = now or datetime.now(UTC)
    until = until or now
    since = since or until - timedelta(days=DEFAULT_DAYS)
    if since >= until:
        raise Invalid("'since' must be before 'until'.")
    if until - since > timedelta(days=MAX_DAYS):
        raise Invalid(f"Ask for at most {MAX_DAYS} days at a time.")
    if age_band is not None and age_band not in AGE_BANDS:
        raise Invalid(f"Unknown age band {age_band!r}.")
    if actor.role not in FORCE_WIDE:
        if team_id not in (None, actor.team_id):
            raise Invalid("You can analyse your own team only.")
        team_id = actor.team_id
    return DeskFilter(since=since, until=until, team_id=team_id, age_band=age_band)
