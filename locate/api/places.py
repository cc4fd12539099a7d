"""Places a child frequents, and the child's associates."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE

from ..extensions import db
from ..services.profiles import associates, places
from .schemas_children import AssociateIn, AssociatePatch, PlaceIn, PlaceListQuery

blp = Blueprint("api_places", __name__, url_prefix="/api",
                description="Places children frequent and the people they know")

_GEOJSON = {"200": {"description": "GeoJSON FeatureCollection, newest first"}}


@blp.route("/children/<int:child_id>/places", methods=["GET"])
@blp.doc(responses=_GEOJSON)
def for_child(child_id):
    """A child's places, with how often the child was found at each (audited)."""
    return Response(places.for_child(db.session, actor=current_user, child_id=child_id),
                    mimetype="application/geo+json")


@blp.route("/children/<int:child_id>/places", methods=["POST"])
@blp.arguments(PlaceIn)
@blp.response(201, description="The new place as a GeoJSON Feature")
def add(body, child_id):
    """Add a place the child frequents (point, route or area)."""
    return places.add(db.session, actor=current_user, child_id=child_id, **body)


@blp.route("/places", methods=["GET"])
@blp.arguments(PlaceListQuery, location="query", unknown=RAISE)
@blp.doc(responses=_GEOJSON)
def list_places(query):
    """Places of the children you can see, filtered by bbox, time added, child and kind."""
    return Response(places.list_text(db.session, actor=current_user, **query),
                    mimetype="application/geo+json")


@blp.route("/children/<int:child_id>/associates", methods=["GET"])
@blp.response(200, description="{child_id, items}")
def list_associates(child_id):
    """A child's friends, relatives and associates (audited)."""
    return associates.for_child(db.session, actor=current_user, child_id=child_id)


@blp.route("/children/<int:child_id>/associates", methods=["POST"])
@blp.arguments(AssociateIn)
@blp.response(201, description="The new associate")
def add_associate(body, child_id):
    """Add an associate to the child's record."""
    return associates.add(db.session, actor=current_user, child_id=child_id, **body)


@blp.route("/children/<int:child_id>/associates/<int:associate_id>", methods=["PATCH"])
@blp.arguments(AssociatePatch)
@blp.response(200, description="The associate as it now stands")
def edit_associate(body, child_id, associate_id):
    """Correct or complete one of the child's associates (audited)."""
    return associates.update(db.session, actor=current_user, child_id=child_id,
                             associate_id=associate_id, **body)
