"""The shape of every event's payload, one marshmallow schema per type.

Clients apply events by id without reloading, so a payload must carry the full current
representation of what changed. Tests check that each type the services record matches its
schema here; a new event type needs a schema before it can pass.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.task_rules import TRANSITIONS
from ..domain.vocab import (
    ESCALATION_DIRECTIONS,
    ESCALATION_LEVELS,
    ESCALATION_STATUSES,
    ESCALATION_STEPS,
    TASK_PRIORITIES,
    TASK_STATUSES,
)


class Geometry(Schema):
    type = fields.String(required=True, validate=validate.OneOf(
        ["Point", "LineString", "Polygon", "MultiPolygon"]))
    coordinates = fields.List(fields.Raw(), required=True)


class TaskProperties(Schema):
    class Meta:
        unknown = "include"

    episode_id = fields.Integer(required=True)
    child_id = fields.Integer(required=True)
    team_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    priority = fields.String(required=True, validate=validate.OneOf(TASK_PRIORITIES))
    status = fields.String(required=True, validate=validate.OneOf(TASK_STATUSES))
    version = fields.Integer(required=True)
    assignee_user_id = fields.Integer(allow_none=True, required=True)
    updated_at = fields.String(required=True)


def feature_of(properties: type[Schema], name: str) -> type[Schema]:
    """The schema of a GeoJSON Feature whose properties follow `properties`."""
    return Schema.from_dict({
        "type": fields.Constant("Feature", required=True),
        "id": fields.Integer(required=True),
        "geometry": fields.Nested(Geometry, required=True),
        "properties": fields.Nested(properties, required=True),
    }, name=name)


TaskFeature = feature_of(TaskProperties, "TaskFeature")


class TaskChange(Schema):
    task = fields.Nested(TaskFeature, required=True)
    action = fields.String(required=True, validate=validate.OneOf(list(TRANSITIONS)))
    to = fields.String(required=True, validate=validate.OneOf(TASK_STATUSES))

    class Meta:
        unknown = "include"  # "from" is a Python keyword: checked by the tests directly


class OfficerPosition(Schema):
    user_id = fields.Integer(required=True)
    display_name = fields.String(required=True)
    collar_number = fields.String(allow_none=True, required=True)
    on_duty = fields.Boolean(required=True)
    position = fields.Nested(Geometry, allow_none=True, required=True)
    accuracy_m = fields.Float(allow_none=True, required=True)
    position_at = fields.String(allow_none=True, required=True)


class OfficerDuty(OfficerPosition):
    # when the officer went on or off duty on the phone, and when the server heard
    acted_at = fields.String(required=True)
    received_at = fields.String(required=True)


PAYLOADS: dict[str, type[Schema]] = {
    "task.assigned": TaskChange,
    "task.reassigned": TaskChange,
    "task.cancelled": TaskChange,
    "task.unassigned": TaskChange,
    "task.updated": TaskChange,
    "officer.position": OfficerPosition,
    "officer.duty": OfficerDuty,
}


def errors_for(event_type: str, payload: dict) -> dict:
    """Validation errors of a payload against its type's schema ({} when it fits)."""
    schema = PAYLOADS.get(event_type)
    if schema is None:
        return {"type": [f"No payload schema for event type {event_type!r}."]}
    return schema().validate(payload)


# Episodes, risk assessments, sightings and created tasks (api/episodes, risk, sightings, tasks).
class _Open(Schema):
    class Meta:
        unknown = "include"


class EpisodeProperties(_Open):
    reference = fields.String(required=True)
    child_id = fields.Integer(required=True)
    team_id = fields.Integer(required=True)
    status = fields.String(required=True)
    risk_grade = fields.String(allow_none=True, required=True)
    next_review_due = fields.String(allow_none=True, required=True)
    version = fields.Integer(required=True)


EpisodeFeature = feature_of(EpisodeProperties, "EpisodeFeature")


class AssessmentChange(Schema):
    assessment = fields.Dict(required=True)
    episode = fields.Nested(EpisodeFeature, required=True)


class EpisodeLinked(Schema):
    episode_id = fields.Integer(required=True)
    linked_episode_id = fields.Integer(required=True)
    note = fields.String(allow_none=True, required=True)


class SightingProperties(_Open):
    episode_id = fields.Integer(required=True)
    client_id = fields.String(required=True)
    observed_at = fields.String(required=True)
    source = fields.String(required=True)
    confidence = fields.String(required=True)


SightingFeature = feature_of(SightingProperties, "SightingFeature")


class TaskCreated(Schema):
    task = fields.Nested(TaskFeature, required=True)


PAYLOADS.update({
    "episode.created": EpisodeFeature,
    "episode.updated": EpisodeFeature,
    "episode.linked": EpisodeLinked,
    "risk.assessed": AssessmentChange,
    "risk.signed_off": AssessmentChange,
    "sighting.created": SightingFeature,
    "sighting.updated": SightingFeature,  # its photo arrived after it
    "task.created": TaskCreated,
})


# Children and their places (api/children, api/places).
class ChildUpdated(Schema):
    """Identity and version only: reading the profile stays an audited view."""

    child_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    photo_url = fields.String(allow_none=True, required=True)
    reason = fields.String(required=True, validate=validate.OneOf(["edit", "photo"]))


class PlaceProperties(_Open):
    child_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    source = fields.String(required=True)


class SightingNear(Schema):
    """To one officer: a sighting near them on the episode they are working."""

    sighting = fields.Nested(SightingFeature, required=True)
    task_id = fields.Integer(required=True)
    distance_m = fields.Integer(required=True)


PAYLOADS.update({
    "sighting.near": SightingNear,
    "child.updated": ChildUpdated,
    "place.created": feature_of(PlaceProperties, "PlaceFeature"),
})


# --- the review clock (locate/clock/) ---------------------------------------------------------
class AlertBody(Schema):
    id = fields.Integer(required=True)
    key = fields.String(required=True)
    kind = fields.String(required=True)
    recipients = fields.String(required=True)
    due_at = fields.String(required=True)
    raised_at = fields.String(required=True)
    team_id = fields.Integer(required=True)
    child_id = fields.Integer(required=True)
    episode_id = fields.Integer(allow_none=True, required=True)
    escalation_id = fields.Integer(allow_none=True, required=True)
    reference = fields.String(allow_none=True, required=True)
    message = fields.String(required=True)
    told_user_ids = fields.List(fields.Integer(), required=True)
    resolved_at = fields.String(allow_none=True, required=True)


class AlertRaised(Schema):
    alert = fields.Nested(AlertBody, required=True)


PAYLOADS["alert.raised"] = AlertRaised
PAYLOADS["alert.resolved"] = AlertRaised  # the same alert, with its resolved_at
# Escalations (issue 10, c5): the whole escalation with its timeline (api/escalations).
class EscalationStepOut(Schema):
    step = fields.String(required=True, validate=validate.OneOf(ESCALATION_STEPS))
    at = fields.String(required=True)
    actor_id = fields.Integer(allow_none=True, required=True)
    actor_name = fields.String(allow_none=True, required=True)
    note = fields.String(allow_none=True, required=True)
    told = fields.List(fields.Dict(), required=True)


class EscalationOut(_Open):
    id = fields.Integer(required=True)
    episode_id = fields.Integer(allow_none=True, required=True)
    child_id = fields.Integer(required=True)
    team_id = fields.Integer(required=True)
    organisation_id = fields.Integer(allow_none=True, required=True)
    direction = fields.String(required=True, validate=validate.OneOf(ESCALATION_DIRECTIONS))
    subject = fields.String(required=True)
    reason = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ESCALATION_STATUSES))
    level = fields.String(required=True, validate=validate.OneOf(ESCALATION_LEVELS))
    outcome = fields.String(allow_none=True, required=True)
    raised_at = fields.String(required=True)
    steps = fields.List(fields.Nested(EscalationStepOut), required=True)


class EscalationChange(Schema):
    escalation = fields.Nested(EscalationOut, required=True)


PAYLOADS.update({
    "escalation.raised": EscalationChange,
    "escalation.escalated": EscalationChange,
    "escalation.decided": EscalationChange,
})
# Issue 10: the duty inspector acknowledged a high-risk episode (services/casework/
# acknowledgement.py); the payload is the episode, with acknowledged_at and acknowledged_by_id.
PAYLOADS.update({"episode.acknowledged": EpisodeFeature})
# Issue 10, grading: a supervisor's review (services/casework/grading.py).
class RiskReviewed(AssessmentChange):
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "regrade"]))
    previous_grade = fields.String(allow_none=True, required=True)


PAYLOADS.update({"risk.reviewed": RiskReviewed})


# Issue 10: a transfer of placement (services/profiles/transfers.py). The transfer's ids, never
# the child, its profile or the reason: reading those stays an audited view.
class ChildTransferred(Schema):
    transfer_id = fields.Integer(required=True)
    from_organisation_id = fields.Integer(allow_none=True, required=True)
    to_organisation_id = fields.Integer(required=True)
    from_team_id = fields.Integer(required=True)
    to_team_id = fields.Integer(required=True)
    at = fields.String(required=True)


class ChildLeft(Schema):
    """To the organisation and team a child left: that one did, and when; not which, nor
    where to."""

    from_organisation_id = fields.Integer(allow_none=True, required=True)
    from_team_id = fields.Integer(required=True)
    at = fields.String(required=True)


PAYLOADS.update({"child.transferred": ChildTransferred, "child.left": ChildLeft})
