"""Exports of a filtered desk view as CSV, GeoJSON or GraphML: each one a deliberate act
(a POST with the export.create permission) written to the audit log with its filter, its
format and the children in it.

The file is built from the same service the page reads, so an export holds what the
coordinator saw; that read is audited as usual, and the export is audited as an export.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from .. import audit
from ..access import require
from ..domain.errors import Invalid
from ..models import User
from . import disproportionality, hotspots, network, placements

FORMATS = {
    "hotspots": ("csv", "geojson"),
    "network": ("csv", "graphml"),
    "placements": ("csv",),
    "disproportionality": ("csv",),
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                 "graphml": "application/graphml+xml"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    body: bytes


def _cell(value) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote such text."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _names(children) -> str:
    return "; ".join(f"{c['name']} ({c['reference']})" for c in children)


def _hotspots(answer: dict, fmt: str) -> tuple[bytes, list[int]]:
    named = {h["cell"]: h["children_named"] for h in answer["hotspots"]}
    ids = sorted({c["id"] for kids in named.values() for c in kids})
    if fmt == "geojson":
        features = [{**f, "properties": {**f["properties"],
                                         "children_named": named.get(f["id"], [])}}
                    for f in answer["cells"]["features"]]
        body = {"type": "FeatureCollection", "features": features,
                "method": answer["method"], "filter": answer["filter"]}
        return json.dumps(body).encode("utf-8"), ids
    header = ["cell", "confidence", "z", "p", "p_fdr", "children", "found", "sightings",
              "window_children", "children_named"]
    rows = ([f["properties"][k] for k in header[:-1]] + [_names(named.get(f["id"], []))]
            for f in answer["cells"]["features"])
    return _csv(header, rows), ids


# The filters one view takes beside the desk's own (dates, team, age band).
VIEW_FILTERS = {"hotspots": ("cell_m", "min_children"),
                "network": ("together_hours", "together_m", "min_links")}


def _network(session, actor, fmt: str, filters: dict) -> tuple[bytes, list[int]]:
    if fmt == "graphml":
        shape = VIEW_FILTERS["network"]
        desk = network.desk_filter(actor, **{k: v for k, v in filters.items() if k not in shape})
        net = network.build_network(session, desk, **{k: v for k, v in filters.items()
                                                      if k in shape})
        return network.graphml(net), sorted(net.nodes)
    # Every link, not the strongest the page is sent.
    answer = network.network(session, actor=actor, edges_sent=None, nodes_sent=None, **filters)
    names = {n["id"]: n for n in answer["nodes"]}
    header = ["source_id", "source", "target_id", "target", "weight", *network.KINDS]
    rows = ([e["source"], names[e["source"]]["name"], e["target"], names[e["target"]]["name"],
             e["weight"], *(e[k] for k in network.KINDS)] for e in answer["edges"])
    return _csv(header, rows), sorted(names)


def _placements(answer: dict) -> tuple[bytes, list[int]]:
    header = ["home", "kind", "episodes", "children", "episodes_per_child",
              "medium_high_share", "children_listed"]
    rows = ([h["name"], h["kind"], h["episodes"], h["children"], h["episodes_per_child"],
             h["medium_high_share"],
             "; ".join(f"{c['name']}: {c['episodes']}" for c in h["children_listed"])]
            for h in answer["homes"])
    ids = sorted({c["id"] for h in answer["homes"] for c in h["children_listed"]})
    return _csv(header, rows), ids


def _disproportionality(answer: dict) -> tuple[bytes, list[int]]:
    from ..domain.vocab import FOUND_BY, RISK_GRADES

    header = ["section", "ethnicity", "age_band", "episodes", "children",
              *(f"graded_{g}" for g in RISK_GRADES), "medium_high_share",
              "medium_high_ratio", "ratio_low", "ratio_high", "median_hours_missing",
              "p90_hours_missing", "found", *(f"found_by_{f}" for f in FOUND_BY),
              "police_found_share"]
    sections = [("overall", [answer["overall"]] if answer["overall"] else []),
                *((s, answer[s]) for s in ("by_ethnicity", "by_age_band",
                                           "by_ethnicity_and_age_band"))]
    rows = ([section, r["ethnicity"], r["age_band"], r["episodes"], r["children"],
             *(r["grades"][g] for g in RISK_GRADES), r["medium_high_share"],
             r["medium_high_ratio"]["ratio"], r["medium_high_ratio"]["low"],
             r["medium_high_ratio"]["high"], r["median_hours_missing"],
             r["p90_hours_missing"], r["found"], *(r["found_by"][f] for f in FOUND_BY),
             r["police_found_share"]] for section, group in sections for r in group)
    return _csv(header, rows), []


def export(session, *, actor: User, analysis: str, format: str, **filters) -> ExportFile:
    """Build the file for one filtered view and audit the export."""
    require(actor, "export.create")
    if analysis not in FORMATS:
        raise Invalid(f"Unknown analysis {analysis!r}.")
    if format not in FORMATS[analysis]:
        raise Invalid(f"{analysis} exports as {' or '.join(FORMATS[analysis])}, not {format}.")
    own = VIEW_FILTERS.get(analysis, ())
    stray = {k for k in filters
             if any(k in names for names in VIEW_FILTERS.values()) and k not in own}
    if stray:
        raise Invalid(f"Not a filter of {analysis}: {', '.join(sorted(stray))}.")
    if analysis == "hotspots":
        body, ids = _hotspots(hotspots.hotspots(session, actor=actor, name_limit=None,
                                                **filters), format)
    elif analysis == "network":
        body, ids = _network(session, actor, format, filters)
    elif analysis == "placements":
        body, ids = _placements(placements.placements(session, actor=actor, **filters))
    else:
        body, ids = _disproportionality(
            disproportionality.disproportionality(session, actor=actor, **filters))
    shown = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()}
    audit.record(session, user=actor, action="export", entity=f"analysis_{analysis}",
                 format=format, filter=shown, child_ids=ids, bytes=len(body))
    session.commit()
    return ExportFile(filename=f"locate-{analysis}.{format}",
                      content_type=CONTENT_TYPES[format], body=body)
