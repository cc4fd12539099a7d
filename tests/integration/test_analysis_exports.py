"""POST /api/analysis/exports: a deliberate, audited act, and files that hold the view."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import networkx as nx
import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from locate.models import AuditEntry
from tests import factories
from tests.analysis_fixtures import NOW, PARK, found_episode, park_children


def _export(api, **body):
    return api.post("/api/analysis/exports", json=body)


def _exports(session):
    return session.execute(sa.select(AuditEntry).where(AuditEntry.action == "export")
                           .order_by(AuditEntry.id)).scalars().all()


def test_hotspots_as_geojson_and_csv_are_audited_with_the_filter(login, session, world):
    kids = park_children(session, world)
    api = login("coordinator")
    response = _export(api, analysis="hotspots", format="geojson", cell_m=500,
                       team_id=world.team_a.id)
    assert response.status_code == 200, response.get_json()
    assert response.headers["Content-Type"] == "application/geo+json"
    assert response.headers[
        "Content-Disposition"] == 'attachment; filename="locate-hotspots.geojson"'
    body = json.loads(response.data)
    hot = [f for f in body["features"] if f["properties"]["children"] == 3]
    assert len(hot) == 1 and len(hot[0]["properties"]["children_named"]) == 3
    assert body["method"]["statistic"] == "Getis-Ord Gi*"
    [row] = _exports(session)
    assert row.entity == "analysis_hotspots" and row.details["format"] == "geojson"
    assert row.details["filter"]["team_id"] == world.team_a.id
    assert sorted(row.details["child_ids"]) == sorted(k.id for k in kids)

    response = _export(api, analysis="hotspots", format="csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert any(r["children"] == "3" and "Park0 Child" in r["children_named"] for r in rows)
    assert len(_exports(session)) == 2


def test_network_as_graphml_opens_in_networkx(login, session, world):
    amy = factories.child(session, team_row=world.team_a, first_name="Amy")
    ben = factories.child(session, team_row=world.team_a, first_name="=Ben")  # formula bait
    for kid in (amy, ben):
        found_episode(session, child_row=kid, team_row=world.team_a, where=PARK,
                      reported_at=NOW - timedelta(days=2), last_seen=Point(-1.5, 53.8))
    api = login("admin")
    response = _export(api, analysis="network", format="graphml")
    assert response.status_code == 200
    graph = nx.read_graphml(io.BytesIO(response.data))
    [(a, b, data)] = graph.edges(data=True)
    assert data["reported_together"] == 1 and data["found_together"] == 1
    assert {graph.nodes[a]["name"], graph.nodes[b]["name"]} == {"Amy Example", "=Ben Example"}
    text = _export(api, analysis="network", format="csv").get_data(as_text=True)
    assert "'=Ben Example" in text  # a spreadsheet will not run it as a formula
    assert [r.details["format"] for r in _exports(session)] == ["graphml", "csv"]


@pytest.mark.parametrize("analysis", ["placements", "disproportionality"])
def test_tables_as_csv(login, session, world, analysis):
    response = _export(login("coordinator"), analysis=analysis, format="csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) >= 2


@pytest.mark.parametrize("body", [
    {"analysis": "placements", "format": "geojson"},
    {"analysis": "hotspots", "format": "graphml"},
    {"analysis": "placements", "format": "csv", "cell_m": 500},
    {"analysis": "hotspots", "format": "csv", "team_id": "1"},
    {"analysis": "hotspots", "format": "csv", "cell_m": 5},
    {"analysis": "nothing", "format": "csv"},
    {"analysis": "hotspots", "format": "csv", "age_band": "\x00"},
    {"analysis": "hotspots", "format": "csv", "since": "2026-02-01T00:00:00Z",
     "until": "2026-01-01T00:00:00Z"},
    {"format": "csv"},
])
def test_bad_exports_are_4xx_and_audit_nothing(login, session, world, body):
    response = _export(login("coordinator"), **body)
    assert response.status_code in (400, 422), response.status_code
    assert response.get_json()["message"]
    assert _exports(session) == []


@pytest.mark.parametrize("username", ["constable_a", "sergeant_a", "inspector_a", "partner_a"])
def test_only_roles_with_export_create_may_export(login, session, world, username):
    response = _export(login(username), analysis="placements", format="csv")
    assert response.status_code == 403
    assert session.execute(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.entity.like("analysis_%"))).scalar() == 0


def test_an_export_is_a_post_with_the_csrf_token(app, session, world):
    client = app.test_client()
    client.post("/api/session", json={"username": "coordinator",
                                      "password": factories.PASSWORD})
    assert client.post("/api/analysis/exports",
                       json={"analysis": "placements", "format": "csv"}).status_code == 400
    assert client.get("/api/analysis/exports").status_code == 405
    assert _exports(session) == []
