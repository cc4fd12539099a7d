"""Authentication: the session user, and a guard that refuses every anonymous request."""

from __future__ import annotations

from flask import Flask, jsonify, redirect, request, url_for
from flask_login import current_user

from .extensions import db, login_manager
from .models import User

# Endpoints reachable without a session. Nothing here returns personal data: the login page,
# health check, static assets, the web manifest and the service worker script (browsers fetch
# the manifest without cookies).
PUBLIC_ENDPOINTS = frozenset({
    "web_auth.login", "api_session.login", "health.healthz", "static", "pwa.manifest",
    "pwa.service_worker", "pwa.offline",
})


def init_app(app: Flask) -> None:
    login_manager.login_view = "web_auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None

    @login_manager.unauthorized_handler
    def unauthorized():
        return _refuse()

    @app.before_request
    def refuse_anonymous():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return _refuse()
        return None


def _refuse():
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(code=401, status="Unauthorized",
                           message="Sign in first: POST /api/session with your username and password.")
        response.status_code = 401
        return response
    return redirect(url_for("web_auth.login", next=request.full_path.rstrip("?")))
