"""Authentication: the session user, and a guard that refuses every anonymous request.

The signed cookie carries the user id (Flask-Login) and a random session token; the user is
loaded through the server-side session row (services/sessions.py), so a session ended on the
server signs nobody in, whatever cookie is replayed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_user

from ..extensions import db, login_manager
from ..services.accounts import sessions

SESSION_KEY = "locate_session"  # the cookie entry holding the server-side session token

# Endpoints reachable without a session. Nothing here returns personal data: the login page,
# health check, static assets, the web manifest and the service worker script (browsers fetch
# the manifest without cookies).
PUBLIC_ENDPOINTS = frozenset({
    "web_auth.login", "api_session.login", "health.healthz", "static", "pwa.manifest",
    "pwa.service_worker", "pwa.offline",
})


def init_app(app: Flask) -> None:
    login_manager.login_view = "web_auth.login"
    # Flask-Login's "strong" mode only marked permanent sessions non-fresh when the address or
    # browser changed; the session row records both instead (docs/decisions.md).
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str):
        token = session.get(SESSION_KEY)
        if not token or not isinstance(token, str) or not user_id.isdigit():
            return None
        found = sessions.load(db.session, token=token, user_id=int(user_id))
        if found is None:
            return None
        user, session_id, last_seen = found
        g.locate_session_id = session_id
        touch_every = timedelta(seconds=current_app.config["SESSION_TOUCH_SECONDS"])
        if datetime.now(UTC) - last_seen > touch_every:
            sessions.touch(db.session, session_id=session_id, address=request.remote_addr)
        return user

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


def attempt_sign_in(username: str, password: str):
    """Sign in from this request (the API and the sign-in page): a SignedIn, None for a
    wrong password, or the AccountLocked refusal. Failures count towards the per-address
    limit; successes never do."""
    from . import sign_in_limits

    try:
        result = sessions.sign_in(
            db.session, username=username, password=password,
            policy=sessions.LockPolicy.from_config(current_app.config),
            lifetime=timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"]),
            address=request.remote_addr, user_agent=request.user_agent.string)
    except sessions.AccountLocked as locked:
        result = locked
    if not isinstance(result, sessions.SignedIn):
        sign_in_limits.note_failure()
    return result


def start_session(signed_in: sessions.SignedIn) -> None:
    """Put a new server-side session in the cookie (a fresh cookie: no fixation)."""
    session.clear()
    login_user(signed_in.user)
    session[SESSION_KEY] = signed_in.token
    session.permanent = True
    g.locate_session_id = signed_in.session_id
    # The CSRF secret goes into the sign-in's own cookie. Made later, by whichever request
    # first renders a token, two requests racing after sign-in (the landing page and the
    # next one) each made their own and the last cookie won: a page then held a token its
    # session no longer matched ("The CSRF tokens do not match" on an inspector's click).
    # The sign-in form already made a token this request (cached in g, from the session
    # just cleared): drop it, or generate_csrf returns it and writes no secret at all.
    from flask_wtf.csrf import generate_csrf

    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


def current_session_id() -> int | None:
    """The id of the signed-in request's server-side session."""
    if not current_user.is_authenticated:
        return None
    return g.get("locate_session_id")


def _refuse():
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(code=401, status="Unauthorized",
                           message="Sign in first: POST /api/session with your username and password.")
        response.status_code = 401
        return response
    return redirect(url_for("web_auth.login", next=request.full_path.rstrip("?")))
