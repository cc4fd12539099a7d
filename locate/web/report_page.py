"""Report a child missing, from a phone: a page shell; the browser talks to POST /api/episodes."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from ..domain.errors import Forbidden
from ..domain.permissions import allowed, pages_for
from ..domain.risk_review import PARTNER_GRADE_FLOOR
from ..domain.vocab import RISK_GRADES, display_pairs

bp = Blueprint("report_page", __name__)


@bp.get("/report")
def index():
    """The report form: pick the child (or a child with no profile), confirm Part 2, grade."""
    if not allowed(current_user.role, "episode.create"):
        raise Forbidden("Your role does not report children missing: call the control room.")
    child_id = request.args.get("child", type=int)
    me = {"id": current_user.id, "role": current_user.role,
          "name": current_user.display_name, "carer": current_user.role == "partner",
          "on_map": "map" in pages_for(current_user.role),
          "floor": PARTNER_GRADE_FLOOR if current_user.role == "partner" else None}
    return render_template("web/report.html", me=json.dumps(me), carer=me["carer"],
                           child_id=child_id or "",
                           grades=display_pairs(reversed(RISK_GRADES)),
                           tile_url=current_app.config["TILE_URL"],
                           tile_attribution=current_app.config["TILE_ATTRIBUTION"])
