"""Request schemas for episodes and risk assessments."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ..domain.risk_review import ABSENT_MESSAGE
from ..domain.vocab import (
    EPISODE_STATUSES,
    FOUND_BY,
    FOUND_PLACE_KINDS,
    HARM_SUFFERED,
    RISK_GRADES,
)
from .common import (
    AwareDateTime,
    GeoJSONGeometry,
    Integer,
    ListQuery,
    StrictBoolean,
    StrictSchema,
)

_KEY = validate.Length(min=1, max=64)
# A grade below the rule's suggestion (domain/grading.py) needs this written reason.
BELOW_SUGGESTION = {"validate": validate.Length(max=8000), "load_default": None,
                    "allow_none": True,
                    "metadata": {"description": "required when the grade is below the "
                                                "suggested one"}}


class RiskIn(StrictSchema):
    grade = fields.String(required=True, metadata={"description": ", ".join(RISK_GRADES)})
    rationale = fields.String(required=True, validate=validate.Length(max=8000))
    factors = fields.Dict(keys=fields.String(validate=_KEY),
                          values=fields.String(validate=validate.OneOf(["yes", "no", "unknown"])),
                          load_default=dict)
    sources = fields.Dict(keys=fields.String(validate=_KEY),
                          values=fields.String(validate=validate.Length(max=2000)),
                          load_default=dict)
    below_suggestion_rationale = fields.String(**BELOW_SUGGESTION)

    @validates("grade")
    def check_grade(self, value, **kwargs):
        if value == "absent":
            raise ValidationError(ABSENT_MESSAGE)
        if value not in RISK_GRADES:
            raise ValidationError(f"Must be one of: {', '.join(RISK_GRADES)}.")

    @validates("rationale")
    def check_rationale(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Write why this grade: a rationale is required.")


class NewChildIn(StrictSchema):
    """A child with no profile on file: the minimum a call taker has on the phone."""

    first_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    sex = fields.String(required=True,
                        validate=validate.OneOf(["female", "male", "other", "unknown"]))
    description = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    date_of_birth = fields.Date(metadata={"description": "if known; else age_years"})
    age_years = Integer(validate=validate.Range(0, 25),
                        metadata={"description": "an approximate age, when the date is not "
                                                 "known"})

    @validates_schema
    def one_of_date_or_age(self, data, **kwargs):
        from datetime import date

        if ("date_of_birth" in data) == ("age_years" in data):
            raise ValidationError("Give the date of birth or an approximate age (one).",
                                  "age_years")
        born = data.get("date_of_birth")
        if born and not (date(1990, 1, 1) <= born <= date.today()):
            raise ValidationError("A date of birth in the past, after 1990.", "date_of_birth")


class EpisodeIn(StrictSchema):
    child_id = Integer(validate=validate.Range(min=1), load_default=None,
                       metadata={"description": "the child on file; or send `child`"})
    child = fields.Nested(NewChildIn, load_default=None,
                          metadata={"description": "a child with no profile yet: made with a "
                                                   "minimal profile in the same transaction"})
    team_id = Integer(validate=validate.Range(min=1), load_default=None)
    reported_at = AwareDateTime(load_default=None,
                                metadata={"description": "default: now"})
    reported_by_name = fields.String(validate=validate.Length(min=1, max=120),
                                     load_default=None,
                                     metadata={"description": "default: the signed-in user"})
    reported_by_relationship = fields.String(validate=validate.Length(max=60), load_default=None)
    last_seen_at = AwareDateTime(required=True)
    last_seen = GeoJSONGeometry(allowed=("Point",), required=True)
    last_seen_description = fields.String(validate=validate.Length(max=4000), load_default=None)
    clothing = fields.String(validate=validate.Length(max=4000), load_default=None)
    circumstances = fields.String(validate=validate.Length(max=8000), load_default=None)
    risk = fields.Nested(RiskIn, required=True,
                         metadata={"description": "the initial grading: never left ungraded"})

    @validates_schema
    def one_child(self, data, **kwargs):
        if (data.get("child_id") is None) == (data.get("child") is None):
            raise ValidationError("Give child_id for a child on file, or child for a child "
                                  "with no profile (one of them).", "child_id")


class EpisodeListQuery(ListQuery):
    status = fields.String(validate=validate.OneOf(EPISODE_STATUSES))
    risk_grade = fields.String(validate=validate.OneOf(RISK_GRADES))


class EpisodePatch(StrictSchema):
    version = Integer(required=True, validate=validate.Range(min=1),
                             metadata={"description": "the episode version you are editing"})
    reported_at = AwareDateTime()
    reported_by_name = fields.String(validate=validate.Length(min=1, max=120))
    reported_by_relationship = fields.String(validate=validate.Length(max=60), allow_none=True)
    last_seen_at = AwareDateTime()
    last_seen = GeoJSONGeometry(allowed=("Point",))
    last_seen_description = fields.String(validate=validate.Length(max=4000), allow_none=True)
    clothing = fields.String(validate=validate.Length(max=4000), allow_none=True)
    circumstances = fields.String(validate=validate.Length(max=8000), allow_none=True)


class FoundIn(StrictSchema):
    found_at = AwareDateTime(required=True)
    found_place = GeoJSONGeometry(allowed=("Point",), required=True)
    found_place_kind = fields.String(required=True, validate=validate.OneOf(FOUND_PLACE_KINDS))
    found_by = fields.String(required=True, validate=validate.OneOf(FOUND_BY),
                             metadata={"description": "who found the child"})
    found_condition = fields.String(required=True, validate=validate.Length(min=1, max=4000),
                                    metadata={"description": "the child's condition when found"})
    harm_suffered = fields.String(required=True, validate=validate.OneOf(HARM_SUFFERED),
                                  metadata={"description": "harm while missing: yes, no, unknown"})
    outcome = fields.String(validate=validate.Length(max=8000), load_default=None)

    @validates("found_condition")
    def check_condition(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Say the child's condition when found.")


class CloseIn(StrictSchema):
    rhi_referred = StrictBoolean(required=True, metadata={
        "description": "whether a return home interview was referred (then due and chased)"})


class LinkIn(StrictSchema):
    linked_episode_id = Integer(required=True,
                                       validate=validate.Range(min=1))
    note = fields.String(validate=validate.Length(max=2000), load_default=None)


class AcknowledgeIn(StrictSchema):
    note = fields.String(validate=validate.Length(max=2000), load_default=None,
                         metadata={"description": "what the inspector has put in hand"})
