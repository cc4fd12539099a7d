"""Bulk load through PostgreSQL COPY on the session's own connection (so a test's rollback
undoes it), in chunks, with explicit ids and the sequences moved on afterwards."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

# Column order of the rows the generator makes for each table, in foreign-key order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "teams": ("id", "code", "name", "area"),
    "organisations": ("id", "name", "kind", "address", "location", "phone", "team_id"),
    "users": ("id", "username", "password_hash", "display_name", "collar_number", "role",
              "team_id", "organisation_id", "on_duty", "position", "position_accuracy_m",
              "position_at"),
    "children": ("id", "reference", "team_id", "organisation_id", "current_version"),
    "child_profiles": ("id", "child_id", "version", "first_name", "last_name", "known_as",
                       "date_of_birth", "sex", "ethnicity", "height_cm", "build", "hair", "eyes",
                       "distinguishing_features", "description", "placement_type",
                       "placement_address", "placement_location", "placement_since",
                       "responsible_local_authority", "vulnerabilities",
                       "exploitation_indicators", "medical_needs", "phones", "social_media",
                       "addresses", "transport_used", "missing_history", "created_by_id"),
    "associates": ("id", "child_id", "name", "relationship_to_child", "age_estimate", "phone",
                   "address", "location", "concern", "notes"),
    "episodes": ("id", "reference", "child_id", "team_id", "status", "reported_at",
                 "reported_by_name", "reported_by_relationship", "reported_by_organisation_id",
                 "last_seen_at", "last_seen_geom", "last_seen_description", "clothing",
                 "circumstances", "risk_grade", "next_review_due", "found_at", "found_geom",
                 "found_place_kind", "found_by", "found_by_user_id", "outcome", "closed_at",
                 "created_by_id", "created_at", "version"),
    "risk_assessments": ("id", "episode_id", "grade", "factors", "sources", "rationale",
                         "assessor_id", "assessed_at", "next_review_due", "supervisor_id",
                         "signed_off_at"),
    "sightings": ("id", "client_id", "episode_id", "observed_at", "geom", "accuracy_m", "source",
                  "confidence", "description", "recorded_by_id", "recorded_at"),
    "places": ("id", "child_id", "geom", "kind", "name", "address", "source", "notes",
               "associate_id", "episode_id", "created_at", "last_confirmed_at"),
    "tasks": ("id", "episode_id", "team_id", "kind", "title", "geom", "instructions", "priority",
              "due_at", "assignee_user_id", "status", "result", "source_place_id",
              "source_sighting_id", "created_by_id", "created_at", "updated_at", "version"),
}
TABLE_ORDER = tuple(COLUMNS)
CHUNK_ROWS = 50_000


def cell(value):
    """A Python value as COPY CSV text; None stays None (an unquoted empty field is NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6f}"
    return value


class CopyLoader:
    """Writes batches of rows with COPY FROM STDIN (CSV), ~50k rows per statement."""

    def __init__(self, session):
        self.cursor = session.connection().connection.cursor()
        self.counts = dict.fromkeys(TABLE_ORDER, 0)

    def load(self, batch: dict[str, list[tuple]]) -> None:
        """Load one batch: tables in foreign-key order so every reference already exists."""
        for table in TABLE_ORDER:
            rows = batch.get(table)
            for start in range(0, len(rows or ()), CHUNK_ROWS):
                self._copy(table, rows[start:start + CHUNK_ROWS])

    def _copy(self, table: str, rows: list[tuple]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([cell(v) for v in row])
        buffer.seek(0)
        columns = ", ".join(COLUMNS[table])
        self.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
        self.counts[table] += len(rows)

    def finish(self) -> None:
        """Move each id sequence past the ids we wrote, and refresh planner statistics."""
        for table in TABLE_ORDER:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))")
            self.cursor.execute(f"ANALYZE {table}")
