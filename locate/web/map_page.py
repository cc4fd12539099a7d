"""The sergeant's live tasking map: a page shell; the browser loads state from the API."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..domain.errors import Forbidden
from ..domain.permissions import MAP_ROLES, allowed  # who allocates work; constables use /app
from ..domain.task_rules import ACTION_LABELS
from ..domain.vocab import (
    CONFIDENCE,
    PLACE_KINDS,
    RISK_GRADES,
    SIGHTING_SOURCES,
    TASK_KINDS,
    TASK_PRIORITIES,
    TASK_STATUSES,
    display_pairs,
)

bp = Blueprint("map_page", __name__)


@bp.get("/map")
def index():
    """The live map, for the roles that allocate tasks."""
    if current_user.role not in MAP_ROLES:
        raise Forbidden("The tasking map is for sergeants, inspectors and coordinators. "
                        "Your tasks are in the officer app.")
    vocab = {
        "statuses": display_pairs(TASK_STATUSES),
        "kinds": display_pairs(TASK_KINDS),
        "priorities": display_pairs(TASK_PRIORITIES),
        "grades": display_pairs(reversed(RISK_GRADES)),
        "place_kinds": display_pairs(PLACE_KINDS),
        "sources": display_pairs(SIGHTING_SOURCES),
        "confidence": display_pairs(CONFIDENCE),
        "actions": ACTION_LABELS,
    }
    # What this role may do here, from the permission table: the page offers nothing else
    # (a coordinator reads the map but makes no tasks, so gets no drawing tools).
    may = {p: allowed(current_user.role, p) for p in ("task.create", "task.assign", "task.cancel",
                                                     "alert.view")}
    me = {"id": current_user.id, "role": current_user.role, "team_id": current_user.team_id,
          "may": may}
    return render_template(
        "web/map.html",
        tile_url=current_app.config["TILE_URL"],
        tile_attribution=current_app.config["TILE_ATTRIBUTION"],
        vocab=json.dumps(vocab),
        me=json.dumps(me),
        vocab_lists=vocab,
        may=may,
    )
