"""What the review clock raises: one alert per thing that fell due, with a key that names it
forever, so that firing it twice is impossible (the key is unique in the alerts table).

Pure: sources compute Alert values from the records and the time; the clock (locate/clock/)
inserts each key once and, in the same transaction, records its event and its pushes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Who an alert is for; the clock turns these into people with services/accounts/duty.py.
RECIPIENTS = ("sergeants", "duty_inspector", "senior_officer", "carer")

ALERT_KINDS = (
    "review_overdue",            # to the team's sergeants
    "review_overdue_inspector",  # still overdue a further interval on: the duty inspector
    "high_risk_unacknowledged",  # high risk without the duty inspector's acknowledgement
    "rhi_overdue",               # return home interview not recorded within its interval
    "escalation_unanswered",     # a carer's escalation not decided: up to a senior officer
)


@dataclass(frozen=True)
class Alert:
    key: str                 # unique forever, e.g. "review_overdue:episode:12:2026-12-01T10:00Z"
    kind: str                # one of ALERT_KINDS
    recipients: str          # one of RECIPIENTS
    due_at: datetime         # when it fell due (the clock fires it at or after this)
    team_id: int
    child_id: int
    episode_id: int | None = None
    escalation_id: int | None = None
    message: str = ""        # what the page says; pushes say less (lock screens are public)
