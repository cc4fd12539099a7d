"""The coordinator's page for one child: a shell; the browser draws it from the desk API."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from .. import access
from ..domain.permissions import allowed
from ..domain.vocab import RISK_GRADE_LABELS, RISK_GRADES
from ..extensions import db

bp = Blueprint("desk_child", __name__)


@bp.get("/desk/children/<int:child_id>")
def child(child_id: int):
    """Patterns, the map across episodes and 'check these first' for one child."""
    access.require(current_user, "analysis.view")
    row = access.get_child(db.session, current_user, child_id)  # 404 outside the scope
    config = {"child_id": row.id, "reference": row.reference,
              "grades": {g: RISK_GRADE_LABELS[g] for g in RISK_GRADES},
              "tile_url": current_app.config["TILE_URL"],
              "tile_attribution": current_app.config["TILE_ATTRIBUTION"],
              "timezone": current_app.config["DISPLAY_TIMEZONE"],
              "can_task": allowed(current_user.role, "ranking.task")}
    return render_template("desk/child.html", reference=row.reference, config=json.dumps(config))
