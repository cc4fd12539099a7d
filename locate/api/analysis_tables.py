"""GET /api/analysis/placements and /api/analysis/disproportionality: the desk's tables."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..analysis import disproportionality, placements
from ..extensions import db
from .analysis_schemas import DeskQuery

blp = Blueprint("api_analysis_tables", __name__, url_prefix="/api/analysis",
                description="The coordinator's desk: by placement and disproportionality "
                            "(analysis.view; audited)")


@blp.route("/placements", methods=["GET"])
@blp.arguments(DeskQuery, location="query", unknown=RAISE)
@blp.response(200, description="{filter, homes: most episodes first, months, series: top "
                               "homes month by month}")
def by_placement(query):
    """Episodes per child per care home or family home, and the homes that report most."""
    return placements.placements(db.session, actor=current_user, **query)


@blp.route("/disproportionality", methods=["GET"])
@blp.arguments(DeskQuery, location="query", unknown=RAISE)
@blp.response(200, description="{filter, method, overall, by_ethnicity, by_age_band, "
                               "by_ethnicity_and_age_band}")
def by_group(query):
    """Episodes, risk grade, time missing and who found the child, by ethnicity and age
    band, each against everyone else (risk ratio, 95% interval)."""
    return disproportionality.disproportionality(db.session, actor=current_user, **query)
