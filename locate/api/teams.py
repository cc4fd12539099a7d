"""Teams and their patrol areas."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint

from ..extensions import db
from ..services.accounts import teams

blp = Blueprint("api_teams", __name__, url_prefix="/api/teams",
                description="Teams and their patrol areas")


@blp.route("", methods=["GET"])
@blp.doc(responses={"200": {"description": "GeoJSON FeatureCollection of patrol areas"}})
def list_teams():
    """Teams you can see, with patrol areas and how many officers are on duty."""
    return Response(teams.list_text(db.session, actor=current_user),
                    mimetype="application/geo+json")


@blp.route("/<int:team_id>", methods=["GET"])
@blp.response(200, description="The team as a GeoJSON Feature (its patrol area)")
def read(team_id):
    """One team."""
    return teams.get(db.session, actor=current_user, team_id=team_id)
