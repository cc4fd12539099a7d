"""Tables: no commits, no emits, no HTTP."""

from .child import Associate, Child, ChildProfile, Photo, Place
from .child_transfer import ChildTransfer
from .episode import (
    Episode,
    EpisodeLink,
    Escalation,
    ReturnHomeInterview,
    RiskAssessment,
    Sighting,
)
from .event import AuditEntry, Event, PushSubscription
from .org import DutyChange, Organisation, PositionFix, Team, User
from .session import SignInFailure, UserSession
from .task import Task, TaskTransition

__all__ = [
    "Associate",
    "AuditEntry",
    "Child",
    "ChildProfile",
    "ChildTransfer",
    "DutyChange",
    "Episode",
    "EpisodeLink",
    "Escalation",
    "Event",
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
