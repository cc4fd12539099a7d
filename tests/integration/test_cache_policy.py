"""No browser or proxy cache keeps an answer or a page carrying children's data."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", [
    "/api/session", "/api/episodes", "/api/children", "/api/users", "/api/events/last",
    "/api/openapi.json", "/api/no-such-thing",
])
def test_every_api_answer_says_no_store(login, world, path):
    response = login("sergeant_a").get(path)
    assert response.headers["Cache-Control"] == "no-store", (path, response.status_code)


def test_api_writes_errors_and_photos_say_no_store(login, world, client):
    api = login("sergeant_a")
    assert api.delete("/api/users/99999/sessions").headers["Cache-Control"] == "no-store"
    assert client.get("/api/episodes").headers["Cache-Control"] == "no-store"  # a 401
    assert api.get(f"/api/children/{world.child_a.id}").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/map", "/app", f"/episodes/{10**6}"])
def test_every_page_says_no_store(login, world, path):
    response = login("sergeant_a").get(path)
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store", (path, response.status_code)


def test_the_sign_in_page_says_no_store(client):
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_static_assets_the_manifest_and_the_worker_keep_their_own_caching(client):
    assert "no-store" not in client.get("/manifest.webmanifest").headers["Cache-Control"]
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"
    css = client.get("/static/css/app.css")
    assert css.status_code == 200 and "no-store" not in css.headers.get("Cache-Control", "")
