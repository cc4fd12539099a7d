"""Every error the API answers is documented, with the body it really has: no catch-all
`default` response (which would make any status "documented"), the statuses each operation
can answer, and one Error schema that real error bodies match key for key."""

from __future__ import annotations

import pytest

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture()
def doc(login, world):
    return login("admin").get("/api/openapi.json").get_json()


def operations(doc):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in METHODS:
                yield method, path, op


def test_no_catch_all_and_every_error_has_the_error_schema(doc):
    for method, path, op in operations(doc):
        responses = op["responses"]
        assert "default" not in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)
        assert {"401", "422", "503"} <= set(responses) or path == "/api/session", (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if "requestBody" in op:
            assert {"400", "413"} <= set(responses), (method, path)
        assert "Retry-After" in responses["503"]["headers"]


def test_the_child_photo_upload_documents_its_version_field(doc):
    op = doc["paths"]["/api/children/{child_id}/photo"]["post"]
    assert not [p for p in op.get("parameters", []) if p["in"] == "formData"]
    ref = op["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"version", "photo"} <= set(schema["required"])
    assert schema["properties"]["version"]["type"] == "integer"


def _matches(body, schema):
    assert schema["additionalProperties"] is False
    assert set(body) <= set(schema["properties"]), set(body) - set(schema["properties"])
    assert set(schema["required"]) <= set(body)
    types = {"integer": int, "string": str, "object": dict, "array": list}
    for key, value in body.items():
        assert isinstance(value, types[schema["properties"][key]["type"]]), key


def test_domain_errors_with_details_match_the_documented_schema(login, session, world, doc):
    schema = doc["components"]["schemas"]["Error"]
    sergeant = login("sergeant_a")
    # A rule naming the field it refused (the `field` key the schema once forbade).
    self_link = sergeant.post(f"/api/episodes/{world.episode_a.id}/links",
                              json={"linked_episode_id": world.episode_a.id})
    assert self_link.status_code == 422 and self_link.get_json()["field"]
    # An illegal task transition: the allowed actions and the task's state.
    illegal = sergeant.post(f"/api/tasks/{world.task_a.id}/actions",
                            json={"action": "arrive", "version": 1})
    # A stale version: the current one.
    stale = sergeant.post(f"/api/tasks/{world.task_a.id}/actions",
                          json={"action": "unassign", "version": 99})
    assert stale.status_code == 409 and stale.get_json()["current_version"]
    validation = sergeant.post(f"/api/episodes/{world.episode_a.id}/links", json={})
    for response in (self_link, illegal, stale, validation,
                     login("partner_a").get("/api/tasks")):
        assert response.status_code >= 400
        _matches(response.get_json(), schema)
