"""The duty inspector's desk: a page shell; the browser reads GET /api/inspector/desk live."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..domain.errors import Forbidden
from ..domain.permissions import allowed

bp = Blueprint("inspector_page", __name__)


@bp.get("/inspector")
def index():
    if not allowed(current_user.role, "inspector.desk"):
        raise Forbidden("The duty inspector's desk is for inspectors and administrators.")
    me = {"id": current_user.id, "role": current_user.role,
          "may_acknowledge": allowed(current_user.role, "risk.signoff")}
    return render_template("web/inspector.html", me=json.dumps(me),
                           new_hours=current_app.config["INSPECTOR_DESK_NEW_HOURS"])
