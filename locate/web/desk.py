"""The coordinator's desk (/desk): hot spots, going missing together, by placement and
disproportionality across children. A page shell; the browser loads each view from
/api/analysis/... with the filter in the form (and in the address, so a view can be shared)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from ..access import teams_visible
from ..domain.age_bands import AGE_BANDS
from ..domain.errors import Forbidden
from ..domain.permissions import allowed
from ..domain.vocab import FOUND_BY, RISK_GRADE_LABELS, RISK_GRADES
from ..extensions import db
from ..models import Team

bp = Blueprint("desk", __name__)


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


@bp.get("/desk")
def index():
    """The desk, for the roles that analyse (analysis.view)."""
    if not allowed(current_user.role, "analysis.view"):
        raise Forbidden("The coordinator's desk is for coordinators and admins.")
    visible = teams_visible(current_user)
    stmt = select(Team.id, Team.name).order_by(Team.name)
    if visible is not None:
        stmt = stmt.where(Team.id.in_(visible))
    teams = [{"id": i, "name": n} for i, n in db.session.execute(stmt)]
    today = datetime.now(UTC).date()
    config = {
        "grades": [[g, RISK_GRADE_LABELS[g]] for g in RISK_GRADES],
        "found_by": [[f, _label(f)] for f in FOUND_BY],
        "can_export": allowed(current_user.role, "export.create"),
        "tile_url": current_app.config["TILE_URL"],
        "tile_attribution": current_app.config["TILE_ATTRIBUTION"],
    }
    return render_template(
        "web/desk/index.html", teams=teams,
        age_bands=[(k, v[0]) for k, v in AGE_BANDS.items()],
        default_since=(today - timedelta(days=365)).isoformat(), default_until=today.isoformat(),
        config=json.dumps(config), can_export=config["can_export"],
        can_import=allowed(current_user.role, "history.import"))
