"""Every JSON write endpoint, found from the OpenAPI document so that a new one cannot be
missed, refuses each class of broken body with a clear 4xx and writes nothing.

Validation runs before any lookup, so the ids in the paths need not exist. The finer classes
(geometry, ranges, other users' ids) are tested per endpoint in test_api_*.py.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests import factories

WRITE_METHODS = ("post", "put", "patch", "delete")


def json_write_operations(doc) -> list[tuple[str, str]]:
    found = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method not in WRITE_METHODS or path == "/api/session":
                continue
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(found)


def row_counts(session) -> dict[str, int]:
    session.expire_all()
    tables = session.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename NOT IN ('spatial_ref_sys', 'alembic_version')")).scalars().all()
    return {t: session.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}


BROKEN = {
    "malformed JSON": dict(data='{"kind": "check_address", ', content_type="application/json"),
    "a list, not an object": dict(json=[1, 2, 3]),
    "a bare string": dict(json="assign"),
    "an unknown field": dict(json={"no_such_field": 1}),
    "null": dict(data="null", content_type="application/json"),
}


@pytest.fixture()
def operations(login, world):
    doc = login("admin").get("/api/openapi.json").get_json()
    ops = json_write_operations(doc)
    # The API has at least these today; the sweep grows with it.
    assert len(ops) >= 10, ops
    return ops


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_bodies_answer_4xx_and_write_nothing(login, session, world, operations, case):
    api = login("sergeant_a")
    before = row_counts(session)
    for method, path in operations:
        response = getattr(api, method)(path, **BROKEN[case])
        assert response.status_code in (400, 422), (method, path, case, response.status_code)
        body = response.get_json()
        assert body and (body.get("message") or body.get("errors")), (method, path, body)
    assert row_counts(session) == before


def test_a_body_over_the_size_limit_is_413(login, session, world, operations, app):
    api = login("sergeant_a")
    before = row_counts(session)
    huge = '{"note": "' + "x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + '"}'
    for method, path in operations:
        response = getattr(api, method)(path, data=huge, content_type="application/json")
        assert response.status_code == 413, (method, path, response.status_code)
    assert row_counts(session) == before


def test_writes_without_the_csrf_token_are_refused(app, session, world, operations):
    client = app.test_client()  # signed in, but sends no X-CSRFToken header
    client.post("/api/session", json={"username": "sergeant_a", "password": factories.PASSWORD})
    before = row_counts(session)
    for method, path in operations:
        response = getattr(client, method)(path, json={})
        assert response.status_code == 400, (method, path, response.status_code)
        assert "CSRF" in response.get_data(as_text=True)
    assert row_counts(session) == before


# Read endpoints that take a filter in the query string (the coordinator's desk): each refuses
# every class of broken query with a 422 and writes nothing, not even an audit row.
BROKEN_QUERIES = {
    "an unknown parameter": {"no_such_filter": "1"},
    "a NUL character": {"age_band": "12_14\x00"},
    "a wrong type": {"team_id": "leeds"},
    "an out-of-range id": {"team_id": str(2**40)},
    "a naive time": {"since": "2026-01-01T00:00:00"},
    "not a time": {"until": "yesterday"},
    "since after until": {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
}


def filtered_reads(doc, world) -> list[str]:
    """The desk's filtered reads, with a record the coordinator may see in each path (so that
    only the query can be what is refused)."""
    ids = {"child_id": world.child_a.id, "episode_id": world.episode_a.id}
    return sorted(re.sub(r"\{([^}]+)\}", lambda m: str(ids.get(m[1], 1)), path)
                  for path, ops in doc["paths"].items()
                  if path.startswith(("/api/analysis/", "/api/reports/")) and "get" in ops
                  and any(p.get("in") == "query" for p in ops["get"].get("parameters", [])))


@pytest.mark.parametrize("case", sorted(BROKEN_QUERIES))
def test_broken_queries_answer_422_and_write_nothing(login, session, world, case):
    api = login("coordinator")
    paths = filtered_reads(api.get("/api/openapi.json").get_json(), world)
    assert len(paths) >= 4, paths
    before = row_counts(session)
    for path in paths:
        response = api.get(path, query_string=BROKEN_QUERIES[case])
        assert response.status_code == 422, (path, case, response.status_code)
        assert response.get_json()["errors"], (path, case)
    assert row_counts(session) == before


# --- Carers keep the Philomena profile (issue 10) ---------------------------------------------
# The confirmation and the transfer are JSON writes, so the sweep above drives them; this
# says so, so that a change of path cannot quietly take them out of it. The carer's list is a
# paged read: its broken queries are refused with nothing written.

def test_the_carers_writes_are_in_the_sweep(operations):
    assert {("post", "/api/children/1/confirm"), ("post", "/api/children/1/transfer")} <= set(
        operations)


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "0"}, {"per_page": "100000"},
                                   {"page": "1\x00"}, {"organisation_id": "2"},
                                   {"page": str(2**40)}])
def test_broken_queries_of_the_carers_list_write_nothing(login, session, world, query):
    api = login("partner_a")
    before = row_counts(session)
    response = api.get("/api/carer/children", query_string=query)
    assert response.status_code in (400, 422), (query, response.status_code)
    assert response.get_json()["message"]
    assert row_counts(session) == before
