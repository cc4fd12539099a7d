"""Going missing together: a network of children linked by their episodes.

Two children are linked when (each kind counted separately on the edge):
- linked: an officer recorded their episodes as missing together (episode_links);
- reported_together: their episodes overlapped, were reported within the window of each other
  and they were last seen within the distance of each other;
- found_together: found within the window and the distance of each other;
- sighted_together: sighted within the window and the distance of each other;
- shared_associates: an associate of each with the same name and the same phone number or
  address, or the same phone number under any name.
The pairs come out of PostGIS in one statement; networkx adds degree and betweenness, and
writes GraphML for analysts' link-chart tools.
"""

from __future__ import annotations

import io

from sqlalchemy import text

from .. import audit
from ..models import User
from .desk_filter import DeskFilter, desk_filter

KINDS = ("linked", "reported_together", "found_together", "sighted_together",
         "shared_associates")
EXACT_BETWEENNESS_UP_TO = 1000  # nodes; above, a sample of 500 sources (seeded) estimates it


def _near(name: str, rows: str, time: str, geom: str, extra: str = "") -> str:
    """`name_keys` and `name`: pairs of different children whose rows are within the window
    and the metres of each other. Each row is put in a bucket of the window's length and a
    British National Grid cell of the distance's size; a pair can only be in the same or
    neighbouring buckets, so the join is on equal keys (a hash join, not every row against
    every row), and the exact time and distance are checked after."""
    return f"""{name}_keys AS MATERIALIZED (
        SELECT r.*, floor(extract(epoch FROM r.{time}) / :window_s)::bigint AS tb,
               floor(ST_X(ST_Transform(r.{geom}, 27700)) / :metres)::int AS cx,
               floor(ST_Y(ST_Transform(r.{geom}, 27700)) / :metres)::int AS cy
        FROM {rows} r WHERE r.{geom} IS NOT NULL AND r.{time} IS NOT NULL),
    {name} AS (
        SELECT a.child_id AS a, b.child_id AS b
        FROM {name}_keys a CROSS JOIN neighbour_keys n
        JOIN {name}_keys b ON b.tb = a.tb + n.dt AND b.cx = a.cx + n.dx AND b.cy = a.cy + n.dy
             AND b.child_id > a.child_id
        WHERE abs(extract(epoch FROM b.{time} - a.{time})) <= :window_s
          AND ST_DWithin(a.{geom}::geography, b.{geom}::geography, :metres) {extra})"""


def pairs_sql(f: DeskFilter) -> tuple[str, dict]:
    cte, params = f.cte()
    # Each symmetric pair is taken once (b's child id above a's).
    overlapping = ("AND (a.found_at IS NULL OR a.found_at >= b.reported_at) "
                   "AND (b.found_at IS NULL OR b.found_at >= a.reported_at)")
    sql = f"""WITH {cte},
    neighbour_keys AS (
        SELECT dt, dx, dy FROM generate_series(-1, 1) dt, generate_series(-1, 1) dx,
                               generate_series(-1, 1) dy),
    {_near('near_report', 'desk_episodes', 'reported_at', 'last_seen_geom', overlapping)},
    {_near('near_found', 'desk_episodes', 'found_at', 'found_geom')},
    seen AS (
        SELECT s.geom, s.observed_at, d.child_id
        FROM sightings s JOIN desk_episodes d ON d.id = s.episode_id),
    {_near('near_seen', 'seen', 'observed_at', 'geom')},
    recorded AS (
        SELECT a.child_id AS a, b.child_id AS b
        FROM episode_links l
        JOIN desk_episodes a ON a.id = l.episode_id
        JOIN episodes b ON b.id = l.linked_episode_id
        WHERE a.child_id <> b.child_id),
    kids AS (SELECT DISTINCT child_id FROM desk_episodes),
    assoc AS MATERIALIZED (
        SELECT s.child_id, lower(btrim(s.name)) AS name,
               nullif(regexp_replace(coalesce(s.phone, ''), '[^0-9]', '', 'g'), '') AS phone,
               nullif(lower(btrim(coalesce(s.address, ''))), '') AS address
        FROM associates s JOIN kids k ON k.child_id = s.child_id),
    shared AS (
        SELECT DISTINCT a.child_id AS a, b.child_id AS b, a.name, a.phone, a.address
        FROM assoc a JOIN assoc b ON b.child_id > a.child_id AND a.phone = b.phone
        UNION
        SELECT a.child_id, b.child_id, a.name, a.phone, a.address
        FROM assoc a JOIN assoc b ON b.child_id > a.child_id AND a.name = b.name
             AND a.address = b.address)
    SELECT least(a, b), greatest(a, b), kind, count(*)
    FROM (SELECT a, b, 'linked' AS kind FROM recorded
          UNION ALL SELECT a, b, 'reported_together' FROM near_report
          UNION ALL SELECT a, b, 'found_together' FROM near_found
          UNION ALL SELECT a, b, 'sighted_together' FROM near_seen
          UNION ALL SELECT a, b, 'shared_associates' FROM shared) pairs
    GROUP BY 1, 2, 3"""
    return sql, params


def build_graph(session, desk: DeskFilter, *, together_hours: float = 2,
                together_m: int = 500):
    """The children's network as a networkx Graph: nodes carry name, reference, episodes,
    degree, strength and betweenness; edges the count of each kind of link and their sum."""
    import networkx as nx  # imported here: only the desk needs it

    sql, params = pairs_sql(desk)
    params.update(window_s=together_hours * 3600.0, metres=together_m)
    graph = nx.Graph()
    for a, b, kind, n in session.execute(text(sql), params):
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, **dict.fromkeys(KINDS, 0))
        graph.edges[a, b][kind] += n
    for _a, _b, data in graph.edges(data=True):
        data["weight"] = sum(data[k] for k in KINDS)
    if graph:
        _describe_children(session, desk, graph)
        k = None if len(graph) <= EXACT_BETWEENNESS_UP_TO else 500
        betweenness = nx.betweenness_centrality(graph, k=k, seed=0 if k else None)
        for node, data in graph.nodes(data=True):
            data["degree"] = graph.degree(node)
            data["strength"] = graph.degree(node, weight="weight")
            data["betweenness"] = round(betweenness[node], 6)
    return graph


def _describe_children(session, desk: DeskFilter, graph) -> None:
    cte, params = desk.cte()
    rows = session.execute(text(
        f"WITH {cte} SELECT child_id, min(child_name), min(child_ref), count(*) "
        "FROM desk_episodes WHERE child_id = ANY(:ids) GROUP BY child_id"),
        {**params, "ids": list(graph.nodes)})
    seen = set()
    for child_id, name, reference, episodes in rows:
        seen.add(child_id)
        graph.nodes[child_id].update(name=name, reference=reference, episodes=episodes,
                                     url=f"/desk/children/{child_id}")
    # A recorded link can reach a child whose own episodes fall outside the filter.
    missing = [n for n in graph.nodes if n not in seen]
    if missing:
        from .children_named import child_names

        for child_id, named in child_names(session, missing).items():
            graph.nodes[child_id].update(name=named["name"], reference=named["reference"],
                                         episodes=0, url=named["url"])


def method(together_hours: float, together_m: int) -> dict:
    return {
        "links": {
            "linked": "recorded by an officer as missing together",
            "reported_together": f"episodes overlapping, reported within {together_hours:g} h "
                                 f"and last seen within {together_m} m of each other",
            "found_together": f"found within {together_hours:g} h and {together_m} m",
            "sighted_together": f"sighted within {together_hours:g} h and {together_m} m",
            "shared_associates": "an associate with the same name and phone or address, or "
                                 "the same phone",
        },
        "weight": "the number of links of every kind",
        "centrality": "degree (children linked to), strength (links), betweenness "
                      f"(networkx; sampled from 500 sources above {EXACT_BETWEENNESS_UP_TO} "
                      "children)",
    }


def network(session, *, actor: User, together_hours: float = 2, together_m: int = 500,
            **filters) -> dict:
    """Nodes (most central first) and edges (strongest first) for the graph and its tables.
    Audited with every child in it."""
    desk = desk_filter(actor, **filters)
    graph = build_graph(session, desk, together_hours=together_hours, together_m=together_m)
    nodes = sorted(({"id": n, **d} for n, d in graph.nodes(data=True)),
                   key=lambda n: (-n["betweenness"], -n["strength"], n["name"]))
    edges = sorted(({"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)),
                   key=lambda e: (-e["weight"], e["source"], e["target"]))
    answer = {"filter": {**desk.as_dict(), "together_hours": together_hours,
                         "together_m": together_m},
              "method": method(together_hours, together_m), "nodes": nodes, "edges": edges}
    audit.record(session, user=actor, action="view", entity="analysis_network",
                 filter=answer["filter"], child_ids=sorted(graph.nodes), count=len(edges))
    session.commit()
    return answer


def graphml(graph) -> bytes:
    """GraphML of the network (opens in Gephi, yEd, Cytoscape desktop, i2-style tools)."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()
