"""The OpenAPI document comes from the same schemas that validate requests."""

from __future__ import annotations


def test_openapi_document_lists_every_api_route(app, login, world):
    doc = login("coordinator").get("/api/openapi.json").get_json()
    methods = {"get", "post", "put", "patch", "delete"}
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops
                  if method in methods}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api-docs"):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
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
