"""The duty inspector's desk as one read: what needs an inspector now."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint

from ..extensions import db
from ..services import inspector_desk

blp = Blueprint("api_inspector", __name__, url_prefix="/api/inspector",
                description="The duty inspector's desk (inspectors: their team; admins: all)")


@blp.route("/desk", methods=["GET"])
@blp.response(200, description="{new_episodes, awaiting_acknowledgement, overdue_reviews, "
                               "open_escalations, now, new_since, new_hours}")
def desk():
    """New episodes this shift, high risk awaiting acknowledgement, overdue reviews and open
    escalations (audited)."""
    return inspector_desk.desk(db.session, actor=current_user)
