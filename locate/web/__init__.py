"""Server-rendered pages: thin views over the same services as the API."""

from __future__ import annotations

from importlib import import_module

# Each module exposes `bp`, a flask.Blueprint. Add new page groups here.
MODULES = [
    "auth_views",
    "home",
    "map_page",
    "desk",
    "officer_app",
    "pwa",
    "desk_child",
    "history_import_page",
    "distance_table_page",  # a force's own distance table (issue 11)
    "casework_pages",  # escalations, found and closed, interviews, grading outcome (c5)
    "carer",
    # Issue 10: reporting a child missing, and the duty inspector's desk
    "report_page",
    "inspector_page",
    # Issue 10, grading
    "grading_page",
    "episode_page",
    # Issue 10: a transfer of placement ("Placement is changing")
    "placement_page",
]


def register(app) -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(app.config.get("DISPLAY_TIMEZONE", "Europe/London"))

    @app.template_filter("local")
    def local_time(value, fmt="%a %d %b %H:%M"):
        """Times are stored in UTC and shown in the force's own zone (BST in summer)."""
        return value.astimezone(zone).strftime(fmt) if value else ""

    @app.template_filter("fromiso")
    def from_iso(value):
        """A service's ISO 8601 text back to a time, for the `local` filter."""
        from datetime import datetime

        return datetime.fromisoformat(value) if value else None

    for name in MODULES:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)

    @app.context_processor
    def navigation():
        """The signed-in user's menu, from the one page table in domain/permissions.py."""
        from flask_login import current_user

        from ..domain.permissions import pages_for

        if not current_user.is_authenticated:
            return {"nav_pages": []}
        from flask import request

        here = request.path.rstrip("/") or "/"
        return {"nav_pages": [(page_url(page), PAGE_LABELS[page],
                               here == (page_url(page).rstrip("/") or "/") or
                               (page == "app" and here.startswith(page_url(page))))
                              for page in pages_for(current_user.role)]}


# Paths, not endpoints: the phone app's one view answers several paths.
PAGE_PATHS = {"episodes": "/", "map": "/map", "app": "/app", "desk": "/desk",
              "carer": "/carer"}
PAGE_LABELS = {"episodes": "Episodes", "map": "Live map", "app": "My tasks",
               "desk": "Coordinator's desk", "carer": "Our children"}
# Issue 10: reporting a child missing, and the duty inspector's desk.
PAGE_PATHS.update({"report": "/report", "inspector": "/inspector"})
PAGE_LABELS.update({"report": "Report missing", "inspector": "Inspector's desk"})


def page_url(page: str) -> str:
    from flask import request

    return request.script_root + PAGE_PATHS[page]


def landing_url() -> str:
    """The signed-in user's own start page."""
    from flask_login import current_user

    from ..domain.permissions import landing_page

    return page_url(landing_page(current_user.role))
