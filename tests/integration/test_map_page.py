"""GET /map: the live tasking map is for the roles that allocate tasks."""

from __future__ import annotations

import json
import re

import pytest


@pytest.mark.parametrize("username", ["sergeant_a", "inspector_a", "coordinator", "admin"])
def test_allocating_roles_get_the_map(login, world, username):
    response = login(username).get("/map")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="map-app"' in html
    assert "/static/dist/js/map.js" in html and "/static/css/map.css" in html
    # Page configuration travels in data- attributes, never in an inline script.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    vocab = json.loads(re.search(r'data-vocab="([^"]+)"', html).group(1).replace("&#34;", '"'))
    assert [s for s, _ in vocab["statuses"]] == ["unassigned", "assigned", "accepted", "en_route",
                                                 "on_scene", "completed", "cancelled"]
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    # One board column a status.
    assert len(re.findall(r'class="board-col" data-status=', html)) == 7


@pytest.mark.parametrize("username", ["constable_a", "partner_a"])
def test_other_roles_are_refused_with_a_page(login, world, username):
    response = login(username).get("/map")
    assert response.status_code == 403
    assert "tasking map is for sergeants" in response.get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get("/map")
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]


def test_tile_url_is_a_setting(app, login, world):
    original = app.config["TILE_URL"]
    app.config["TILE_URL"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    try:
        html = login("sergeant_a").get("/map").get_data(as_text=True)
    finally:
        app.config["TILE_URL"] = original
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
