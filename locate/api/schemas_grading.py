"""Request schemas for grading with the APP questionnaire and for reviews."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates

from ..domain.app_questions import ANSWERS, BY_KEY
from ..domain.risk_review import ABSENT_MESSAGE
from ..domain.vocab import RISK_GRADES
from .common import AwareDateTime, StrictSchema
from .schemas_episodes import BELOW_SUGGESTION, RiskIn


class AnswerIn(StrictSchema):
    answer = fields.String(required=True, validate=validate.OneOf(ANSWERS))
    note = fields.String(validate=validate.Length(max=2000), load_default=None, allow_none=True)
    who = fields.String(validate=validate.Length(max=200), load_default=None, allow_none=True,
                        metadata={"description": "who supplied the answer"})
    contact = fields.String(validate=validate.Length(max=200), load_default=None,
                            allow_none=True, metadata={"description": "how to reach them"})
    obtained_at = AwareDateTime(load_default=None, allow_none=True,
                                metadata={"description": "when it was obtained"})


def answers_field(**kwargs):
    """{question key: answer with its source}, keys from domain/app_questions.py."""
    return fields.Dict(keys=fields.String(validate=validate.OneOf(sorted(BY_KEY))),
                       values=fields.Nested(AnswerIn), **kwargs)


class AssessIn(RiskIn):
    answers = answers_field(load_default=dict)


class SuggestIn(StrictSchema):
    answers = answers_field(required=True)


class ReviewIn(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "regrade"]))
    grade = fields.String(load_default=None,
                          metadata={"description": "the new grade (regrade); confirm keeps it"})
    rationale = fields.String(required=True, validate=validate.Length(max=8000))
    below_suggestion_rationale = fields.String(**BELOW_SUGGESTION)
    answers = answers_field(load_default=dict)

    @validates("grade")
    def check_grade(self, value, **kwargs):
        if value == "absent":
            raise ValidationError(ABSENT_MESSAGE)
        if value is not None and value not in RISK_GRADES:
            raise ValidationError(f"Must be one of: {', '.join(RISK_GRADES)}.")

    @validates("rationale")
    def check_rationale(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Write why: a review records its rationale.")
