"""Going missing together: a network of children linked by their episodes.

Two children are linked when (each kind counted separately on the edge):
- linked: an officer recorded their episodes as missing together (episode_links);
- reported_together: their episodes overlapped, were reported within the window of each other
  and they were last seen within the distance of each other;
- found_together: found within the window and the distance of each other;
- sighted_together: sighted within the window and the distance of each other;
- shared_associates: an associate of each with the same name and the same phone number or
  address, or the same phone number under any name.
The rows come out of PostGIS in two statements (the points in metres, from the stored EPSG:27700
copies, and the recorded links and shared associates as pairs); which points are near in time
and place is found in domain/together.py (a k-d tree, exact planar test in metres), the
betweenness in domain/centrality.py (igraph, networkx's figures); the network is held in plain
dictionaries, and networkx writes it as GraphML for analysts' link-chart tools
(docs/decisions.md, "The network at scale").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from sqlalchemy import text

from .. import audit
from ..models import User
from .binary_copy import copy_columns
from .desk_filter import DeskFilter, desk_filter

KINDS = ("linked", "reported_together", "found_together", "sighted_together",
         "shared_associates")
EXACT_BETWEENNESS_UP_TO = 1000  # children in a connected group; above, a seeded sample of
BETWEENNESS_SOURCES = 500  # sources in the group estimates it (domain/centrality.py)
# What the page is sent: a national year links tens of thousands of children by hundreds of
# thousands of links (tens of MB of JSON), and a link chart of them is unreadable. The
# strongest links and the most central children are sent with the totals; the exports hold
# every link.
EDGES_SENT = 1000
NODES_SENT = 500
# Only what the network reads: the CTE is materialised (used several times), so every column
# of the desk's full CTE (names, age band) would be computed and copied for each episode.
_COLUMNS = "e.id, e.child_id, e.reported_at, e.found_at, e.last_seen_metric, e.found_metric"
# Point kinds in points_sql, and the link each makes between two children near each other.
_POINT_KINDS = {0: "reported_together", 1: "found_together", 2: "sighted_together"}
_NEVER_US = 2 ** 53 - 1  # microseconds: "not found yet", the end of an open episode's span


# The columns of points_sql, with their SQL types, as binary COPY sends them.
POINT_COLUMNS = [("kind", "int2"), ("child_id", "int4"), ("t", "int8"), ("x", "float8"),
                 ("y", "float8"), ("span_start", "int8"), ("span_end", "int8")]


def points_sql(f: DeskFilter) -> tuple[str, dict]:
    """One row per point (POINT_COLUMNS): kind, child, microseconds since the filter's start,
    x, y in metres (EPSG:27700), span start, span end. The points: each filtered episode's
    last-seen point at its report time (with its span, reported to found, for "overlapping"),
    each find, each sighting. Times are whole microseconds after :since, so the window is an
    exact integer test. Read by binary COPY (binary_copy.py): a year's points as Python
    objects cost more than the query."""
    cte, params = f.cte(_COLUMNS)
    us = "(extract(epoch FROM {} - :since) * 1000000)::int8"
    sql = f"""WITH {cte}
    SELECT 0::int2, child_id, {us.format('reported_at')}, ST_X(last_seen_metric),
           ST_Y(last_seen_metric), {us.format('reported_at')},
           coalesce({us.format('found_at')}, {_NEVER_US})::int8
    FROM desk_episodes
    UNION ALL
    SELECT 1::int2, child_id, {us.format('found_at')}, ST_X(found_metric), ST_Y(found_metric),
           0::int8, 0::int8
    FROM desk_episodes WHERE found_metric IS NOT NULL AND found_at IS NOT NULL
    UNION ALL
    SELECT 2::int2, d.child_id, {us.format('s.observed_at')}, ST_X(s.geom_metric),
           ST_Y(s.geom_metric), 0::int8, 0::int8
    FROM sightings s JOIN desk_episodes d ON d.id = s.episode_id"""
    return sql, params


def links_sql(f: DeskFilter) -> tuple[str, dict]:
    """(lower child, higher child, kind, count) for the links that need no distance: recorded
    by an officer, and associates shared."""
    cte, params = f.cte("e.id, e.child_id")
    sql = f"""WITH {cte},
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
          UNION ALL SELECT a, b, 'shared_associates' FROM shared) pairs
    GROUP BY 1, 2, 3"""
    return sql, params


def link_counts(session, desk: DeskFilter, *, together_hours: float, together_m: int):
    """(lower child, higher child, kind, count) for every kind of link."""
    from ..domain.together import near_pairs

    sql, params = links_sql(desk)
    yield from session.execute(text(sql), params)
    sql, params = points_sql(desk)
    points = copy_columns(session, sql, params, POINT_COLUMNS)
    if not len(points["kind"]):
        return
    window_us = round(together_hours * 3600 * 1_000_000)
    for code, kind in _POINT_KINDS.items():
        these = points["kind"] == code
        spans = (points["span_start"][these], points["span_end"][these]) \
            if kind == "reported_together" else None
        pairs = near_pairs(points["child_id"][these], points["t"][these], points["x"][these],
                           points["y"][these], window_us=window_us, metres=together_m,
                           spans=spans)
        for (a, b), n in pairs.items():
            yield a, b, kind, n


@dataclass
class Network:
    """The children's network: nodes (child id -> name, reference, episodes, url, degree,
    strength, betweenness) and links ((lower, higher child) -> the count of each kind and their
    sum, `weight`). Plain dictionaries: a national year has hundreds of thousands of links,
    and networkx took seconds to hold them; it is built only for GraphML (as_networkx)."""

    nodes: dict[int, dict] = field(default_factory=dict)
    edges: dict[tuple[int, int], dict] = field(default_factory=dict)


def build_network(session, desk: DeskFilter, *, together_hours: float = 2,
                  together_m: int = 500, min_links: int = 1) -> Network:
    """The network for the desk's filter. Pairs with fewer than `min_links` links between
    them are left out before centrality is computed (an analyst's link threshold: the network
    of repeated ties)."""
    from ..domain.centrality import betweenness as centrality

    counts: dict[tuple[int, int], dict] = {}  # (lower, higher child): links of each kind
    for a, b, kind, n in link_counts(session, desk, together_hours=together_hours,
                                     together_m=together_m):
        counts.setdefault((a, b), dict.fromkeys(KINDS, 0))[kind] += n
    edges = {pair: {**data, "weight": weight} for pair, data in counts.items()
             if (weight := sum(data.values())) >= min_links}
    if not edges:
        return Network()
    degree: dict[int, int] = {}
    strength: dict[int, int] = {}
    for (a, b), data in edges.items():
        for end in (a, b):
            degree[end] = degree.get(end, 0) + 1
            strength[end] = strength.get(end, 0) + data["weight"]
    described = _describe_children(session, desk, list(degree))
    between = centrality(list(degree), list(edges), exact_up_to=EXACT_BETWEENNESS_UP_TO,
                         sources=BETWEENNESS_SOURCES)
    nodes = {n: {**described[n], "degree": degree[n], "strength": strength[n],
                 "betweenness": round(between[n], 6)} for n in degree}
    return Network(nodes=nodes, edges=edges)


def as_networkx(net: Network):
    """The network as a networkx Graph (for GraphML)."""
    import networkx as nx  # imported here: only the exports need it

    graph = nx.Graph()
    graph.add_nodes_from(net.nodes.items())
    graph.add_edges_from((a, b, data) for (a, b), data in net.edges.items())
    return graph


def _describe_children(session, desk: DeskFilter, ids: list[int]) -> dict[int, dict]:
    """{child id: name, reference, episodes in the filter, url}."""
    cte, params = desk.cte("e.child_id, p.first_name || ' ' || p.last_name AS child_name, "
                           "c.reference AS child_ref")
    rows = session.execute(text(
        f"WITH {cte} SELECT child_id, min(child_name), min(child_ref), count(*) "
        "FROM desk_episodes WHERE child_id = ANY(:ids) GROUP BY child_id"),
        {**params, "ids": ids})
    out = {child_id: {"name": name, "reference": reference, "episodes": episodes,
                      "url": f"/desk/children/{child_id}"}
           for child_id, name, reference, episodes in rows}
    # A recorded link can reach a child whose own episodes fall outside the filter.
    missing = [n for n in ids if n not in out]
    if missing:
        from .children_named import child_names

        for child_id, named in child_names(session, missing).items():
            out[child_id] = {"name": named["name"], "reference": named["reference"],
                             "episodes": 0, "url": named["url"]}
    return out


def method(together_hours: float, together_m: int, min_links: int = 1) -> dict:
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
        "min_links": f"pairs of children with at least {min_links} link"
                     f"{'s' if min_links != 1 else ''} between them",
        "centrality": "degree (children linked to), strength (links), betweenness "
                      "(networkx's measure, computed with igraph for each connected group: "
                      f"exact in a group of up to {EXACT_BETWEENNESS_UP_TO} children, above "
                      f"that estimated from {BETWEENNESS_SOURCES} seeded sources in the group)",
        "distance": "straight-line metres on the British National Grid (EPSG:27700)",
    }


def network(session, *, actor: User, together_hours: float = 2, together_m: int = 500,
            min_links: int = 1, edges_sent: int | None = EDGES_SENT,
            nodes_sent: int | None = NODES_SENT, **filters) -> dict:
    """Nodes (most central first) and edges (strongest first) for the graph and its tables:
    the `edges_sent` strongest links, and the `nodes_sent` most central children with every
    child those links reach (None: all), beside the whole network's totals. Audited with
    every child sent."""
    desk = desk_filter(actor, **filters)
    net = build_network(session, desk, together_hours=together_hours, together_m=together_m,
                        min_links=min_links)
    edges = sorted(({"source": a, "target": b, **d} for (a, b), d in net.edges.items()),
                   key=lambda e: (-e["weight"], e["source"], e["target"]))
    nodes = sorted(({"id": n, **d} for n, d in net.nodes.items()),
                   key=lambda n: (-n["betweenness"], -n["strength"], n["name"]))
    sent_edges = edges if edges_sent is None else edges[:edges_sent]
    if nodes_sent is None:
        sent_nodes = nodes
    else:
        reached = {end for e in sent_edges for end in (e["source"], e["target"])}
        sent_nodes = [n for k, n in enumerate(nodes) if k < nodes_sent or n["id"] in reached]
    answer = {"filter": {**desk.as_dict(), "together_hours": together_hours,
                         "together_m": together_m, "min_links": min_links},
              "method": method(together_hours, together_m, min_links),
              "total": {"children": len(nodes), "links": len(edges)},
              "truncated": len(sent_nodes) < len(nodes) or len(sent_edges) < len(edges),
              "nodes": sent_nodes, "edges": sent_edges}
    audit.record(session, user=actor, action="view", entity="analysis_network",
                 filter=answer["filter"], child_ids=sorted(n["id"] for n in sent_nodes),
                 count=len(sent_edges))
    session.commit()
    return answer


def graphml(net: Network) -> bytes:
    """GraphML of the network (opens in Gephi, yEd, Cytoscape desktop, i2-style tools)."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(as_networkx(net), out, encoding="utf-8")
    return out.getvalue()
