"""Pieces shared by the API blueprints: base schema, GeoJSON fields, paging and filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_login import current_user
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from .. import geo
from ..domain.errors import Invalid
from ..extensions import limiter


class StrictSchema(Schema):
    """Unknown fields are an error, not silently dropped. Values come typed (JSON): a number
    sent as text is refused, as a string sent as a number is."""

    values_are_text = False

    class Meta:
        unknown = RAISE


class TextSchema(StrictSchema):
    """A query string or a form post: every value arrives as text, so numbers are parsed from
    it (?page=2)."""

    values_are_text = True


def _number_from_text(field, value, kind):
    """In a JSON body "-1.55" is a client bug (a phone that stringifies its fix), not a
    longitude: text is a number only where every value is text (a query, a form)."""
    if not isinstance(value, str):
        return value
    if not getattr(field.root, "values_are_text", False):
        raise ValidationError("Send a number, not text.")
    try:
        return kind(value)
    except ValueError:
        raise field.make_error("invalid", input=value) from None


class Integer(fields.Integer):
    """A whole number: 2.5 is refused, not truncated, and so are true and false."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(**kwargs)

    def _validated(self, value):
        return super()._validated(_number_from_text(self, value, int))


class Float(fields.Float):
    """A finite number (not NaN or infinity, not true or false)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_nan", False)
        super().__init__(**kwargs)

    def _validated(self, value):
        return super()._validated(_number_from_text(self, value, float))


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


class Longitude(Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(-180, 180), **kwargs)


class Latitude(Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(-90, 90), **kwargs)


# PostgreSQL refuses a time zone displacement of 16 hours or more ("time zone displacement out
# of range"), Python takes up to 23:59: refuse the difference here rather than mid-query.
MAX_UTC_OFFSET = timedelta(hours=16)
# Times the force records are in living memory; the bounds also keep every conversion (to UTC,
# +/- a day in the rules) inside what Python's datetime and psycopg2 can hold.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class AwareDateTime(fields.AwareDateTime):
    """An ISO 8601 time with its zone (naive times are ambiguous across BST), within
    PostgreSQL's offsets (under 16 hours) and between 1900 and 2200. The one time field of
    the API: every request time goes through it."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if abs(moment.utcoffset()) >= MAX_UTC_OFFSET:
            raise ValidationError("The time zone offset must be under 16 hours (-15:59 to "
                                  "+15:59), e.g. 2026-11-22T21:30:00Z.")
        if not EARLIEST <= moment < LATEST:
            raise ValidationError("Give a time between 1900 and 2200.")
        return moment


class PageQuery(TextSchema):
    """Paging for list endpoints."""

    page = Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = Integer(load_default=100, validate=validate.Range(1, 1000))


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
