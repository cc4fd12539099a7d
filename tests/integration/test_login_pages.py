"""The phone-browser sign-in page: CSRF, rate limit, safe redirects, no inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from locate import create_app
from tests.factories import PASSWORD


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_form_signs_in_and_redirects_only_within_the_site(client, world):
    page = client.get("/login")
    assert page.status_code == 200
    token = _csrf(page.get_data(as_text=True))
    response = client.post("/login?next=https://evil.example/x",
                           data={"username": "sergeant_a", "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/map"   # a sergeant's start page, not evil.example
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("username", "landing", "menu"), [
    ("constable_a", "/app", ["/", "/app", "/report"]),
    ("sergeant_a", "/map", ["/", "/map", "/app", "/report"]),
    ("coordinator", "/map", ["/", "/map", "/desk"]),
    ("partner_a", "/carer", ["/carer", "/", "/report"]),  # carers land on their children
    ("inspector_a", "/inspector", ["/inspector", "/", "/map", "/app", "/report"]),
])
def test_each_role_lands_on_its_own_page_and_menu(client, world, username, landing, menu):
    token = _csrf(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.headers["Location"] == landing
    page = client.get("/").get_data(as_text=True)
    nav = re.search(r'<nav class="topnav".*?</nav>', page, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == menu
    assert client.get("/login").headers["Location"] == landing  # signed in already
    assert client.get("/login?next=/app").headers["Location"] == landing


def test_login_form_without_csrf_token_is_refused(client, world):
    response = client.post("/login", data={"username": "sergeant_a", "password": PASSWORD})
    assert response.status_code in (200, 400, 401)
    assert client.get("/", headers={"Accept": "application/json"}).status_code == 401


def test_wrong_password_shows_a_message(client, world):
    token = _csrf(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "sergeant_a", "password": "wrong",
                                           "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)


def test_login_is_rate_limited(database_url, session, world):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_STORAGE_URI": "memory://",
                      "LOGIN_RATE_LIMIT": "3 per minute", "SOCKETIO_MESSAGE_QUEUE": None})
    client = app.test_client()
    codes = [client.post("/api/session", json={"username": "x", "password": "y"}).status_code
             for _ in range(5)]
    assert codes[:3] == [401, 401, 401]
    assert codes[3:] == [429, 429]
    message = client.post("/api/session", json={"username": "x", "password": "y"}).get_json()
    assert "Try again in 1 minute" in message["message"]


@pytest.mark.parametrize("template", sorted(Path("templates").rglob("*.html")))
def test_templates_have_no_inline_script_or_handlers(template):
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> breaks the CSP"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handlers break the CSP"
