"""The error statuses of every operation, documented in one place from what the app really
does, so that a status-code check against /api/openapi.json can fail.

flask-smorest documents what each view declares (its success, a 422 when it takes arguments,
the 409s it names) and a catch-all `default`, which makes every status "documented". Here, as
an apispec plugin run while each blueprint is registered, the catch-all goes and the statuses
that the layers around the views answer are added where they apply:
- 401 signed out (everything but signing in), 403 the role may not (signed-in operations);
- 400 a body that is not JSON or a write without its CSRF token, 413 a body over the limit;
- 404 a record in the path, or referenced by id in the body, that the caller cannot see;
- 422 validation, and NUL characters refused at the edge in any query (locate/security/edge.py);
- 429 sign-in and uploads (rate limited), 503 the database away (with Retry-After).
Every error answer has the body ErrorSchema describes (locate/errors.py).
"""

from __future__ import annotations

import copy
from http import HTTPStatus

from apispec import BasePlugin
from marshmallow import Schema

from ..errors import RETRY_AFTER_SECONDS, ErrorSchema

PUBLIC = {("post", "/api/session")}
RATE_LIMITED = {("post", "/api/session")}  # and every upload (multipart body)
NO_ROLE_CHECK = {("get", "/api/session"), ("delete", "/api/session")}
WRITES = {"post", "put", "patch", "delete"}


def _schema_class(schema):
    if isinstance(schema, str):
        return None
    return schema if isinstance(schema, type) else type(schema)


def _references_records(schema, seen=None) -> bool:
    """Whether a body names other records by id (each may be missing or not visible)."""
    cls = _schema_class(schema)
    if cls is None or not issubclass(cls, Schema):
        return False
    seen = seen or set()
    if cls in seen:
        return False
    seen.add(cls)
    for name, field in cls._declared_fields.items():
        if name.endswith("_id") and name != "client_id":  # made by the phone, not a record
            return True
        inner = getattr(field, "inner", None)
        for candidate in (field, inner):
            nested = getattr(candidate, "nested", None)
            if nested is not None and _references_records(nested, seen):
                return True
    return False


def _merge_form_into_body(operation: dict) -> None:
    """A view that takes form fields and files: flask-smorest documents the files as the
    multipart body and leaves the fields as an OpenAPI 2 `formData` parameter, which OpenAPI 3
    does not have. Document one multipart body with both."""
    form = [p for p in operation.get("parameters", []) if p.get("in") in ("form", "formData")]
    content = operation.get("requestBody", {}).get("content", {})
    if not form or "multipart/form-data" not in content:
        return
    files = _schema_class(content["multipart/form-data"]["schema"])
    fields_cls = _schema_class(form[0]["schema"])
    merged = Schema.from_dict(
        {**copy.deepcopy(fields_cls._declared_fields), **copy.deepcopy(files._declared_fields)},
        name=f"{fields_cls.__name__}With{files.__name__}")
    content["multipart/form-data"]["schema"] = merged
    operation["parameters"] = [p for p in operation["parameters"] if p not in form]


def error_statuses(method: str, path: str, operation: dict) -> set[int]:
    body = operation.get("requestBody", {}).get("content", {})
    statuses = {422, 503}
    if (method, path) not in PUBLIC:
        statuses.add(401)
        if (method, path) not in NO_ROLE_CHECK:
            statuses.add(403)
    if "{" in path or any(_references_records(media.get("schema")) for media in body.values()):
        statuses.add(404)
    if body or method in WRITES:
        statuses.add(400)
    if body:
        statuses.add(413)
    if (method, path) in RATE_LIMITED or "multipart/form-data" in body:
        statuses.add(429)
    return statuses


def _error_response(status: int, description: str | None) -> dict:
    response = {"description": description or HTTPStatus(status).phrase,
                "content": {"application/json": {"schema": ErrorSchema}}}
    if status == 503:
        response["headers"] = {"Retry-After": {
            "description": f"seconds to wait before retrying ({RETRY_AFTER_SECONDS})",
            "schema": {"type": "integer"}}}
    return response


class ErrorResponsesPlugin(BasePlugin):
    """Runs before the marshmallow plugin, which then turns ErrorSchema into a $ref."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _merge_form_into_body(operation)
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for status in error_statuses(method, path, operation) | {
                    int(code) for code in responses if int(code) >= 400}:
                existing = responses.pop(status, None) or responses.pop(str(status), None)
                description = existing.get("description") if isinstance(existing, dict) else None
                responses[status] = _error_response(status, description)


def install(spec) -> None:
    """Put the plugin first, before the marshmallow plugin resolves schemas to references."""
    plugin = ErrorResponsesPlugin()
    plugin.init_spec(spec)
    spec.plugins.insert(0, plugin)
