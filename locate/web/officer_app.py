"""The constable's phone app at /app: one shell page for every screen, so that the screens
open with no signal once the shell is cached; the browser draws them from the API and from
IndexedDB, and every write goes through the phone's outbox."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..domain.errors import Forbidden
from ..domain.permissions import allowed
from ..domain.task_rules import ACTION_LABELS, ASSIGNEE_ACTIONS, TRANSITIONS
from ..domain.vocab import (
    CONFIDENCE,
    PLACE_KINDS,
    PLACEMENT_TYPES,
    SIGHTING_SOURCES,
    TASK_KINDS,
    TASK_PRIORITIES,
    TASK_STATUSES,
    display_name,
    display_pairs,
)

bp = Blueprint("officer_app", __name__, url_prefix="/app")


def _config() -> dict:
    """What the screens need to know that does not change with the data."""
    # The assignee's moves only: the phone shows a button for each that is legal from the
    # task's status (the same table the server checks, so the buttons never lie).
    moves = {a: TRANSITIONS[a] for a in TRANSITIONS if a in ASSIGNEE_ACTIONS}
    return {
        "me": {"id": current_user.id, "name": current_user.display_name,
               "role": current_user.role, "team_id": current_user.team_id,
               "collar_number": current_user.collar_number,
               "on_duty": bool(current_user.on_duty)},
        "moves": moves,
        "labels": ACTION_LABELS,
        "kinds": {k: display_name(k) for k in TASK_KINDS},
        "priorities": list(TASK_PRIORITIES),
        "sources": display_pairs(SIGHTING_SOURCES),
        "confidence": display_pairs(CONFIDENCE),
        # One display name for every value the screens show (static/src/app/config.js label()).
        "names": {v: display_name(v) for vocab in (TASK_KINDS, TASK_STATUSES, TASK_PRIORITIES,
                                                   SIGHTING_SOURCES, CONFIDENCE, PLACE_KINDS,
                                                   PLACEMENT_TYPES) for v in vocab},
        "tile_url": current_app.config["TILE_URL"],
        "tile_attribution": current_app.config["TILE_ATTRIBUTION"],
    }


@bp.get("")
@bp.get("/")
@bp.get("/tasks/<int:task_id>")
@bp.get("/children/<int:child_id>")
@bp.get("/sightings/new")
@bp.get("/duty")
def shell(**_ids):
    """Every screen of the phone app: the same shell; the path picks the screen."""
    if not allowed(current_user.role, "task.progress"):
        raise Forbidden("The officer app is for officers who carry tasks. "
                        "Open episodes are on the home page.")
    return render_template("app/shell.html", config=json.dumps(_config()))
