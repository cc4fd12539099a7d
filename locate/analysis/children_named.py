"""Names and references of the children an analysis lists, for its links and its audit row."""

from __future__ import annotations

from sqlalchemy import text


def child_names(session, child_ids) -> dict[int, dict]:
    """{child id: {id, name, reference, url}} from the current profile."""
    ids = sorted(set(child_ids))
    if not ids:
        return {}
    rows = session.execute(text(
        "SELECT c.id, p.first_name || ' ' || p.last_name, c.reference FROM children c "
        "JOIN child_profiles p ON p.child_id = c.id AND p.version = c.current_version "
        "WHERE c.id = ANY(:ids)"), {"ids": ids}).all()
    return {cid: {"id": cid, "name": name, "reference": ref, "url": f"/desk/children/{cid}"}
            for cid, name, ref in rows}
