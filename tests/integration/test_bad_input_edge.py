"""Bad input refused at the edge, once for every endpoint: NUL characters in any text (query,
form, JSON value or key), time zone offsets PostgreSQL cannot store, JSON nested deep enough to
blow the parser's recursion, and numbers sent as text. Each answers a clear 4xx and writes
nothing; none is a 500. Operations come from the OpenAPI document so a new one cannot be
missed."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests import factories
from tests.integration.test_bad_input_sweep import json_write_operations, row_counts

NUL = "\u0000"


@pytest.fixture()
def doc(login, world):
    return login("admin").get("/api/openapi.json").get_json()


def get_operations(doc) -> list[str]:
    return sorted(re.sub(r"\{[^}]+\}", "1", path) for path, ops in doc["paths"].items()
                  if "get" in ops)


def assert_nul_refused(response, where):
    assert response.status_code == 422, (where, response.status_code, response.get_data())
    body = response.get_json()
    assert "NUL" in body["message"], (where, body)


# -- NUL ------------------------------------------------------------------------------------

def test_nul_in_a_query_string_is_422_on_every_get(login, session, world, doc):
    api = login("admin")
    for path in get_operations(doc):
        assert_nul_refused(api.get(f"{path}?q=a%00"), path)
        assert_nul_refused(api.get(f"{path}?a%00=1"), path)
    assert_nul_refused(api.get("/api/children?q=a%00"), "children search")


@pytest.mark.parametrize("body", [{"note": f"a{NUL}b"}, {f"no{NUL}te": "a"},
                                  {"nested": [{"deeper": [f"{NUL}"]}]}],
                         ids=["value", "key", "nested"])
def test_nul_anywhere_in_a_json_body_is_422_on_every_write(login, session, world, doc, body):
    api = login("sergeant_a")
    before = row_counts(session)
    for method, path in json_write_operations(doc):
        assert_nul_refused(getattr(api, method)(path, json=body), (method, path))
    assert row_counts(session) == before


def test_nul_in_real_fields_writes_nothing(login, session, world):
    sergeant = login("sergeant_a")
    before = row_counts(session)
    risk = {"grade": "medium", "rationale": f"Seen{NUL}", "factors": {}, "sources": {}}
    assert_nul_refused(sergeant.post(f"/api/episodes/{world.episode_a.id}/risk-assessments",
                                     json=risk), "rationale")
    risk = {**risk, "rationale": "ok", "factors": {f"cse{NUL}": "yes"}}
    assert_nul_refused(sergeant.post(f"/api/episodes/{world.episode_a.id}/risk-assessments",
                                     json=risk), "factor key")
    sighting = {"client_id": str(uuid.uuid4()), "observed_at": datetime.now(UTC).isoformat(),
                "location": {"type": "Point", "coordinates": [-1.55, 53.8]},
                "source": "officer", "confidence": "high", "description": f"red coat{NUL}"}
    assert_nul_refused(sergeant.post(f"/api/episodes/{world.episode_a.id}/sightings",
                                     json=sighting), "description")
    subscription = {"endpoint": f"https://push.example.invalid/{NUL}x",
                    "keys": {"p256dh": "B" * 87, "auth": "A" * 22}}
    assert_nul_refused(sergeant.post("/api/push/subscriptions", json=subscription), "endpoint")
    assert row_counts(session) == before


def test_nul_in_a_form_post_is_422(app, login, session, world):
    coordinator = login("coordinator")
    before = row_counts(session)
    response = coordinator.post(f"/api/children/{world.child_a.id}/photo",
                                data={"version": f"1{NUL}"}, content_type="multipart/form-data")
    assert_nul_refused(response, "photo form")
    # The sign-in page's form: a page, not JSON, but still a refusal and not a server error.
    browser = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      browser.get("/login").get_data(as_text=True)).group(1)
    page = browser.post("/login", data={"username": f"admin{NUL}", "password": "x",
                                        "csrf_token": token})
    assert page.status_code == 422, page.status_code
    assert "NUL" in page.get_data(as_text=True)
    anonymous = app.test_client().post("/api/session", json={"username": f"admin{NUL}",
                                                              "password": factories.PASSWORD})
    assert_nul_refused(anonymous, "sign in")
    assert row_counts(session) == before


# -- Time zones -----------------------------------------------------------------------------

@pytest.mark.parametrize("offset", ["+16:00", "-16:00", "+20:00", "+23:59"])
def test_offsets_postgresql_cannot_store_are_422(login, session, world, offset):
    api = login("sergeant_a")
    since = f"2026-01-01T00:00:00{offset}".replace("+", "%2B")
    response = api.get(f"/api/sightings?since={since}")
    assert response.status_code == 422, response.get_data()
    assert "since" in response.get_json()["errors"]["query"]
    before = row_counts(session)
    observed = (datetime.now(UTC) - timedelta(minutes=5)).isoformat().replace("+00:00", offset)
    sighting = {"client_id": str(uuid.uuid4()), "observed_at": observed,
                "location": {"type": "Point", "coordinates": [-1.55, 53.8]},
                "source": "officer", "confidence": "high"}
    response = api.post(f"/api/episodes/{world.episode_a.id}/sightings", json=sighting)
    assert response.status_code == 422, response.get_data()
    assert "observed_at" in response.get_json()["errors"]["json"]
    assert row_counts(session) == before


def test_the_largest_offset_postgresql_takes_is_accepted(login, session, world):
    api = login("sergeant_a")
    for offset in ("%2B15:59", "-15:59", "Z"):
        response = api.get(f"/api/sightings?since=2026-01-01T00:00:00{offset}")
        assert response.status_code == 200, (offset, response.get_data())


@pytest.mark.parametrize("when", ["0001-01-01T00:30:00%2B01:00", "9999-12-31T23:30:00-01:00",
                                  "1066-10-14T09:00:00Z"])
def test_times_outside_the_range_are_422(login, session, world, when):
    response = login("sergeant_a").get(f"/api/sightings?since={when}")
    assert response.status_code == 422, response.get_data()


# -- Depth ----------------------------------------------------------------------------------

def nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_json_nested_too_deep_is_400_everywhere(app, login, session, world, doc, depth):
    anonymous = app.test_client().post("/api/session", data=nested(depth),
                                       content_type="application/json")
    assert anonymous.status_code == 400, anonymous.get_data()
    assert "nested" in anonymous.get_json()["message"]
    api = login("sergeant_a")
    before = row_counts(session)
    deep_list = "[" * depth + "]" * depth
    for method, path in json_write_operations(doc):
        for body in (nested(depth), deep_list):
            response = getattr(api, method)(path, data=body, content_type="application/json")
            assert response.status_code == 400, (method, path, response.status_code)
            assert "nested" in response.get_json()["message"]
    assert row_counts(session) == before


def test_ordinary_nesting_still_passes(login, session, world):
    area = {"type": "Polygon", "coordinates": [[[-1.56, 53.80], [-1.55, 53.80],
                                                [-1.55, 53.81], [-1.56, 53.80]]]}
    response = login("sergeant_a").post(
        f"/api/episodes/{world.episode_a.id}/tasks",
        json={"kind": "area_search", "title": "Park", "geometry": area})
    assert response.status_code == 201, response.get_json()


# -- Strict numbers -------------------------------------------------------------------------

def _fix(**over):
    return {"client_id": str(uuid.uuid4()), "lon": -1.55, "lat": 53.8, "accuracy_m": 12.0,
            "recorded_at": datetime.now(UTC).isoformat(), **over}


@pytest.mark.parametrize("over", [{"lon": "-1.55"}, {"lat": "53.8"}, {"accuracy_m": "12"},
                                  {"battery_pct": "50"}, {"battery_pct": True},
                                  {"lon": True}, {"battery_pct": 50.5}])
def test_numbers_sent_as_text_or_booleans_are_422(login, session, world, over):
    api = login("constable_a")
    api.put("/api/me/duty", json={"on_duty": True})
    before = row_counts(session)
    single = api.post("/api/me/positions", json=_fix(**over))
    assert single.status_code == 422, single.get_json()
    field = next(iter(over))
    assert field in single.get_json()["errors"]["json"]
    batch = api.post("/api/me/positions/batch", json={"fixes": [_fix(**over)]})
    assert batch.status_code == 422, batch.get_json()
    assert row_counts(session) == before


def number_properties(schema, components, path=()):
    """(path, property) for every integer or number property of a request body schema,
    nested objects and lists of objects included."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "array" and "items" in schema:
        yield from number_properties(schema["items"], components, (*path, 0))
        return
    for name, prop in schema.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        if prop.get("type") in ("integer", "number"):
            yield (*path, name), prop
        else:
            yield from number_properties(prop, components, (*path, name))


def body_with(path, value):
    body = value
    for step in reversed(path):
        body = [body] if step == 0 else {step: body}
    return body


def test_numbers_are_strict_in_every_body(login, session, world, doc):
    """Every integer or number anywhere in a JSON body is refused when sent as text, even a
    text that would parse and pass its range."""
    api = login("admin")
    components = doc["components"]["schemas"]
    checked = []
    for method, path in json_write_operations(doc):
        template = re.sub(r"/1(?=/|$)", "/{}", path)
        op = next(ops[method] for p, ops in doc["paths"].items()
                  if re.sub(r"\{[^}]+\}", "{}", p) == template and method in ops)
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        for where, prop in number_properties(schema, components):
            text = str(prop.get("minimum", 1))
            response = getattr(api, method)(path, json=body_with(where, text))
            assert response.status_code == 422, (method, path, where)
            errors = response.get_json()["errors"]["json"]
            for step in where:
                errors = errors[str(step)]
            assert errors, (method, path, where)
            checked.append((method, path, where))
    assert len(checked) >= 20, checked


def test_query_numbers_still_come_as_text(login, world):
    api = login("sergeant_a")
    assert api.get("/api/sightings?page=1&per_page=5").status_code == 200
    assert api.get("/api/officers/nearest?lon=-1.55&lat=53.8&limit=3").status_code == 200
