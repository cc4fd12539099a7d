"""Request schemas for children, their profile versions, associates and places."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from ..domain.vocab import PLACE_KINDS, PLACE_SOURCES, PLACEMENT_TYPES
from .common import GeoJSONGeometry, Integer, ListQuery, PageQuery, StrictSchema

_ID = dict(validate=validate.Range(min=1))
_SHORT = validate.Length(max=80)
_TEXT = validate.Length(max=8000)
_ITEM = fields.String(validate=validate.Length(min=1, max=200))
_LIST = dict(validate=validate.Length(max=50))


class ProfileFields(StrictSchema):
    """The Philomena Part 1 profile. On create the names, date of birth, sex and placement
    type are required; on an edit every field is optional."""

    first_name = fields.String(validate=validate.Length(min=1, max=80))
    last_name = fields.String(validate=validate.Length(min=1, max=80))
    known_as = fields.String(validate=_SHORT, allow_none=True)
    date_of_birth = fields.Date()
    sex = fields.String(validate=validate.OneOf(["female", "male", "other", "unknown"]))
    ethnicity = fields.String(validate=_SHORT, allow_none=True)
    height_cm = Integer(validate=validate.Range(40, 230), allow_none=True)
    build = fields.String(validate=validate.Length(max=40), allow_none=True)
    hair = fields.String(validate=_SHORT, allow_none=True)
    eyes = fields.String(validate=validate.Length(max=40), allow_none=True)
    distinguishing_features = fields.String(validate=_TEXT, allow_none=True)
    description = fields.String(validate=_TEXT, allow_none=True)
    placement_type = fields.String(validate=validate.OneOf(PLACEMENT_TYPES))
    placement_address = fields.String(validate=validate.Length(max=400), allow_none=True)
    placement_location = GeoJSONGeometry(allowed=("Point",), allow_none=True)
    placement_since = fields.Date(allow_none=True)
    responsible_local_authority = fields.String(validate=validate.Length(max=120),
                                                allow_none=True)
    vulnerabilities = fields.List(_ITEM, **_LIST)
    exploitation_indicators = fields.List(_ITEM, **_LIST)
    medical_needs = fields.String(validate=_TEXT, allow_none=True)
    phones = fields.List(fields.String(validate=validate.Length(min=3, max=40)), **_LIST)
    social_media = fields.List(_ITEM, **_LIST)
    addresses = fields.List(fields.String(validate=validate.Length(min=1, max=400)), **_LIST)
    transport_used = fields.String(validate=_TEXT, allow_none=True)
    missing_history = fields.String(validate=_TEXT, allow_none=True)

    @validates_schema
    def check_dates(self, data, **kwargs):
        from datetime import date

        born = data.get("date_of_birth")
        if born and not (date(1990, 1, 1) <= born <= date.today()):
            raise ValidationError("A date of birth in the past, after 1990.", "date_of_birth")
        since = data.get("placement_since")
        if since and since > date.today():
            raise ValidationError("The placement cannot start in the future.",
                                  "placement_since")


_REQUIRED_ON_CREATE = ("first_name", "last_name", "date_of_birth", "sex", "placement_type")


class ChildIn(ProfileFields):
    team_id = Integer(load_default=None, **_ID)
    organisation_id = Integer(load_default=None, **_ID)

    @validates_schema
    def check_required(self, data, **kwargs):
        missing = {name: ["Missing data for required field."]
                   for name in _REQUIRED_ON_CREATE if name not in data}
        if missing:
            raise ValidationError(missing)


class ChildPatch(ProfileFields):
    version = Integer(required=True, metadata={
        "description": "the profile version you are editing (409 when it is no longer "
                       "current)"}, **_ID)


class ChildListQuery(PageQuery):
    q = fields.String(validate=validate.Length(min=1, max=80),
                      metadata={"description": "part of a name, known-as or reference"})
    team_id = Integer(validate=validate.Range(min=1))


class AssociateIn(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    relationship = fields.String(required=True, validate=validate.Length(min=1, max=60))
    age_estimate = Integer(validate=validate.Range(0, 120), load_default=None)
    phone = fields.String(validate=validate.Length(min=3, max=40), load_default=None)
    address = fields.String(validate=validate.Length(max=400), load_default=None)
    location = GeoJSONGeometry(allowed=("Point",), load_default=None, allow_none=True)
    concern = fields.String(validate=validate.Length(max=2000), load_default=None)
    notes = fields.String(validate=validate.Length(max=4000), load_default=None)


class PlaceIn(StrictSchema):
    geometry = GeoJSONGeometry(allowed=("Point", "LineString", "Polygon"), required=True)
    kind = fields.String(required=True, validate=validate.OneOf(PLACE_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=160))
    source = fields.String(required=True, validate=validate.OneOf(PLACE_SOURCES))
    address = fields.String(validate=validate.Length(max=400), load_default=None)
    notes = fields.String(validate=validate.Length(max=4000), load_default=None)
    associate_id = Integer(load_default=None, **_ID)
    episode_id = Integer(load_default=None, **_ID)


class PlaceListQuery(ListQuery):
    child_id = Integer(validate=validate.Range(min=1))
    kind = fields.String(validate=validate.OneOf(PLACE_KINDS))


class AssociatePatch(StrictSchema):
    """An edit of an associate: any of the fields, none required; blank ones may be cleared."""

    name = fields.String(validate=validate.Length(min=1, max=120))
    relationship = fields.String(validate=validate.Length(min=1, max=60))
    age_estimate = Integer(validate=validate.Range(0, 120), allow_none=True)
    phone = fields.String(validate=validate.Length(min=3, max=40), allow_none=True)
    address = fields.String(validate=validate.Length(max=400), allow_none=True)
    location = GeoJSONGeometry(allowed=("Point",), allow_none=True)
    concern = fields.String(validate=validate.Length(max=2000), allow_none=True)
    notes = fields.String(validate=validate.Length(max=4000), allow_none=True)
