"""Children: the list, the card (audited), a new child, and profile edits as new versions."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..extensions import db
from ..services.casework import grading
from ..services.profiles import child_profiles, children
from .schemas_children import ChildIn, ChildListQuery, ChildPatch

blp = Blueprint("api_children", __name__, url_prefix="/api/children",
                description="Children and their Philomena profile (every read audited)")


@blp.route("", methods=["GET"])
@blp.arguments(ChildListQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items, page, per_page, total}; children with an open "
                               "episode first")
def list_children(query):
    """Children you can see, searchable by name, known-as or reference."""
    return children.list_children(db.session, actor=current_user, **query)


@blp.route("", methods=["POST"])
@blp.arguments(ChildIn)
@blp.response(201, description="The new child's card (profile version 1)")
def create(body):
    """Add a child with the Philomena Part 1 profile."""
    return children.create(db.session, actor=current_user, **body)


@blp.route("/<int:child_id>", methods=["GET"])
@blp.response(200, description="The card: current profile, photo URL, associates, places "
                               "(FeatureCollection) and episodes")
def read(child_id):
    """Open a child's record (audited)."""
    return children.card(db.session, actor=current_user, child_id=child_id)


@blp.route("/<int:child_id>/report-suggestion", methods=["GET"])
@blp.response(200, description="{child_id, suggestion: {grade, label, reasons}, "
                               "record_indicators, floor}")
def report_suggestion(child_id):
    """The grade the record suggests for a report of this child, with its reasons in words
    (a report graded lower needs risk.below_suggestion_rationale); audited."""
    return grading.for_report(db.session, actor=current_user, child_id=child_id)


@blp.route("/<int:child_id>", methods=["PATCH"])
@blp.arguments(ChildPatch)
@blp.response(200, description="The card with the new profile version")
@blp.alt_response(409, description="The profile changed since the version you edited")
def edit(body, child_id):
    """Change the profile: writes a new version; earlier versions stay readable."""
    return child_profiles.update(db.session, actor=current_user, child_id=child_id, **body)


@blp.route("/<int:child_id>/profiles", methods=["GET"])
@blp.response(200, description="{child_id, current_version, versions: newest first}")
def profile_versions(child_id):
    """Every version of the profile (audited)."""
    return child_profiles.versions(db.session, actor=current_user, child_id=child_id)


@blp.route("/<int:child_id>/profiles/<int:version>", methods=["GET"])
@blp.response(200, description="One profile version")
def profile_version(child_id, version):
    """One version of the profile, current or earlier (audited)."""
    return child_profiles.version(db.session, actor=current_user, child_id=child_id,
                                  number=version)
