"""Tables: no commits, no emits, no HTTP."""

from .alert import AlertRow
from .child import Associate, Child, ChildProfile, Photo, Place
from .child_transfer import ChildTransfer
from .distance_table import DistanceTableVersion
from .episode import (
    Episode,
    EpisodeLink,
    Escalation,
    EscalationStep,
    ReturnHomeInterview,
    RiskAssessment,
    Sighting,
)
from .event import AuditEntry, Event, PushSubscription
from .hotspot_point import HotspotPoint
from .org import DutyChange, Organisation, PositionFix, Team, User
from .session import SignInFailure, UserSession
from .task import Task, TaskTransition

__all__ = [
    "AlertRow",
    "Associate",
    "AuditEntry",
    "Child",
    "ChildProfile",
    "ChildTransfer",
    "DistanceTableVersion",
    "DutyChange",
    "Episode",
    "EpisodeLink",
    "Escalation",
    "EscalationStep",
    "Event",
    "HotspotPoint",
    "Organisation",
    "Photo",
    "Place",
    "PositionFix",
    "PushSubscription",
    "ReturnHomeInterview",
    "RiskAssessment",
    "Sighting",
    "SignInFailure",
    "Task",
    "TaskTransition",
    "Team",
    "User",
    "UserSession",
]
