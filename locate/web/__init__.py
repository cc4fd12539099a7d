"""Server-rendered pages: thin views over the same services as the API."""

from __future__ import annotations

from importlib import import_module

# Each module exposes `bp`, a flask.Blueprint. Add new page groups here.
MODULES = [
    "auth_views",
    "home",
]


def register(app) -> None:
    for name in MODULES:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)
