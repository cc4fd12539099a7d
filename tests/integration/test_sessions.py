"""Sessions end on the server: sign-out, an administrator ending a user's sessions and
deactivation each make the old cookie worthless, and close the session's open sockets."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from locate.extensions import socketio
from locate.models import AuditEntry, UserSession
from tests.factories import PASSWORD


def _replay(app, api):
    """A new client (another browser, another address) holding a copy of api's cookie."""
    stolen = app.test_client()
    cookie = api.client.get_cookie("session")
    stolen.set_cookie("session", cookie.value, domain=cookie.domain)
    return stolen


def test_a_signed_out_cookie_replayed_is_refused_for_reads_and_writes(app, login, world):
    api = login("sergeant_a")
    stolen = _replay(app, api)
    assert stolen.get("/api/session").status_code == 200  # a copy works while signed in
    assert api.delete("/api/session").status_code == 204
    assert stolen.get("/api/session").status_code == 401
    write = stolen.delete(f"/api/users/{world.sergeant_a.id}/sessions",
                          headers={"X-CSRFToken": api.csrf})
    assert write.status_code == 401


def test_the_sign_out_form_ends_the_session_on_the_server(app, client, world, session):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "constable_a", "password": PASSWORD,
                                "csrf_token": token})
    cookie = client.get_cookie("session")
    home = client.get("/").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', home).group(1)
    assert client.post("/logout", data={"csrf_token": form_token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie.value, domain=cookie.domain)
    assert replay.get("/api/session").status_code == 401
    assert replay.get("/").status_code == 302  # to the sign-in page
    row = session.execute(sa.select(UserSession).where(
        UserSession.user_id == world.constable_a.id)).scalar_one()
    assert row.revoked_reason == "signed_out"


def test_an_administrator_ends_all_of_a_users_sessions(app, login, world, session):
    phone, desk = login("constable_a"), login("constable_a")
    admin = login("admin")
    response = admin.delete(f"/api/users/{world.constable_a.id}/sessions")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"ended": 2}
    assert phone.get("/api/session").status_code == 401
    assert desk.get("/api/session").status_code == 401
    assert admin.get("/api/session").status_code == 200
    audit = session.execute(sa.select(AuditEntry).where(
        AuditEntry.action == "delete", AuditEntry.entity == "session")).scalar_one()
    assert audit.user_id == world.admin.id and audit.entity_id == str(world.constable_a.id)
    assert len(audit.details["sessions"]) == 2
    fresh = login("constable_a")  # the user can simply sign in again
    assert fresh.get("/api/session").status_code == 200


def test_sessions_list_shows_where_a_user_is_signed_in_and_never_the_token(app, world):
    phone = app.test_client()
    phone.post("/api/session", json={"username": "constable_a", "password": PASSWORD},
               headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile"},
               environ_base={"REMOTE_ADDR": "10.1.2.3"})
    from tests.conftest import ApiClient

    admin = ApiClient(app.test_client(), "admin")
    body = admin.get(f"/api/users/{world.constable_a.id}/sessions").get_json()
    assert body["sign_in_locked_until"] is None
    (item,) = body["items"]
    assert item["ip"] == "10.1.2.3" and "Android 14" in item["user_agent"]
    assert item["current"] is False
    assert set(item) == {"id", "created_at", "last_seen_at", "expires_at", "ip", "last_ip",
                         "user_agent", "current"}
    own = ApiClient(app.test_client(), "admin")
    mine = own.get(f"/api/users/{world.admin.id}/sessions").get_json()["items"]
    assert [s["current"] for s in mine].count(True) == 1 and len(mine) == 2


def test_deactivating_a_user_ends_their_sessions_at_once(login, world, session):
    officer = login("constable_a")
    admin = login("admin")
    response = admin.patch(f"/api/users/{world.constable_a.id}", json={"active": False})
    assert response.status_code == 200, response.get_json()
    assert officer.get("/api/session").status_code == 401
    rows = session.execute(sa.select(UserSession.revoked_reason).where(
        UserSession.user_id == world.constable_a.id)).scalars().all()
    assert rows == ["deactivated"]


# Who may list and end sessions, and lift a lock: yourself, or an administrator for anyone.
# (These routes take a user id, which the access matrix's team-based world does not drive.)
ROLES = ["constable_a", "sergeant_a", "inspector_a", "partner_a", "coordinator", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_only_you_or_an_administrator_see_and_end_your_sessions(login, world, session,
                                                               username):
    victim = login("constable_b")
    api = login(username)
    me = getattr(world, username).id
    other = world.constable_b.id
    assert api.get(f"/api/users/{me}/sessions").status_code == 200
    listed = api.get(f"/api/users/{other}/sessions")
    ended = api.delete(f"/api/users/{other}/sessions")
    lifted = api.delete(f"/api/users/{other}/sign-in-lock")
    if username == "admin":
        assert (listed.status_code, ended.status_code, lifted.status_code) == (200, 200, 200)
        assert victim.get("/api/session").status_code == 401
    else:
        assert (listed.status_code, ended.status_code, lifted.status_code) == (403, 403, 403)
        assert victim.get("/api/session").status_code == 200
        assert api.delete(f"/api/users/{me}/sign-in-lock").status_code == 403
    own = api.delete(f"/api/users/{me}/sessions")  # "sign out everywhere"
    assert own.status_code == 200 and own.get_json()["ended"] == 1
    assert api.get("/api/session").status_code == 401


@pytest.mark.parametrize("path", ["/api/users/0/sessions", "/api/users/99999/sessions",
                                  "/api/users/99999999999999999999/sessions",
                                  "/api/users/-1/sessions", "/api/users/abc/sessions",
                                  "/api/users/1%00/sessions", "/api/users/0/sign-in-lock",
                                  "/api/users/99999999999999999999/sign-in-lock"])
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_bad_user_ids_answer_404_and_end_nothing(login, world, session, path, method):
    admin = login("admin")
    before = session.execute(sa.select(sa.func.count()).where(
        UserSession.revoked_at.is_not(None))).scalar()
    response = admin.client.open(path, method=method, headers={"X-CSRFToken": admin.csrf})
    assert response.status_code in (404, 405), response.get_data(as_text=True)[:200]
    assert response.is_json
    assert session.execute(sa.select(sa.func.count()).where(
        UserSession.revoked_at.is_not(None))).scalar() == before


def test_ending_sessions_needs_the_csrf_token(login, world):
    admin = login("admin")
    response = admin.client.delete(f"/api/users/{world.constable_a.id}/sessions")
    assert response.status_code == 400


# --- sockets -------------------------------------------------------------------------------

def _socket(app, api):
    client = socketio.test_client(app, flask_test_client=api.client)
    assert client.is_connected()
    return client


def test_signing_out_closes_that_sessions_socket_only(app, login, world):
    map_tab, other_tab = login("sergeant_a"), login("sergeant_a")
    ours, theirs = _socket(app, map_tab), _socket(app, other_tab)
    assert map_tab.delete("/api/session").status_code == 204
    assert not ours.is_connected()
    assert theirs.is_connected()
    theirs.disconnect()


@pytest.mark.parametrize(("method", "path", "body"), [
    ("delete", "/api/users/{id}/sessions", None),  # an administrator ends them (lost phone)
    ("patch", "/api/users/{id}", {"active": False}),  # deactivation
])
def test_ending_a_users_sessions_closes_their_open_sockets(app, login, world, method, path,
                                                           body):
    sock = _socket(app, login("constable_a"))
    admin_sock = _socket(app, login("admin"))
    response = getattr(login("admin"), method)(path.format(id=world.constable_a.id), json=body)
    assert response.status_code == 200, response.get_json()
    assert not sock.is_connected()
    assert admin_sock.is_connected()
    admin_sock.disconnect()


def test_a_socket_whose_session_ended_unseen_is_refused_and_closed_at_its_next_message(
        app, login, world, session):
    """However the end reached the database (another process while Redis was away), the next
    message on the socket finds it and closes the socket."""
    officer = login("sergeant_a")
    sock = _socket(app, officer)
    session.execute(sa.update(UserSession).where(UserSession.user_id == world.sergeant_a.id)
                    .values(revoked_at=sa.func.now(), revoked_reason="ended"))
    answer = sock.emit("catch_up", {"last_id": 0}, callback=True)
    assert answer == {"ok": False, "error": "unauthorised"}
    assert not sock.is_connected()


def test_the_sign_in_page_puts_the_csrf_secret_in_the_sign_in_cookie(app, client, world):
    """A page's requests race after sign-in, and with a cookie session the last response's
    cookie wins. If the sign-in cookie lacks the CSRF secret, whichever request makes it first
    can be overwritten by another that began without it, and the next write is refused with
    "The CSRF session token is missing" (seen in a carer's first API call after signing in)."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "partner_a", "password": PASSWORD,
                                "csrf_token": token})
    signed_in = client.get_cookie("session").value
    with app.test_request_context():
        from flask import current_app
        stored = current_app.session_interface.get_signing_serializer(current_app).loads(signed_in)
    assert stored.get("csrf_token"), "the sign-in cookie carries no CSRF secret"
    # A request that began with that cookie and answers last leaves the secret in place: the
    # token a page read before it still works.
    fresh = client.get("/api/session").get_json()["csrf_token"]
    late = app.test_client()
    late.set_cookie("session", signed_in, domain="localhost")
    late.get("/api/session")
    client.set_cookie("session", late.get_cookie("session").value, domain="localhost")
    write = client.delete(f"/api/users/{world.partner_a.id}/sessions",
                          headers={"X-CSRFToken": fresh})
    assert write.status_code in (200, 204), write.get_json()
