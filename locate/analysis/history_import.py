"""Load a force's past episodes (CSV or GeoJSON, docs/import.md) in one transaction.

Every row is checked first (domain/history_rows.py) and against the database (teams exist, a
child LOCATE does not know comes with who they are); any bad row and nothing is written, and
the report names row, field and reason. A good file goes through COPY into temporary staging
tables and from there into children, profiles, episodes, sightings and places in a few
INSERT ... SELECT statements, so a national year loads in minutes. Episodes are keyed by the
force's own reference: a second load of the same file (or an overlapping one) adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from sqlalchemy import text

from .. import audit
from ..access import require
from ..domain.history_rows import Row, RowErrors, check
from ..models import User

MAX_REPORTED_ERRORS = 500


@dataclass
class Report:
    sha256: str
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    loaded: dict = field(default_factory=dict)
    already_loaded: int = 0
    committed: bool = False
    same_file_loaded_before: bool = False

    def error(self, row: int, field_name: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "field": field_name, "reason": reason})

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class FileInvalid(Exception):
    """The file is not CSV or GeoJSON in the documented shape at all."""


def raw_rows(data: bytes):
    """(row number, dict) from CSV (header row = 1, so data starts at 2) or GeoJSON (features
    numbered from 1; the Point geometry is where last seen)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileInvalid("The file is not UTF-8 text.") from error
    if content.lstrip().startswith("{"):
        yield from _geojson_rows(content)
        return
    reader = csv.DictReader(io.StringIO(content))
    if not reader.fieldnames or "episode_ref" not in reader.fieldnames:
        raise FileInvalid("No header row with episode_ref: see docs/import.md for the columns.")
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            raw = {k: v for k, v in raw.items() if k is not None}
            raw["__extra__"] = "more cells than the header has columns"
        yield number, raw


def _geojson_rows(content: str):
    try:
        doc = json.loads(content)
    except ValueError as error:
        raise FileInvalid(f"The GeoJSON does not parse: {error}.") from error
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
            doc.get("features"), list):
        raise FileInvalid("GeoJSON must be a FeatureCollection of episode Features.")
    for number, feature in enumerate(doc["features"], start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        raw = dict(props) if isinstance(props, dict) else {"__extra__": "not a Feature"}
        if isinstance(geometry, dict) and geometry.get("type") == "Point" and isinstance(
                geometry.get("coordinates"), list) and len(geometry["coordinates"]) >= 2:
            raw["last_seen_lon"], raw["last_seen_lat"] = geometry["coordinates"][:2]
        yield number, raw


def _checked(data: bytes, report: Report) -> list[tuple[int, Row]]:
    rows, seen = [], {}
    for number, raw in raw_rows(data):
        report.rows += 1
        extra = raw.pop("__extra__", None)
        if extra:
            report.error(number, "row", extra)
        try:
            row = check(raw)
        except RowErrors as bad:
            for name, reason in bad.errors:
                report.error(number, name, reason)
            continue
        if row.episode_ref in seen:
            report.error(number, "episode_ref", f"also on row {seen[row.episode_ref]}")
            continue
        seen[row.episode_ref] = number
        rows.append((number, row))
    return rows


def _check_against_database(session, rows, report: Report) -> None:
    teams = dict(session.execute(text("SELECT code, id FROM teams")).all())
    refs = sorted({row.child_ref for _, row in rows})
    known = set(session.execute(text("SELECT reference FROM children WHERE reference = ANY(:r)"),
                                {"r": refs}).scalars())
    with_identity = {row.child_ref for _, row in rows if row.has_identity}
    for number, row in rows:
        if row.team not in teams:
            report.error(number, "team", f"no team with code {row.team!r}")
        if row.child_ref not in known and row.child_ref not in with_identity:
            report.error(number, "child_ref", f"{row.child_ref!r} is not a child LOCATE knows; "
                         "give first_name, last_name, date_of_birth and sex on one of its rows")


def _copy(cursor, table: str, columns: tuple[str, ...], values) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in values:
        writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v
                         for v in row])
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
                       buffer)


# Dropped when done as well as on commit: a caller's outer transaction (a test's) may outlive
# this one.
STAGING = ("import_children", "import_episodes", "import_sightings", "import_places",
           "import_new")
STAGE_SQL = """
CREATE TEMP TABLE import_children (child_ref text, team text, first_name text, last_name text,
    date_of_birth date, sex text, placement_type text) ON COMMIT DROP;
CREATE TEMP TABLE import_episodes (episode_ref text, child_ref text, team text,
    reported_at timestamptz, last_seen_at timestamptz, seen_lon float8, seen_lat float8,
    found_at timestamptz, found_lon float8, found_lat float8, found_place_kind text,
    found_by text, risk_grade text) ON COMMIT DROP;
CREATE TEMP TABLE import_sightings (episode_ref text, n int, observed_at timestamptz,
    lon float8, lat float8) ON COMMIT DROP;
CREATE TEMP TABLE import_places (episode_ref text, name text, kind text, lon float8,
    lat float8) ON COMMIT DROP;
CREATE TEMP TABLE import_new (id int, reference text, child_id int, found_at timestamptz)
    ON COMMIT DROP;
"""

# New children and their first profile; then the episodes not already loaded; then the
# sightings and return home interview places of those new episodes only.
LOAD_SQL = {
    "children": """
        WITH fresh AS (
            SELECT DISTINCT ON (child_ref) * FROM import_children i
            WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.reference = i.child_ref)
            ORDER BY child_ref
        ), made AS (
            INSERT INTO children (reference, team_id, current_version, created_at, updated_at)
            SELECT f.child_ref, t.id, 1, now(), now() FROM fresh f JOIN teams t ON t.code = f.team
            RETURNING id, reference
        )
        INSERT INTO child_profiles (child_id, version, first_name, last_name, date_of_birth, sex,
            placement_type, vulnerabilities, exploitation_indicators, phones, social_media,
            addresses, missing_history, created_at)
        SELECT m.id, 1, f.first_name, f.last_name, f.date_of_birth, f.sex,
               COALESCE(f.placement_type, 'other'), '[]', '[]', '[]', '[]', '[]',
               'Created by import-history', now()
        FROM made m JOIN fresh f ON f.child_ref = m.reference
    """,
    "episodes": """
        WITH made AS (
            INSERT INTO episodes (reference, child_id, team_id, status, reported_at,
                reported_by_name, last_seen_at, last_seen_geom, risk_grade, found_at, found_geom,
                found_place_kind, found_by, closed_at, created_at, version)
            SELECT i.episode_ref, c.id, t.id, 'closed', i.reported_at, 'Imported history',
                   i.last_seen_at, ST_SetSRID(ST_MakePoint(i.seen_lon, i.seen_lat), 4326),
                   i.risk_grade, i.found_at,
                   CASE WHEN i.found_lon IS NOT NULL
                        THEN ST_SetSRID(ST_MakePoint(i.found_lon, i.found_lat), 4326) END,
                   i.found_place_kind, i.found_by, i.found_at, now(), 1
            FROM import_episodes i
            JOIN children c ON c.reference = i.child_ref
            JOIN teams t ON t.code = i.team
            WHERE NOT EXISTS (SELECT 1 FROM episodes e WHERE e.reference = i.episode_ref)
            RETURNING id, reference, child_id, found_at
        )
        INSERT INTO import_new SELECT id, reference, child_id, found_at FROM made
    """,
    "sightings": """
        INSERT INTO sightings (client_id, episode_id, observed_at, geom, source, confidence,
                               description, recorded_at)
        SELECT md5('import:' || s.episode_ref || ':' || s.n)::uuid, n.id, s.observed_at,
               ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), 'public', 'medium',
               'Imported history', now()
        FROM import_sightings s JOIN import_new n ON n.reference = s.episode_ref
    """,
    # Known from 72 hours after the return: the statutory time for the interview, so that a
    # ranking as of a later time uses it and one as of the return itself does not.
    "places": """
        INSERT INTO places (child_id, geom, kind, name, source, episode_id, notes, created_at)
        SELECT n.child_id, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), p.kind, p.name,
               'return_home_interview', n.id, 'Imported history',
               n.found_at + interval '72 hours'
        FROM import_places p JOIN import_new n ON n.reference = p.episode_ref
    """,
}


def _stage(session, rows) -> None:
    cursor = session.connection().connection.cursor()
    cursor.execute(STAGE_SQL)
    _copy(cursor, "import_children", ("child_ref", "team", "first_name", "last_name",
                                      "date_of_birth", "sex", "placement_type"),
          ((r.child_ref, r.team, r.first_name, r.last_name, r.date_of_birth, r.sex,
            r.placement_type) for _, r in rows if r.has_identity))
    _copy(cursor, "import_episodes", ("episode_ref", "child_ref", "team", "reported_at",
                                      "last_seen_at", "seen_lon", "seen_lat", "found_at",
                                      "found_lon", "found_lat", "found_place_kind", "found_by",
                                      "risk_grade"),
          ((r.episode_ref, r.child_ref, r.team, r.reported_at, r.last_seen_at, *r.last_seen,
            r.found_at, *(r.found or (None, None)), r.found_place_kind, r.found_by,
            r.risk_grade) for _, r in rows))
    _copy(cursor, "import_sightings", ("episode_ref", "n", "observed_at", "lon", "lat"),
          ((r.episode_ref, n, at, lon, lat) for _, r in rows
           for n, (at, lon, lat) in enumerate(r.sightings)))
    _copy(cursor, "import_places", ("episode_ref", "name", "kind", "lon", "lat"),
          ((r.episode_ref, *place) for _, r in rows for place in r.rhi_places))


def load(session, *, data: bytes, actor: User | None = None, username: str | None = None,
         filename: str | None = None) -> Report:
    """Check the whole file, then load it in one commit, or write nothing and report why."""
    if actor is not None:
        require(actor, "history.import")
    report = Report(sha256=hashlib.sha256(data).hexdigest())
    # The very same file loaded before: nothing to check or add (the per-episode keys below
    # make a changed or overlapping file just as safe, only slower).
    earlier = session.execute(text(
        "SELECT count(*) FROM audit_log WHERE entity = 'history_import' "
        "AND details->>'sha256' = :sha"), {"sha": report.sha256}).scalar()
    if earlier:
        report.same_file_loaded_before = True
        report.committed = True
        report.loaded = dict.fromkeys(LOAD_SQL, 0)
        return report
    try:
        rows = _checked(data, report)
    except FileInvalid as error:
        report.error(0, "file", str(error))
        return report
    if not report.error_count:
        _check_against_database(session, rows, report)
    if report.error_count:
        return report  # nothing was written: the checks only read
    _stage(session, rows)
    for step, sql in LOAD_SQL.items():
        result = session.execute(text(sql))
        report.loaded[step] = result.rowcount
    report.already_loaded = len(rows) - report.loaded["episodes"]
    session.execute(text(f"DROP TABLE {', '.join(STAGING)}"))
    # Fresh statistics for every table the load grew: with a sightings table still planned as
    # if empty, one child's ranking right after a national import took a sequential scan of
    # half a million sightings (500 ms) until autovacuum caught up.
    session.execute(text("ANALYZE children, child_profiles, episodes, sightings, places"))
    audit.record(session, user=actor, username=username, action="create",
                 entity="history_import", sha256=report.sha256, filename=filename,
                 rows=report.rows, loaded=report.loaded, already_loaded=report.already_loaded)
    session.commit()
    report.committed = True
    return report
