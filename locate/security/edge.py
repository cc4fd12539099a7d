"""Bad input refused at the edge, before any view or schema sees it, once for every endpoint.

Two kinds of input break layers below the schemas, so no per-field check can be trusted to
catch them everywhere:
- a NUL character: PostgreSQL text cannot hold one, and psycopg2 raises on it mid-query. It is
  refused (422) in every query string, form post and JSON document, keys included;
- JSON nested so deep that parsing or walking it exhausts Python's recursion (a RecursionError
  is a 500, and webargs parses bodies with the standard json module on its own). The body is
  parsed here once, with a depth limit far above any real request (400).
Everything else (types, ranges, time zones) is the schemas' job: locate/api/common.py.
"""

from __future__ import annotations

import json

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from werkzeug.exceptions import BadRequest

# The deepest real body is a GeoJSON polygon inside a task (object, geometry, three arrays);
# 32 leaves room for any nesting the API may grow and is nowhere near the recursion limit.
MAX_JSON_DEPTH = 32

NUL = "\x00"
NUL_MESSAGE = "Text may not contain the NUL character (\\u0000)."


class TooDeep(ValueError):
    """JSON nested beyond MAX_JSON_DEPTH (a ValueError so Flask treats it as undecodable)."""


def _walk(document, depth_limit: int) -> list[str]:
    """Check a parsed JSON document without recursion: raise TooDeep past the limit, and
    return the paths ('a.0.b') of every key or string holding a NUL."""
    found = []
    stack = [(document, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > depth_limit:
                raise TooDeep(f"JSON is nested deeper than {depth_limit} levels.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                key = str(key)
                child = f"{path}.{key}" if path else key
                if NUL in key:
                    found.append(child)
                stack.append((item, depth + 1, child))
        elif isinstance(value, str) and NUL in value:
            found.append(path or "(body)")
    return found


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing documents too deep to handle safely."""

    def loads(self, s, **kwargs):
        try:
            document = json.loads(s, **kwargs)
        except RecursionError:
            raise TooDeep(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels.") from None
        _walk(document, MAX_JSON_DEPTH)
        return document


class LocateRequest(Request):
    def on_json_loading_failed(self, e: ValueError | None):
        # Say what was wrong (Flask hides the reason outside debug mode); the reason is about
        # the client's own document, never about the server.
        reason = str(e) if e is not None else "no JSON"
        raise BadRequest(f"The body is not valid JSON: {reason}")


def _nul_in_multidict(values) -> list[str]:
    return sorted({key for key, value in values.items(multi=True)
                   if NUL in key or (isinstance(value, str) and NUL in value)})


def refuse_bad_input():
    """before_request: NUL anywhere in the query, the form or the JSON body -> 422; JSON too
    deep or not JSON -> 400. Returns None when the request may go on."""
    from ..errors import error_response

    errors = {}
    if query := _nul_in_multidict(request.args):
        errors["query"] = {name.replace(NUL, "\\u0000"): [NUL_MESSAGE] for name in query}
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if form := _nul_in_multidict(request.form):
            errors["form"] = {name.replace(NUL, "\\u0000"): [NUL_MESSAGE] for name in form}
    if request.is_json and request.get_data(cache=True):
        document = request.get_json()  # parsed once, depth-checked; 400 when undecodable
        if paths := _walk(document, MAX_JSON_DEPTH):
            errors["json"] = {path.replace(NUL, "\\u0000"): [NUL_MESSAGE] for path in paths}
    if errors:
        return error_response(422, f"The request did not pass validation: {NUL_MESSAGE}",
                              errors=errors)
    return None


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
    app.request_class = LocateRequest
    app.before_request(refuse_bad_input)
