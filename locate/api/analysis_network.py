"""GET /api/analysis/network: children linked by going missing together."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..analysis import network as service
from ..extensions import db
from .analysis_schemas import NetworkQuery

blp = Blueprint("api_analysis_network", __name__, url_prefix="/api/analysis",
                description="The coordinator's desk: going missing together (analysis.view; "
                            "audited)")


@blp.route("/network", methods=["GET"])
@blp.arguments(NetworkQuery, location="query", unknown=RAISE)
@blp.response(200, description="{filter, method, nodes: most central first, edges: strongest "
                               "first}")
def network(query):
    """Children reported, found or sighted together, or sharing associates; degree and
    betweenness per child."""
    return service.network(db.session, actor=current_user, **query)
