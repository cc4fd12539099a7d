"""Server-rendered pages: thin views over the same services as the API."""

from __future__ import annotations

from importlib import import_module

# Each module exposes `bp`, a flask.Blueprint. Add new page groups here.
MODULES = [
    "auth_views",
    "home",
    "map_page",
    "officer_app",
    "pwa",
]


def register(app) -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(app.config.get("DISPLAY_TIMEZONE", "Europe/London"))

    @app.template_filter("local")
    def local_time(value, fmt="%a %d %b %H:%M"):
        """Times are stored in UTC and shown in the force's own zone (BST in summer)."""
        return value.astimezone(zone).strftime(fmt) if value else ""

    for name in MODULES:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)
