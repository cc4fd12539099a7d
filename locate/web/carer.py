"""The carer's pages: their organisation's children with how current each profile is (the
landing page), the one-tap confirmation that a profile is still right, and the phone-first
Part 1 edit page (a shell the browser draws from the children API)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access
from ..domain.errors import Conflict, Invalid
from ..domain.vocab import (
    PLACE_KINDS,
    PLACEMENT_TYPES,
    PROFILE_EXPLOITATION_MARKERS,
    PROFILE_VULNERABILITIES,
    display_pairs,
)
from ..extensions import db
from ..services import feed
from ..services.profiles import currency, transfers

bp = Blueprint("carer", __name__, url_prefix="/carer")


@bp.get("")
@bp.get("/")
def children():
    """Every child of the carer's organisation, the ones needing attention marked."""
    page = request.args.get("page", 1, type=int) or 1
    # The live feed's mark BEFORE the list is read: the page's script catches up from it, so
    # a child transferred in while the page loads is not missed (static/src/entries/
    # carer-children.js).
    cursor = feed.mark(db.session)["cursor"]
    body = currency.carer_children(db.session, actor=current_user, page=max(page, 1),
                                   per_page=100)
    # After "Placement is changing" (web/placement_page.py) the sender lands here, told.
    moved = request.args.get("moved", type=int)
    notice = transfers.left_notice(db.session, actor=current_user, transfer_id=moved) \
        if moved else None
    return render_template("carer/children.html", moved=notice, cursor=cursor, **body)


@bp.post("/children/<int:child_id>/confirm")
def confirm(child_id: int):
    """The list's "Still right" button (a form post, so it works without script)."""
    version = request.form.get("version", type=int)
    if not version or version < 1:
        raise Invalid("Send the profile version you read.", field="version")
    try:
        currency.confirm(db.session, actor=current_user, child_id=child_id, version=version)
        flash("Thank you: the profile is confirmed as still right.", "success")
    except Conflict as err:
        flash(err.message, "error")
    return redirect(url_for("carer.children"))


@bp.get("/children/<int:child_id>")
def edit(child_id: int):
    """The phone-first Part 1 editor for one child (404 outside the carer's scope)."""
    access.require(current_user, "child.update")
    row = access.get_child(db.session, current_user, child_id)
    config = {"child_id": row.id, "reference": row.reference,
              "place_kinds": display_pairs(PLACE_KINDS),
              "placement_types": display_pairs(PLACEMENT_TYPES),
              "vulnerabilities": list(PROFILE_VULNERABILITIES),
              "exploitation_markers": list(PROFILE_EXPLOITATION_MARKERS),
              "tile_url": current_app.config["TILE_URL"],
              "tile_attribution": current_app.config["TILE_ATTRIBUTION"]}
    return render_template("carer/profile.html", reference=row.reference,
                           config=json.dumps(config))
