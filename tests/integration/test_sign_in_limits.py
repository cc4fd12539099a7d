"""Sign-in limits: failed attempts lock an account (not an address) for a while, with a message
that says what to do; the per-address limit counts failures only; Redis away is no 500."""

from __future__ import annotations

import logging
import re
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bench.servers import free_port
from locate import create_app
from locate.extensions import limiter
from locate.models import SignInFailure
from tests.factories import PASSWORD

LOCK_MESSAGE = re.compile(r"^Too many failed sign-ins for this account\. Try again in "
                          r"(\d+) minutes?, or ask an administrator to lift the lock\.$")


WRONG = "not the password"


def _try(client, username, password=WRONG, **kw):
    return client.post("/api/session", json={"username": username, "password": password}, **kw)


def _fail(client, username, times):
    return [_try(client, username).status_code for _ in range(times)]


def test_ten_failures_lock_the_account_and_say_for_how_long(client, world):
    assert _fail(client, "constable_a", 9) == [401] * 9
    tenth = _try(client, "constable_a")
    assert tenth.status_code == 429
    assert 14 * 60 < int(tenth.headers["Retry-After"]) <= 15 * 60
    assert LOCK_MESSAGE.match(tenth.get_json()["message"]).group(1) == "15"
    # The right password waits for the lock too: that is the point of it.
    right = _try(client, "constable_a", PASSWORD)
    assert right.status_code == 429 and LOCK_MESSAGE.match(right.get_json()["message"])
    # Other accounts, from the same address, are not affected.
    assert _try(client, "constable_b", PASSWORD).status_code == 200


def test_an_unknown_username_locks_the_same_way(client, world):
    """Otherwise the lock would tell an attacker which usernames are real."""
    assert _fail(client, "no_such_officer", 10) == [401] * 9 + [429]


def test_a_successful_sign_in_clears_the_count(client, world, app):
    assert _fail(client, "constable_a", 9) == [401] * 9
    assert _try(app.test_client(), "constable_a", PASSWORD).status_code == 200
    assert _fail(client, "constable_a", 9) == [401] * 9


def test_failures_spread_over_more_than_the_window_do_not_lock(client, world, session):
    old = datetime.now(UTC) - timedelta(minutes=16)
    session.add_all(SignInFailure(username="constable_a", at=old) for _ in range(9))
    session.flush()
    assert _fail(client, "constable_a", 9) == [401] * 9
    assert _try(client, "constable_a").status_code == 429  # ten within the last minutes


def test_the_lock_ends_by_itself(client, world, session):
    """Ten failures that ended 15 minutes ago no longer lock (times moved, not waited for)."""
    assert _fail(client, "constable_a", 10)[-1] == 429
    session.execute(sa.update(SignInFailure).values(at=SignInFailure.at - timedelta(minutes=15)))
    assert _try(client, "constable_a", PASSWORD).status_code == 200


def test_an_administrator_lifts_the_lock(client, world, login, session):
    assert _fail(client, "constable_a", 10)[-1] == 429
    admin = login("admin")
    listed = admin.get(f"/api/users/{world.constable_a.id}/sessions").get_json()
    assert listed["sign_in_locked_until"] is not None
    response = admin.delete(f"/api/users/{world.constable_a.id}/sign-in-lock")
    assert response.status_code == 200 and response.get_json() == {"failures_cleared": 10}
    assert _try(client, "constable_a", PASSWORD).status_code == 200
    assert session.execute(sa.text(
        "SELECT count(*) FROM audit_log WHERE entity = 'sign_in_lock' AND action = 'delete'"
    )).scalar() == 1


def test_the_sign_in_page_shows_the_lock_readably(client, world):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answers = [client.post("/login", data={"username": "constable_a", "password": "nope",
                                           "csrf_token": token}) for _ in range(10)]
    assert [a.status_code for a in answers] == [401] * 9 + [429]
    html = answers[-1].get_data(as_text=True)
    assert "Too many failed sign-ins for this account. Try again in 15 minutes" in html
    assert "ask an administrator to lift the lock" in html
    assert answers[-1].headers["Retry-After"]


def _app(database_url, **config):
    # The Limiter is one object per process, shared by every app the suite makes: start each
    # app as a fresh process would, with its storage not yet marked dead by an earlier test.
    limiter._storage_dead = False
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SOCKETIO_MESSAGE_QUEUE": None,
                       "RATELIMIT_STORAGE_URI": "memory://", **config})


def test_the_address_limit_counts_failures_only(database_url, session, world):
    """A station: every officer of a shift signs in from one address, and none of that counts."""
    app = _app(database_url, LOGIN_RATE_LIMIT="3 per hour")
    client = app.test_client()
    for username in ("constable_a", "sergeant_a", "inspector_a", "constable_b", "sergeant_b"):
        assert _try(client, username, PASSWORD).status_code == 200
    assert [_try(client, "x", "y").status_code for _ in range(4)] == [401, 401, 401, 429]
    refused = _try(client, "x", "y")
    assert refused.status_code == 429
    message = refused.get_json()["message"]
    assert re.match(r"Too many failed sign-ins from this network address\. Try again in "
                    r"\d+ minutes\.", message), message
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    browser = app.test_client()  # the sign-in page, from the same address
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      browser.get("/login").get_data(as_text=True)).group(1)
    page = browser.post("/login", data={"username": "x", "password": "y", "csrf_token": token})
    assert page.status_code == 429
    assert "from this network address" in page.get_data(as_text=True)


def test_the_shipped_limits_suit_a_station():
    from locate.config import Settings

    values = Settings.from_env({"LOCATE_ENV": "test"}).values
    assert values["LOGIN_RATE_LIMIT"] == "200 per hour"
    assert (values["SIGN_IN_MAX_FAILURES"], values["SIGN_IN_FAILURE_WINDOW_MINUTES"],
            values["SIGN_IN_LOCKOUT_MINUTES"]) == (10, 15, 15)


# --- Redis away ----------------------------------------------------------------------------

def _sign_in_and_out(client):
    response = _try(client, "sergeant_a", PASSWORD)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    token = response.get_json()["csrf_token"]
    assert client.get("/api/session").status_code == 200
    assert client.delete("/api/session", headers={"X-CSRFToken": token}).status_code == 204


def test_sign_in_works_with_no_redis_listening(database_url, session, world, caplog):
    client = _app(database_url, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
                  LOGIN_RATE_LIMIT="3 per hour").test_client()
    with caplog.at_level(logging.WARNING):
        _sign_in_and_out(client)
        assert _try(client, "x", "y").status_code == 401
    assert "falling back to in-memory storage" in caplog.text
    # The limit still holds, counted in memory.
    assert [_try(client, "x", "y").status_code for _ in range(3)] == [401, 401, 429]


@pytest.fixture()
def throwaway_redis(tmp_path):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                         text=True).stdout.strip() != "PONG":
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    try:
        yield proc, f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait()


def test_sign_in_keeps_working_when_redis_stops_mid_run(database_url, session, world, caplog,
                                                       throwaway_redis):
    proc, url = throwaway_redis
    client = _app(database_url, RATELIMIT_STORAGE_URI=url,
                  LOGIN_RATE_LIMIT="100 per hour").test_client()
    _sign_in_and_out(client)
    assert _try(client, "x", "y").status_code == 401
    port = url.rsplit(":", 1)[1].split("/")[0]
    keys = subprocess.run(["redis-cli", "-p", port, "--scan"], capture_output=True, text=True)
    assert "LIMITS" in keys.stdout  # counted in Redis until now
    proc.kill()
    proc.wait()
    with caplog.at_level(logging.WARNING):
        _sign_in_and_out(client)
        assert _try(client, "x", "y").status_code == 401
    assert "falling back to in-memory storage" in caplog.text
