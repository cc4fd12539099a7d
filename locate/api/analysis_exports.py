"""POST /api/analysis/exports: a filtered desk view as a file (export.create; audited)."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint

from ..analysis import exports as service
from ..extensions import db
from .analysis_schemas import ExportIn

blp = Blueprint("api_analysis_exports", __name__, url_prefix="/api/analysis",
                description="The coordinator's desk: exports (export.create; each audited "
                            "with its filter)")


@blp.route("/exports", methods=["POST"])
@blp.arguments(ExportIn)
@blp.alt_response(200, description="The file: CSV, GeoJSON (hotspots) or GraphML (network), "
                                   "as an attachment")
def create_export(body):
    """Export one filtered view. A POST, so a link or a prefetch never exports."""
    made = service.export(db.session, actor=current_user, **body)
    return Response(made.body, mimetype=made.content_type.split(";")[0],
                    content_type=made.content_type,
                    headers={"Content-Disposition": f'attachment; filename="{made.filename}"',
                             "Cache-Control": "no-store"})
