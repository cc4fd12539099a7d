"""Turn errors into answers: JSON under /api, a page elsewhere, one shape for both."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .domain.errors import DomainError


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def error_response(code: int, message: str, **details):
    """The one error shape: {code, status, message, ...details}; details never overwrite those."""
    from http import HTTPStatus

    body = {k: v for k, v in details.items() if v is not None}
    body.update({"code": code, "status": HTTPStatus(code).phrase, "message": message})
    if _wants_json():
        response = jsonify(body)
        response.status_code = code
        return response
    return render_template("error.html", error=body), code


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        from .extensions import db

        db.session.rollback()  # a refused use case writes nothing
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
        return error_response(error.code or 500, description)
