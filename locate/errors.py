"""Turn errors into answers: JSON under /api, a page elsewhere, one shape for both.

The shape is ErrorSchema, which the OpenAPI document publishes for every error status; an
answer never carries a key the schema does not name. A database that cannot be reached (a
restart, a failover, a backend terminated mid-request) is a 503 with Retry-After, never the
server's HTML error page: phones retry it, and nothing was half-written because the
transaction died with the connection."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from marshmallow import RAISE, Schema, fields
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from .domain.errors import DomainError

log = logging.getLogger(__name__)

# Seconds a client should wait before retrying while the database is away: a PostgreSQL
# restart or failover takes a few.
RETRY_AFTER_SECONDS = 5


class ErrorSchema(Schema):
    """Every error answer: code, status and message, and the details a rule may add."""

    class Meta:
        unknown = RAISE  # published as additionalProperties: false

    code = fields.Integer(required=True, metadata={"description": "the HTTP status code"})
    status = fields.String(required=True, metadata={"description": "the HTTP status phrase"})
    message = fields.String(required=True, metadata={"description": "what went wrong, for "
                                                                     "the person who asked"})
    errors = fields.Dict(metadata={"description": "validation messages by location "
                                                  "(json, query, form, files) and field"})
    field = fields.String(metadata={"description": "the request field a rule refused"})
    allowed = fields.List(fields.String(), metadata={
        "description": "the task actions allowed in its current state"})
    task_status = fields.String(metadata={"description": "the task's current state"})
    current_version = fields.Integer(metadata={"description": "the record's current version "
                                                              "(on a stale edit)"})
    reasons = fields.List(fields.List(fields.String()), metadata={
        "description": "the reasons a viewer may give, [value, label] (428: say why you "
                       "open a record outside your own work)"})


DETAIL_KEYS = frozenset(ErrorSchema().fields) - {"code", "status", "message"}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def error_response(code: int, message: str, **details):
    """The one error shape: {code, status, message, ...details}; details never overwrite those,
    and a detail the schema does not publish is logged and left out (a programming slip must
    not break every client that validates against the document)."""
    unknown = set(details) - DETAIL_KEYS
    if unknown:
        log.warning("error details not in ErrorSchema, left out: %s", sorted(unknown))
    body = {k: v for k, v in details.items() if v is not None and k in DETAIL_KEYS}
    body.update({"code": code, "status": HTTPStatus(code).phrase, "message": message})
    if _wants_json():
        response = jsonify(body)
        response.status_code = code
        return response
    try:
        return render_template("error.html", error=body), code
    except SQLAlchemyError:
        # The page's layout asks who is signed in; with the database away, plain text.
        safe_rollback()
        return f"{code} {body['status']}: {message}", code, {"Content-Type": "text/plain"}


def safe_rollback() -> None:
    """Roll the request's transaction back, even on a connection that died under it: the
    rollback of a dead connection raises, and an error while answering an error would reach
    the client as the server's HTML page."""
    from .extensions import db

    try:
        db.session.rollback()
    except SQLAlchemyError as error:
        log.warning("rollback failed (%s); the connection is discarded", type(error).__name__)
        _discard_session()


def _discard_session() -> None:
    from .extensions import db

    try:
        db.session().invalidate()  # the scoped proxy does not forward invalidate()
    except SQLAlchemyError:
        log.warning("could not invalidate the session's connection", exc_info=True)


def init_app(app: Flask) -> None:
    from .extensions import db

    @app.teardown_appcontext
    def remove_session_safely(exc):
        # Registered after Flask-SQLAlchemy's own remove(), so it runs first (teardowns run in
        # reverse): a dead connection's end-of-request rollback raises here, after the answer
        # was made, where nothing else would turn it into JSON.
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            log.warning("session removal failed (%s); the connection is discarded",
                        type(error).__name__)
            _discard_session()
            try:
                db.session.remove()
            except SQLAlchemyError:
                log.warning("session removal failed again", exc_info=True)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def database_unavailable(error):
        log.warning("database unavailable: %s", error.__class__.__name__)
        safe_rollback()
        response = error_response(503, "The database is not answering. Try again in a few "
                                       "seconds; nothing was saved.")
        if isinstance(response, tuple):
            body, code, *rest = response
            headers = rest[0] if rest else {}
            return body, code, {**headers, "Retry-After": str(RETRY_AFTER_SECONDS)}
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        safe_rollback()  # a refused use case writes nothing
        return error_response(error.status, error.message, **error.details)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(
            400, f"{error.description} Send the token from GET /api/session as X-CSRFToken."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if getattr(error, "response", None) is not None:
            return error.response  # an answer already made for this refusal (sign-in limits)
        if error.code == 422 and getattr(error, "data", None):
            # flask-smorest / webargs validation: keep the per-field messages.
            messages = error.data.get("messages", {})
            return error_response(422, "The request did not pass validation: see errors.",
                                  errors=messages)
        description = error.description or error.name
        if error.code == 429:
            description = f"Too many attempts (limit {description}). Wait a minute, then try again."
        response = error_response(error.code or 500, description)
        if error.code == 503 and not isinstance(response, tuple):
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return response
