"""GET /app and its screens: one shell for officers who carry tasks, none for anyone else."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

SCREENS = ["/app", "/app/", "/app/tasks/1", "/app/children/1", "/app/sightings/new", "/app/duty"]


def _config(html: str) -> dict:
    raw = re.search(r'data-config="([^"]+)"', html).group(1)
    return json.loads(html_lib.unescape(raw))


@pytest.mark.parametrize("url", SCREENS)
def test_every_screen_is_the_same_shell(login, world, url):
    response = login("constable_a").get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="officer-app"' in html and 'id="status-bar"' in html
    assert "/static/dist/js/app.js" in html and "/static/css/officer-app.css" in html
    # Configuration in a data- attribute, never an inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_the_shell_carries_the_assignee_moves_and_no_child_data(login, world):
    html = login("constable_a").get("/app/tasks/1").get_data(as_text=True)
    config = _config(html)
    assert config["me"]["id"] == world.constable_a.id and config["me"]["role"] == "constable"
    # Only the assignee's actions, with the server's own table of legal moves.
    assert set(config["moves"]) == {"accept", "decline", "start", "arrive", "complete"}
    assert config["moves"]["accept"] == {"assigned": "accepted"}
    assert [s for s, _ in config["sources"]][0] == "officer"
    assert "Jade" not in html  # the child's details come from the audited API, not the shell


@pytest.mark.parametrize("username", ["constable_a", "sergeant_b", "inspector_a", "admin"])
def test_officers_who_carry_tasks_get_the_app(login, world, username):
    assert login(username).get("/app").status_code == 200


@pytest.mark.parametrize("username", ["coordinator", "partner_a"])
def test_other_roles_are_refused_in_words(login, world, username):
    response = login(username).get("/app/duty")
    assert response.status_code == 403
    assert "officer app is for officers who carry tasks" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", SCREENS)
def test_anonymous_is_sent_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
