"""Request schemas for escalations, return home interviews and the grading-outcome report."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from ..domain.vocab import (
    ESCALATION_OUTCOMES,
    ESCALATION_STATUSES,
    ESCALATION_SUBJECTS,
    PLACE_KINDS,
)
from .analysis_schemas import DeskQuery
from .common import (
    AwareDateTime,
    GeoJSONGeometry,
    Integer,
    StrictBoolean,
    StrictSchema,
    TextSchema,
)

_ID = validate.Range(min=1, max=2**31 - 1)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class EscalationIn(StrictSchema):
    episode_id = Integer(required=True, validate=_ID)
    subject = fields.String(required=True, validate=validate.OneOf(ESCALATION_SUBJECTS),
                            metadata={"description": "what is disagreed with"})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=8000),
                                                    _not_blank],
                           metadata={"description": "why"})
    risk_assessment_id = Integer(validate=_ID, load_default=None,
                                 metadata={"description": "the grading disagreed with"})


class DecisionIn(StrictSchema):
    outcome = fields.String(required=True, validate=validate.OneOf(ESCALATION_OUTCOMES))
    reasons = fields.String(required=True, validate=[validate.Length(min=1, max=8000),
                                                     _not_blank])


class EscalationListQuery(TextSchema):
    status = fields.String(validate=validate.OneOf(ESCALATION_STATUSES))
    episode_id = Integer(validate=_ID)


class InterviewPlaceIn(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=160), _not_blank])
    kind = fields.String(load_default="other", validate=validate.OneOf(PLACE_KINDS))
    point = GeoJSONGeometry(allowed=("Point",), required=True)
    notes = fields.String(validate=validate.Length(max=2000), load_default=None)


class InterviewPersonIn(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120), _not_blank])
    relationship = fields.String(required=True, validate=validate.Length(min=1, max=60))
    concern = fields.String(validate=validate.Length(max=2000), load_default=None)


class InterviewIn(StrictSchema):
    interviewer_name = fields.String(required=True,
                                     validate=[validate.Length(min=1, max=120), _not_blank])
    conducted_at = AwareDateTime(required=True)
    declined = StrictBoolean(load_default=False)
    summary = fields.String(validate=validate.Length(max=8000), load_default=None,
                            metadata={"description": "what the child said"})
    places = fields.List(fields.Nested(InterviewPlaceIn), load_default=list,
                         validate=validate.Length(max=20),
                         metadata={"description": "where they were (points on a map)"})
    people = fields.List(fields.Nested(InterviewPersonIn), load_default=list,
                         validate=validate.Length(max=20),
                         metadata={"description": "with whom"})


class GradingOutcomeQuery(DeskQuery):
    """The desk's filter: dates (default the last year), team, age band."""
