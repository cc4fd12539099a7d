"""The access matrix: every API route with a record id x every role x own team / other team.

Routes are read from the app's URL map, so a route added later is covered without anyone
remembering to list it. What each role may see comes from the policy (locate/domain/
permissions.py) and the world built by tests.factories: team A's records are 'own' for team
A's officers and organisation A's partner, team B's are 'other'.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from locate import create_app
from locate.domain.permissions import FORCE_WIDE, allowed
from locate.models import AuditEntry, Child, ChildProfile, Episode, Event, Place, Sighting, Task

ROLES = ["constable_a", "sergeant_a", "inspector_a", "partner_a", "coordinator", "admin"]

# url parameter -> (world attribute stem, permission to read it, partner can see own)
PARAMS = {
    "child_id": ("child", "child.view", True),
    "episode_id": ("episode", "episode.view", True),
    "task_id": ("task", "task.view", False),
    "place_id": ("place", "place.view", True),
    "sighting_id": ("sighting", "sighting.view", True),
    "team_id": ("team", "team.view", False),
    "escalation_id": ("escalation", "escalation.view", True),
}

# Route prefixes read under a permission of their own rather than the record's: the
# coordinator's desk (analysis.view) and "check these first" for an episode (ranking.view).
ROUTE_PERMISSIONS = {
    "/api/analysis/episodes/": "ranking.view",
    "/api/analysis/children/": "analysis.view",
    # Issue 10, grading: the questionnaire and the record's indicators are for graders.
    "/api/episodes/<int:episode_id>/grading": "risk.assess",
    # Issue 10, the record's suggestion at report time: for those who report.
    "/api/children/<int:child_id>/report-suggestion": "episode.create",
}

_app = create_app({"SERVER_NAME": "localhost"})


def _permission(rule: str, param: str) -> str:
    for prefix, permission in ROUTE_PERMISSIONS.items():
        if rule.startswith(prefix):
            return permission
    return PARAMS[param][1]


def _id_routes(methods):
    for rule in _app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        params = [p for p in rule.arguments if p in PARAMS]
        if len(params) != 1 or set(rule.arguments) - set(PARAMS) - {"version", "n"}:
            continue
        for method in sorted((rule.methods or set()) & methods):
            yield pytest.param(method, rule.rule, params[0], id=f"{method} {rule.rule}")


def _url(rule: str, param: str, value: int) -> str:
    url = re.sub(rf"<(?:int:)?{param}>", str(value), rule)
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", url)


def _visible(username: str, param: str, side: str) -> bool:
    stem, _, partner_sees_own = PARAMS[param]
    role = username.rstrip("_ab") if username.endswith(("_a", "_b")) else username
    if role in FORCE_WIDE:
        return True
    if role == "partner":
        return side == "a" and partner_sees_own
    return side == "a"


def _role(username: str) -> str:
    return username[:-2] if username.endswith(("_a", "_b")) else username


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize(("method", "rule", "param"), list(_id_routes({"GET"})))
def test_reads_follow_role_and_team(login, world, username, method, rule, param):
    api = login(username)
    stem, permission = PARAMS[param][0], _permission(rule, param)
    for side in ("a", "b"):
        record = getattr(world, f"{stem}_{side}")
        response = api.get(_url(rule, param, record.id))
        if not allowed(_role(username), permission) or not _visible(username, param, side):
            assert response.status_code in (403, 404), (
                f"{username} read {side}-side {stem} via {rule}: {response.status_code}")
        else:
            assert response.status_code == 200, (
                f"{username} could not read own {stem} via {rule}: {response.status_code} "
                f"{response.get_data(as_text=True)[:200]}")


def _row_counts(session):
    return [session.execute(sa.select(sa.func.count()).select_from(m)).scalar()
            for m in (Child, ChildProfile, Episode, Event, Place, Sighting, Task)]


@pytest.mark.parametrize("username", ["constable_a", "sergeant_a", "partner_a"])
@pytest.mark.parametrize(("method", "rule", "param"),
                         list(_id_routes({"POST", "PUT", "PATCH", "DELETE"})))
def test_writes_to_other_teams_records_are_refused(login, session, world, username, method,
                                                   rule, param):
    api = login(username)
    stem = PARAMS[param][0]
    other = getattr(world, f"{stem}_b")
    before = _row_counts(session)
    audit_before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    response = api.client.open(_url(rule, param, other.id), method=method, json={},
                               headers={"X-CSRFToken": api.csrf})
    assert 400 <= response.status_code < 500, f"{username} {method} {rule}: {response.status_code}"
    assert response.get_json()["message"]
    assert _row_counts(session) == before
    # Refusals write no audit rows about the record either (nothing was viewed or changed).
    assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == audit_before


# GET routes with an id that the matrix above cannot drive with the world's records, and the
# test that covers each instead. Anything else with an id must be in the matrix.
COVERED_ELSEWHERE = {
    "/api/photos/<uuid:photo_id>": "test_api_photos.test_photo_of_a_child_you_cannot_see_is_404",
    "/api/users/<int:user_id>/sessions":
        "test_sessions.test_only_you_or_an_administrator_see_and_end_your_sessions",
    # The world has no alerts: made by the clock in the test below.
    "/api/alerts/<int:alert_id>": "test_access_matrix.test_alerts_follow_role_and_team",
}


def test_the_matrix_covers_every_read_with_an_id():
    in_matrix = {p.values[1] for p in _id_routes({"GET"})}
    with_ids = {rule.rule for rule in _app.url_map.iter_rules()
                if rule.rule.startswith("/api/") and rule.arguments and "GET" in rule.methods}
    assert with_ids - in_matrix == set(COVERED_ELSEWHERE), (
        "add these to PARAMS or COVERED_ELSEWHERE: "
        f"{sorted(with_ids - in_matrix - set(COVERED_ELSEWHERE))}")
    # children, their profiles (2), places, associates; episodes, their sightings and risk;
    # tasks, sightings, teams
    assert len(in_matrix) >= 11, sorted(in_matrix)


# The coordinator's desk answers force-wide analyses with no record id in the path: only the
# roles holding analysis.view may read them, and a refusal writes no audit row.
def _analysis_reads():
    return sorted(rule.rule for rule in _app.url_map.iter_rules()
                  if rule.rule.startswith("/api/analysis/") and "GET" in rule.methods
                  and not rule.arguments)


def test_the_desk_has_its_analyses():
    assert set(_analysis_reads()) >= {"/api/analysis/hotspots", "/api/analysis/network",
                                      "/api/analysis/placements",
                                      "/api/analysis/disproportionality"}


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("rule", _analysis_reads())
def test_analyses_are_for_analysis_view_only(login, session, world, username, rule):
    api = login(username)
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    response = api.get(rule)
    if allowed(_role(username), "analysis.view"):
        assert response.status_code == 200, (username, rule, response.get_json())
        assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before + 1
    else:
        assert response.status_code == 403, (username, rule, response.status_code)
        assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before


@pytest.mark.parametrize("username", ROLES)
def test_the_desk_page_is_for_analysis_view_only(login, world, username):
    response = login(username).get("/desk")
    expected = 200 if allowed(_role(username), "analysis.view") else 403
    assert response.status_code == expected, (username, response.status_code)


# --- the review clock's alerts (locate/clock/): the world's reviews made overdue, one tick ---
@pytest.mark.parametrize("username", ROLES)
def test_alerts_follow_role_and_team(app, login, session, world, username):
    from datetime import UTC, datetime, timedelta

    from locate.clock.tick import tick
    from locate.models import AlertRow

    for episode in (world.episode_a, world.episode_b):
        episode.next_review_due = datetime.now(UTC) - timedelta(minutes=5)
    session.flush()
    tick(session, now=datetime.now(UTC), config=app.config)
    rows = {"a" if a.team_id == world.team_a.id else "b": a
            for a in session.execute(sa.select(AlertRow)).scalars()}
    assert set(rows) == {"a", "b"}
    api = login(username)
    listed = api.get("/api/alerts")
    for side, alert in rows.items():
        response = api.get(f"/api/alerts/{alert.id}")
        if not allowed(_role(username), "alert.view"):
            assert response.status_code == 403 and listed.status_code == 403
        elif side == "a" or _role(username) in FORCE_WIDE:
            assert response.status_code == 200
            assert alert.id in [a["id"] for a in listed.get_json()["items"]]
        else:
            assert response.status_code == 404
            assert alert.id not in [a["id"] for a in listed.get_json()["items"]]
# Grading against outcome (issue 10, c5): counts for the force, read under outcome.view only;
# a refusal writes no audit row.
@pytest.mark.parametrize("username", ROLES)
def test_grading_outcome_is_for_outcome_view_only(login, session, world, username):
    api = login(username)
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    response = api.get("/api/reports/grading-outcome")
    if allowed(_role(username), "outcome.view"):
        assert response.status_code == 200, (username, response.get_json())
        assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before + 1
    else:
        assert response.status_code == 403, (username, response.status_code)
        assert session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar() == before
# --- Carers keep the Philomena profile (issue 10) ---------------------------------------------
# The carer's list has no record id in its path: each role gets exactly the children its scope
# holds (a carer their organisation's), and the matrix above covers the routes with a child id
# (changes since the last episode, confirm, transfer).
_CARER_LIST_SEES = {"constable_a": {"a"}, "sergeant_a": {"a"}, "inspector_a": {"a"},
                    "partner_a": {"a"}, "coordinator": {"a", "b"}, "admin": {"a", "b"}}


@pytest.mark.parametrize("username", ROLES)
def test_the_carers_list_follows_the_childrens_scope(login, world, username):
    response = login(username).get("/api/carer/children")
    assert response.status_code == 200, (username, response.status_code)
    seen = {i["id"] for i in response.get_json()["items"]}
    assert seen == {getattr(world, f"child_{side}").id for side in _CARER_LIST_SEES[username]}


@pytest.mark.parametrize("username", ROLES)
def test_the_carers_pages_follow_the_childrens_scope(login, world, username):
    api = login(username)
    assert api.get("/carer").status_code == 200
    for side in ("a", "b"):
        status = api.get(f"/carer/children/{getattr(world, f'child_{side}').id}").status_code
        may_edit = allowed(_role(username), "child.update")
        expected = 200 if may_edit and _visible(username, "child_id", side) else (
            403 if not may_edit else 404)
        assert status == expected, (username, side, status)
# Issue 10: the duty inspector's desk (no record id in the path) is for the roles holding
# inspector.desk, page and API alike; a refusal writes no audit row. The acknowledge action
# (POST /api/episodes/<id>/acknowledge) is in the write matrix above with every other id route.
@pytest.mark.parametrize("username", ROLES)
def test_the_inspector_desk_is_for_inspector_desk_only(login, session, world, username):
    api = login(username)
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    expected = 200 if allowed(_role(username), "inspector.desk") else 403
    assert api.get("/api/inspector/desk").status_code == expected, username
    assert api.get("/inspector").status_code == expected, username
    after = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    assert after == before + (1 if expected == 200 else 0)


# Issue 10: "Placement is changing" (/children/<id>/placement, a page: the id matrix above reads
# /api/ routes only). Those who may transfer the child see it; a role without child.transfer
# gets 403, a child outside the viewer's scope 404 (tests/integration/test_placement_transfer.py
# has the audit rows and the page's content).
@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("side", ["a", "b"])
def test_the_placement_page_follows_child_transfer(login, world, username, side):
    response = login(username).get(f"/children/{getattr(world, f'child_{side}').id}/placement",
                                   query_string={"access_reason_words": "Placement review"})
    may = allowed(_role(username), "child.transfer")
    expected = (200 if _visible(username, "child_id", side) else 404) if may else 403
    assert response.status_code == expected, (username, side, response.status_code)
