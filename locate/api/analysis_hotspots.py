"""GET /api/analysis/hotspots: Getis-Ord Gi* hot spots of children found or sighted."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..analysis import hotspots as service
from ..extensions import db
from .analysis_schemas import HotspotQuery

blp = Blueprint("api_analysis_hotspots", __name__, url_prefix="/api/analysis",
                description="The coordinator's desk: hot spots (analysis.view; audited)")


@blp.route("/hotspots", methods=["GET"])
@blp.arguments(HotspotQuery, location="query", unknown=RAISE)
@blp.response(200, description="{filter, method, cells: FeatureCollection of significant "
                               "cells, cells_truncated, hotspots: hot cells with children named}")
def hotspots(query):
    """Cells where more different children were found or sighted than chance would put
    there (Gi*, Benjamini-Hochberg FDR, 90/95/99% bins)."""
    return service.hotspots(db.session, actor=current_user, **query)
