"""The sergeant's live tasking map: a page shell; the browser loads state from the API."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..domain.errors import Forbidden
from ..domain.permissions import MAP_ROLES  # who allocates work; constables use /app
from ..domain.task_rules import ACTION_LABELS
from ..domain.vocab import (
    PLACE_KINDS,
    RISK_GRADE_LABELS,
    RISK_GRADES,
    TASK_KINDS,
    TASK_PRIORITIES,
    TASK_STATUSES,
)

bp = Blueprint("map_page", __name__)



def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


@bp.get("/map")
def index():
    """The live map, for the roles that allocate tasks."""
    if current_user.role not in MAP_ROLES:
        raise Forbidden("The tasking map is for sergeants, inspectors and coordinators. "
                        "Your tasks are in the officer app.")
    vocab = {
        "statuses": [[s, _label(s)] for s in TASK_STATUSES],
        "kinds": [[k, _label(k)] for k in TASK_KINDS],
        "priorities": [[p, _label(p)] for p in TASK_PRIORITIES],
        "grades": [[g, RISK_GRADE_LABELS[g]] for g in reversed(RISK_GRADES)],
        "place_kinds": [[k, _label(k)] for k in PLACE_KINDS],
        "actions": ACTION_LABELS,
    }
    me = {"id": current_user.id, "role": current_user.role, "team_id": current_user.team_id}
    return render_template(
        "web/map.html",
        tile_url=current_app.config["TILE_URL"],
        tile_attribution=current_app.config["TILE_ATTRIBUTION"],
        vocab=json.dumps(vocab),
        me=json.dumps(me),
        vocab_lists=vocab,
    )
