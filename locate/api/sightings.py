"""Sightings: recorded from phones (resends harmless), listed on the map, read one."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..domain.vocab import CONFIDENCE, SIGHTING_SOURCES
from ..extensions import db
from ..services.fieldwork import sighting_photos, sightings
from .common import (
    AwareDateTime,
    Float,
    GeoJSONGeometry,
    Integer,
    ListQuery,
    StrictSchema,
    upload_limit,
)
from .photos import PhotoFile

blp = Blueprint("api_sightings", __name__, url_prefix="/api",
                description="Sightings of a missing child")

_GEOJSON = {"200": {"description": "GeoJSON FeatureCollection, newest observation first"}}


class SightingIn(StrictSchema):
    client_id = fields.UUID(required=True, metadata={"description": "made by the phone"})
    observed_at = AwareDateTime(required=True)
    location = GeoJSONGeometry(allowed=("Point",), required=True)
    accuracy_m = Float(validate=validate.Range(0, 10_000),
                              load_default=None)
    source = fields.String(required=True, validate=validate.OneOf(SIGHTING_SOURCES))
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    description = fields.String(validate=validate.Length(max=4000), load_default=None)


class SightingListQuery(ListQuery):
    episode_id = Integer(validate=validate.Range(min=1))


class EpisodeSightingsQuery(ListQuery):
    pass


@blp.route("/episodes/<int:episode_id>/sightings", methods=["POST"])
@blp.arguments(SightingIn)
@blp.response(201, description="The new sighting as a GeoJSON Feature")
@blp.alt_response(200, description="This client_id was sent before: the existing sighting")
@blp.alt_response(409, description="This client_id belongs to a sighting on another episode")
def record(body, episode_id):
    """Record a sighting; sending the same client_id again creates nothing."""
    feature, created = sightings.record(db.session, actor=current_user, episode_id=episode_id,
                                        **body)
    return feature, 201 if created else 200


@blp.route("/episodes/<int:episode_id>/sightings", methods=["GET"])
@blp.arguments(EpisodeSightingsQuery, location="query", unknown=RAISE)
@blp.doc(responses=_GEOJSON)
def for_episode(query, episode_id):
    """An episode's sightings."""
    text = sightings.list_text(db.session, actor=current_user, episode_id=episode_id, **query)
    return Response(text, mimetype="application/geo+json")


@blp.route("/sightings", methods=["GET"])
@blp.arguments(SightingListQuery, location="query", unknown=RAISE)
@blp.doc(responses=_GEOJSON)
def list_sightings(query):
    """Sightings you can see, filtered by bbox, observation time and episode."""
    text = sightings.list_text(db.session, actor=current_user, **query)
    return Response(text, mimetype="application/geo+json")


@blp.route("/sightings/<int:sighting_id>", methods=["GET"])
@blp.response(200, description="The sighting as a GeoJSON Feature")
def read(sighting_id):
    """One sighting."""
    return sightings.get(db.session, actor=current_user, sighting_id=sighting_id)


@blp.route("/sightings/<int:sighting_id>/photo", methods=["POST"])
@upload_limit()
@blp.arguments(PhotoFile, location="files")
@blp.response(201, description="The sighting as a GeoJSON Feature, with its photo_url")
@blp.alt_response(200, description="This photo was sent before: the sighting as it is")
@blp.alt_response(409, description="The sighting already has a different photo")
@blp.alt_response(413, description="Larger than the upload limit")
def add_photo(files, sighting_id):
    """Attach a photo to a sighting you recorded (JPEG, PNG or WebP; re-encoded without
    metadata). Sending the same photo again stores nothing."""
    data = files["photo"].read(request.max_content_length or -1)
    feature, created = sighting_photos.attach(db.session, actor=current_user,
                                              sighting_id=sighting_id, data=data)
    return feature, 201 if created else 200
