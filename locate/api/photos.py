"""Photos of children: uploaded as a new profile version, served only through access checks."""

from __future__ import annotations

from flask import make_response, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..extensions import db
from ..services.profiles import photos
from .common import Integer, StrictSchema, TextSchema, upload_limit

blp = Blueprint("api_photos", __name__, url_prefix="/api",
                description="Child photos: cleaned of metadata, served to those who may see "
                            "the child, every view audited")


class PhotoForm(TextSchema):
    version = Integer(required=True, validate=validate.Range(min=1), metadata={
        "description": "the profile version you are replacing the photo of"})


class PhotoFile(StrictSchema):
    photo = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


@blp.route("/children/<int:child_id>/photo", methods=["POST"])
@upload_limit()
@blp.arguments(PhotoForm, location="form")
@blp.arguments(PhotoFile, location="files")
@blp.response(201, description="The card with the new profile version and its photo_url")
@blp.alt_response(409, description="The profile changed since the version you sent")
@blp.alt_response(413, description="Larger than the upload limit")
def upload(form, files, child_id):
    """Upload the child's photo (JPEG, PNG or WebP; re-encoded without metadata)."""
    data = files["photo"].read(request.max_content_length or -1)
    return photos.set_child_photo(db.session, actor=current_user, child_id=child_id,
                                  version=form["version"], data=data)


@blp.route("/photos/<uuid:photo_id>", methods=["GET"])
@blp.doc(responses={"200": {"description": "image/jpeg",
                            "content": {"image/jpeg": {"schema": {"type": "string",
                                                                  "format": "binary"}}}},
                    "304": {"description": "Unchanged since the ETag you sent (If-None-Match)"}})
def read(photo_id):
    """A child's or a sighting's photo, if you may see the child or the sighting (audited).
    Never cached by the browser."""
    photo = photos.get_photo(db.session, actor=current_user, photo_id=photo_id)
    unchanged = request.if_none_match and photo.sha256 in request.if_none_match
    response = make_response(b"" if unchanged else photo.data, 304 if unchanged else 200)
    response.headers["Content-Type"] = photo.content_type
    # No cache holds a child's photo (cache_policy.py sends no-store); the phone app keeps
    # the card's photo in its own IndexedDB so the card opens with no signal.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(photo.sha256)
    return response
