"""LOCATE: the application factory."""

from __future__ import annotations

from flask import Flask

from .config import Settings

# Scripts are served only from our own origin (and the service worker); no inline script.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "connect-src": ["'self'", "ws:", "wss:", "https:"],
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "worker-src": ["'self'", "blob:"],
    "manifest-src": "'self'",
}


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints and socket handlers."""
    app = Flask(__name__, static_folder="../static", template_folder="../templates",
                instance_path=str(Settings.instance_dir()))
    app.config.update(Settings.from_env().values)
    if config:
        app.config.update(config)

    from . import models  # noqa: F401  (registers the tables on the metadata)
    from .extensions import (
        api,
        compress,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        socketio,
        talisman,
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Settings.root() / "migrations"),
                     compare_type=True)
    login_manager.init_app(app)
    from .security import auth

    auth.init_app(app)  # before CSRF: an anonymous request hears 401, not a token complaint
    csrf.init_app(app)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CSP,
        strict_transport_security=app.config["FORCE_HTTPS"],
        referrer_policy="same-origin",
        permissions_policy={"geolocation": "(self)", "camera": "(self)", "microphone": "()"},
    )
    api.init_app(app)
    compress.init_app(app)
    socketio.init_app(
        app,
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=[],  # same origin only
        manage_session=False,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
    )

    from . import errors
    from .api import register as register_api
    from .security import cache_policy, edge
    from .web import register as register_web

    errors.init_app(app)
    edge.init_app(app)  # after auth and CSRF: strangers hear 401, not how their input was bad
    cache_policy.init_app(app)  # no-store on /api answers and pages
    register_api(app, api)
    register_web(app)

    from . import cli
    from .live import realtime

    realtime.init_app(app)
    cli.init_app(app)
    return app
