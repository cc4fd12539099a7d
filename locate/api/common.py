"""Pieces shared by the API blueprints: base schema, GeoJSON fields, paging and filters."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import current_user
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from .. import geo
from ..domain.errors import Invalid
from ..extensions import limiter


class StrictSchema(Schema):
    """Unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = RAISE


class GeoJSONGeometry(fields.Field):
    """A GeoJSON geometry, checked by geo.parse_geometry; deserialises to a Shapely shape."""

    def __init__(self, allowed: tuple[str, ...], **kwargs):
        self.allowed = allowed
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault(
            "description", f"GeoJSON geometry ({', '.join(allowed)}), WGS84 [lon, lat]"
        )
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return geo.parse_geometry(value, self.allowed)
        except Invalid as error:
            raise ValidationError(error.message) from error

    def _serialize(self, value, attr, obj, **kwargs):
        return geo.to_geojson(value)


class Longitude(fields.Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(-180, 180), allow_nan=False, **kwargs)


class Latitude(fields.Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(-90, 90), allow_nan=False, **kwargs)


def aware(value: datetime) -> datetime:
    """Naive times are ambiguous across BST: refuse them."""
    if value.tzinfo is None:
        raise ValidationError("Give a time zone, e.g. 2026-11-22T21:30:00Z.")
    return value


class AwareDateTime(fields.AwareDateTime):
    """An ISO 8601 time with its zone."""


class PageQuery(StrictSchema):
    """Paging for list endpoints."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class ListQuery(PageQuery):
    """Paging and the common map filters: bounding box and time."""

    bbox = fields.String(
        metadata={"description": "min_lon,min_lat,max_lon,max_lat (WGS84)"},
    )
    since = AwareDateTime(metadata={"description": "only records at or after this time"})
    until = AwareDateTime(metadata={"description": "only records before this time"})

    @validates_schema
    def check_bbox(self, data, **kwargs):
        if "bbox" in data:
            data["bbox"] = parse_bbox(data["bbox"])
        if "since" in data and "until" in data and data["since"] >= data["until"]:
            raise ValidationError("'since' must be before 'until'.", "since")


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """'minlon,minlat,maxlon,maxlat' -> a checked tuple, or ValidationError."""
    parts = raw.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ValidationError("bbox is four numbers: min_lon,min_lat,max_lon,max_lat.",
                              "bbox") from None
    if len(values) != 4:
        raise ValidationError("bbox is four numbers: min_lon,min_lat,max_lon,max_lat.", "bbox")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise ValidationError("bbox must be min_lon<max_lon in -180..180 and "
                              "min_lat<max_lat in -90..90.", "bbox")
    return values


def page_links(page: int, per_page: int, total: int) -> dict:
    return {"page": page, "per_page": per_page, "total": total,
            "pages": (total + per_page - 1) // per_page}


class StrictBoolean(fields.Boolean):
    """Only JSON true or false: "yes", 1 or "on" are a client bug, not an answer."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


def upload_limit():
    """Uploads are decoded and re-encoded (CPU) and stored (disk): a limit per signed-in user,
    so one phone stuck in a loop, or a stolen session, cannot wear the server down. The
    phone's outbox keeps a refused (429) photo and sends it later."""
    return limiter.limit(lambda: current_app.config["UPLOAD_RATE_LIMIT"],
                         key_func=lambda: f"upload:user:{current_user.get_id()}")
