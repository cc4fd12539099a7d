""""Placement is changing": the page that moves a child (and the Philomena profile) to another
organisation. Reached from the carer's children list and from the episode page of the child's
sergeant, inspector or an administrator. The page lists the organisations the child can move to
(names only); its script filters them, asks for the reason, confirms in words that the sending
organisation loses access at once, and posts to POST /api/children/<id>/transfer."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from ..domain.justification import JustificationRequired
from ..extensions import db
from ..services.profiles import transfers
from .episode_page import reason_picker

bp = Blueprint("placement_page", __name__)


@bp.get("/children/<int:child_id>/placement")
def placement(child_id: int):
    """The form: the receiving organisation (searchable), the reason, and what happens next.
    403 without child.transfer, 404 for a child outside the viewer's scope."""
    try:
        data = transfers.targets(db.session, actor=current_user, child_id=child_id)
    except JustificationRequired:
        return reason_picker("Change this child's placement")
    episode = request.args.get("episode", type=int)
    episode = episode if episode and 0 < episode < 2**31 else None
    partner = current_user.role == "partner"
    back = (url_for("carer.children") if partner
            else url_for("episode_page.episode", episode_id=episode) if episode
            else url_for("home.index"))
    config = {"child_id": data["child"]["id"], "partner": partner, "back": back,
              # where the sender lands: a carer on their list, told the child moved (carer.py)
              "landing": url_for("carer.children") if partner else back}
    return render_template("web/placement.html", child=data["child"],
                           organisations=data["organisations"], back=back,
                           config=json.dumps(config))
