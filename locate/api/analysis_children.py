"""The coordinator's view of one child: timeline, time patterns and flags, and one map of
every episode's found places, sightings and the child's places, filterable by date."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, ValidationError, validates_schema

from ..analysis import child_history
from ..extensions import db
from .common import AwareDateTime, TextSchema

blp = Blueprint("api_analysis_children", __name__, url_prefix="/api/analysis",
                description="One child's missing history: timeline, patterns, flags, map")


class WindowQuery(TextSchema):
    since = AwareDateTime(metadata={"description": "episodes reported at or after this time"})
    until = AwareDateTime(metadata={"description": "episodes reported before this time"})

    @validates_schema
    def check_order(self, data, **kwargs):
        if "since" in data and "until" in data and data["since"] >= data["until"]:
            raise ValidationError("'since' must be before 'until'.", "since")


@blp.route("/children/<int:child_id>/history", methods=["GET"])
@blp.arguments(WindowQuery, location="query", unknown=RAISE)
@blp.response(200, description="{child, episodes, open_episodes, flags, time_patterns}")
def history(query, child_id):
    """Every episode of the child (in the window) with flags and time patterns (audited)."""
    return child_history.history(db.session, actor=current_user, child_id=child_id, **query)


@blp.route("/children/<int:child_id>/map", methods=["GET"])
@blp.arguments(WindowQuery, location="query", unknown=RAISE)
@blp.doc(responses={"200": {"description": "GeoJSON FeatureCollection; properties.layer is "
                                           "found, last_seen, sighting or place"}})
def child_map(query, child_id):
    """Found points, last-seen points, sightings and places across episodes (audited)."""
    text = child_history.map_features(db.session, actor=current_user, child_id=child_id,
                                      **query)
    return Response(text, mimetype="application/geo+json")
