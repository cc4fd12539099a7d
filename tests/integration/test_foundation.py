"""The platform's foundation: health, sign-in, the anonymous wall, audit immutability."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry
from tests.append_only import assert_refused


def test_healthz_tells_anyone_only_up_and_an_administrator_the_versions(client, login, world):
    sergeant, admin = login("sergeant_a"), login("admin")  # (signing in commits the world)
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert sergeant.get("/healthz").get_json() == {"status": "ok"}
    body = admin.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["database"]["postgresql"].startswith("15")
    assert body["database"]["postgis"].startswith("3")


def test_healthz_is_503_when_database_is_down(database_url):
    from locate import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI":
                      "postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=1"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down"}


@pytest.mark.parametrize("path", ["/", "/api/session"])
def test_anonymous_is_refused(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_anonymous_page_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_api_sign_in_and_out(client, world, session):
    bad = client.post("/api/session", json={"username": "constable_a", "password": "nope"})
    assert bad.status_code == 401
    ok = client.post("/api/session", json={"username": "constable_a",
                                           "password": "correct horse battery staple"})
    assert ok.status_code == 200
    body = ok.get_json()
    assert body["user"]["role"] == "constable" and body["csrf_token"]
    assert client.get("/api/session").status_code == 200
    # A state-changing request without the CSRF token is refused.
    assert client.delete("/api/session").status_code == 400
    out = client.delete("/api/session", headers={"X-CSRFToken": body["csrf_token"]})
    assert out.status_code == 204
    assert client.get("/api/session").status_code == 401
    actions = session.execute(sa.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["login_failed", "login", "logout"]


@pytest.mark.parametrize("body", [None, "not json", {"username": 5, "password": "x"},
                                  {"username": "a", "password": "b", "extra": 1}, {}])
def test_sign_in_rejects_bad_input(client, body):
    if body is None or isinstance(body, str):
        response = client.post("/api/session", data=body or "{", content_type="application/json")
    else:
        response = client.post("/api/session", json=body)
    assert response.status_code in (400, 422)
    assert response.get_json()["message"]


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_audit_log_refuses_update_and_delete_even_to_its_owner(owner_session):
    """The app's role holds no UPDATE, DELETE or TRUNCATE at all (test_database_roles.py);
    the trigger refuses them to the owner too."""
    owner_session.add(AuditEntry(action="view", entity="child", entity_id="1"))
    owner_session.flush()
    assert_refused(owner_session, ("UPDATE audit_log SET entity = 'x'",
                                   "DELETE FROM audit_log", "TRUNCATE audit_log"))


@pytest.mark.parametrize("table", ["events", "escalation_steps", "duty_changes"])
def test_the_feed_escalation_steps_and_duty_changes_refuse_change_even_to_the_owner(
        owner_session, table):
    """What the feed told whom, each step of an escalation, each duty change: evidence, kept
    as written, whoever asks."""
    from datetime import UTC, datetime

    from locate.models import DutyChange, EscalationStep, Event
    from tests import factories

    w = factories.world(owner_session)
    owner_session.add_all([
        Event(type="probe", payload={}, audience=[]),
        EscalationStep(escalation_id=w.escalation_a.id, step="raised", at=datetime.now(UTC),
                       actor_id=w.partner_a.id, user_ids=[]),
        DutyChange(user_id=w.constable_a.id, on_duty=True, acted_at=datetime.now(UTC))])
    owner_session.flush()
    assert owner_session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() >= 1
    assert_refused(owner_session, (f"UPDATE {table} SET id = id", f"DELETE FROM {table}",
                                   f"TRUNCATE {table} CASCADE"))


def test_each_test_starts_from_an_empty_schema(session):
    """Rollback per test: what another test wrote is gone."""
    from locate.models import Team
    assert session.execute(sa.select(sa.func.count(Team.id))).scalar() == 0
