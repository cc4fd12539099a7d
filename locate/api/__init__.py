"""JSON API blueprints under /api, each validated by marshmallow schemas via flask-smorest,
which also writes the OpenAPI document at /api/openapi.json."""

from __future__ import annotations

from importlib import import_module

# Each module exposes `blp`, a flask_smorest.Blueprint. Add new resources here.
MODULES = [
    "session",
    "feed",
    "officers",
    "task_actions",
    "push_api",
    "episodes",
    "risk",
    "sightings",
    "tasks",
    "children",
    "photos",
    "places",
    "teams",
    "users",
    "analysis_ranking",
    "analysis_children",
    "analysis_hotspots",
    "analysis_network",
    "analysis_tables",
    "analysis_exports",
    "alerts",
    # Escalations, return home interviews, grading against outcome (issue 10, c5)
    "escalations",
    "interviews",
    "reports",
    "carers",
    # Issue 10: the duty inspector's desk
    "inspector",
]


def register(app, api) -> None:
    api.spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    api.spec.options["security"] = [{"session": []}]
    from .responses import install

    install(api.spec)  # before the blueprints: it documents each operation's error statuses
    for name in MODULES:
        api.register_blueprint(import_module(f"{__name__}.{name}").blp)
    from .health import bp as health_bp

    app.register_blueprint(health_bp)
