"""The landing page after sign-in."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template
from flask_login import current_user

from ..domain.permissions import pages_for
from ..domain.vocab import RISK_GRADE_LABELS
from ..extensions import db
from ..services import overview

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    episodes = overview.open_episodes(db.session, user=current_user)
    # Every episode opens something (the episode page comes with the case workflow): the
    # details kept here, and what the role's own pages can do with it (docs/decisions.md).
    pages = pages_for(current_user.role)
    return render_template("web/home.html", episodes=episodes, grades=RISK_GRADE_LABELS,
                           now=datetime.now(UTC), on_map="map" in pages,
                           on_phone="app" in pages)
