"""By placement: episodes per child per care home or family home, month by month, and the
homes that report most.

The home of an episode is the organisation that reported it, else the child's care provider
on record; episodes with neither are grouped by the child's placement type (a family home
with no organisation recorded, say), so nothing drops out of the totals.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import text

from .. import audit
from ..models import User
from .desk_filter import desk_filter

TOP_SERIES = 8


def rows_sql(cte: str) -> str:
    return f"""WITH {cte}
    SELECT coalesce(d.reported_by_organisation_id, d.organisation_id) AS org_id,
           o.name, o.kind, d.placement_type, d.child_id, d.child_name,
           to_char(date_trunc('month', d.reported_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
           count(*) AS episodes,
           count(*) FILTER (WHERE d.risk_grade IN ('medium', 'high')) AS medium_high
    FROM desk_episodes d
    LEFT JOIN organisations o ON o.id = coalesce(d.reported_by_organisation_id,
                                                 d.organisation_id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7"""


def _label(text_: str) -> str:
    return text_.replace("_", " ").capitalize()


def placements(session, *, actor: User, **filters) -> dict:
    """Homes, most episodes first, each with its children's counts, and a monthly series for
    the top homes. Audited with the children named."""
    desk = desk_filter(actor, **filters)
    cte, params = desk.cte()
    homes: dict[tuple, dict] = {}
    per_child: dict[tuple, dict[int, dict]] = defaultdict(dict)
    monthly: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    months: set[str] = set()
    for (org_id, name, kind, placement, child_id, child_name, month, episodes,
         medium_high) in session.execute(text(rows_sql(cte)), params):
        key = ("organisation", org_id) if org_id else ("placement", placement)
        home = homes.setdefault(key, {
            "key": f"{key[0]}:{key[1]}", "organisation_id": org_id,
            "name": name or f"{_label(placement)} (no organisation recorded)",
            "kind": kind or placement, "episodes": 0, "medium_high": 0})
        home["episodes"] += episodes
        home["medium_high"] += medium_high
        child = per_child[key].setdefault(child_id, {
            "id": child_id, "name": child_name, "url": f"/desk/children/{child_id}",
            "episodes": 0})
        child["episodes"] += episodes
        monthly[key][month] += episodes
        months.add(month)
    ranked = sorted(homes, key=lambda k: (-homes[k]["episodes"], homes[k]["name"]))
    items = []
    for key in ranked:
        home = homes[key]
        kids = sorted(per_child[key].values(), key=lambda c: (-c["episodes"], c["name"]))
        items.append({**home, "children": len(kids),
                      "episodes_per_child": round(home["episodes"] / len(kids), 2),
                      "medium_high_share": round(home["medium_high"] / home["episodes"], 3),
                      "children_listed": kids})
    axis = sorted(months)
    series = [{"key": homes[k]["key"], "name": homes[k]["name"],
               "episodes": [monthly[k].get(m, 0) for m in axis]} for k in ranked[:TOP_SERIES]]
    child_ids = sorted({c["id"] for item in items for c in item["children_listed"]})
    answer = {"filter": desk.as_dict(), "homes": items, "months": axis, "series": series,
              "method": {"home": "the organisation that reported the episode, else the "
                                 "child's care provider, else the child's placement type"}}
    audit.record(session, user=actor, action="view", entity="analysis_placements",
                 filter=answer["filter"], child_ids=child_ids, count=len(items))
    session.commit()
    return answer
