"""The OpenAPI document comes from the same schemas that validate requests."""

from __future__ import annotations

import re


def test_openapi_document_lists_every_api_route(app, login, world):
    doc = login("coordinator").get("/api/openapi.json").get_json()
    methods = {"get", "post", "put", "patch", "delete"}
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops
                  if method in methods}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api-docs"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in the OpenAPI document"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method not in methods:
                continue
            assert op.get("summary"), f"{method.upper()} {path} has no summary"
    session_post = doc["paths"]["/api/session"]["post"]
    body = session_post["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/Credentials")
    assert doc["components"]["schemas"]["Credentials"]["required"] == ["password", "username"]


def test_openapi_is_not_public(client):
    assert client.get("/api/openapi.json").status_code == 401


def test_unknown_query_parameters_are_refused_everywhere(login, world):
    """A misspelt filter (?statuss=open) must not silently widen a list: every GET with a
    documented query answers 422 to a parameter it does not know, and names it."""
    api = login("admin")
    doc = api.get("/api/openapi.json").get_json()
    checked = []
    for path, ops in doc["paths"].items():
        get = ops.get("get")
        if not get or "{" in path:
            continue
        params = [p for p in get.get("parameters", []) if p.get("in") == "query"]
        if not params:
            continue
        required = {p["name"]: "0" for p in params if p.get("required")}
        query = "&".join(f"{k}={v}" for k, v in {**required, "no_such_filter": "1"}.items())
        response = api.get(f"{path}?{query}")
        assert response.status_code == 422, f"GET {path} accepted an unknown parameter"
        assert "no_such_filter" in response.get_data(as_text=True)
        checked.append(path)
    assert len(checked) >= 5, checked
