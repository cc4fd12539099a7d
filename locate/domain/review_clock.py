"""When the review clock raises an alert: pure timing rules, given the episode and the time.

Reviews not done and supervisors not told were what inspectors found. So a review past its
due time alerts the team's sergeants at once, and the duty inspector if it is still not done
`escalate_minutes` later; a high-risk episode without the duty inspector's acknowledgement is
chased every `chase_minutes` until it has one.

Each alert's key names what fell due (the episode and the due time it missed), so the same
lapse can never be told twice, while a review done and missed again is a new key. The rules
return every alert due at `now`, however late `now` is: a clock that was stopped catches up
on its first tick (and the key keeps that to once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .alerts import Alert
from .errors import Invalid


@dataclass(frozen=True)
class ClockSettings:
    escalate_minutes: int   # REVIEW_ESCALATE_MINUTES: overdue this long, the inspector is told
    chase_minutes: int      # HIGH_RISK_CHASE_MINUTES: how often an unacknowledged high is chased

    def __post_init__(self):
        if self.escalate_minutes <= 0 or self.chase_minutes <= 0:
            raise Invalid("The review clock's intervals must be positive minutes.")


@dataclass(frozen=True)
class EpisodeClock:
    """What the rules need of an open episode (the source reads it from the database)."""

    id: int
    reference: str
    team_id: int
    child_id: int
    grade: str | None
    next_review_due: datetime | None
    acknowledged_at: datetime | None = None
    # When the episode's current run of high grades began (the first of the latest
    # consecutive high assessments): the acknowledgement must come after it.
    high_since: datetime | None = None


def stamp(moment: datetime) -> str:
    """A time as it appears in a key: UTC, to the second, never ambiguous."""
    if moment.tzinfo is None:
        raise Invalid("Times on the review clock need a time zone.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _words(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M UTC, %d %b")


def review_alerts(episode: EpisodeClock, *, now: datetime,
                  settings: ClockSettings) -> list[Alert]:
    """The overdue-review alerts due at `now`: the sergeants' once the due time has passed,
    the duty inspector's once it is escalate_minutes past."""
    due = episode.next_review_due
    if due is None or not now > due:
        return []
    common = dict(team_id=episode.team_id, child_id=episode.child_id, episode_id=episode.id)
    what = f"review_overdue:episode:{episode.id}:{stamp(due)}"
    alerts = [Alert(key=what, kind="review_overdue", recipients="sergeants", due_at=due,
                    message=f"Review of {episode.reference} overdue since {_words(due)}.",
                    **common)]
    escalate_at = due + timedelta(minutes=settings.escalate_minutes)
    if now >= escalate_at:
        alerts.append(Alert(
            key=f"{what}:inspector", kind="review_overdue_inspector", recipients="duty_inspector",
            due_at=escalate_at, **common,
            message=(f"Review of {episode.reference} still overdue "
                     f"{settings.escalate_minutes} minutes after {_words(due)}: "
                     "the sergeants have been told.")))
    return alerts


def high_risk_alerts(episode: EpisodeClock, *, now: datetime,
                     settings: ClockSettings) -> list[Alert]:
    """The chase of a high-risk episode the duty inspector has not acknowledged: the first
    alert when it was graded high, then one every chase_minutes. Only the latest chase due is
    returned: a clock that was down over several sends one, not a burst."""
    if episode.grade != "high" or episode.high_since is None:
        return []
    since = episode.high_since
    if episode.acknowledged_at is not None and episode.acknowledged_at >= since:
        return []
    if now < since:
        return []
    interval = timedelta(minutes=settings.chase_minutes)
    chase = int((now - since) / interval)
    due = since + chase * interval
    told = "" if chase == 0 else f" (reminder {chase})"
    return [Alert(
        key=f"high_risk_unacknowledged:episode:{episode.id}:{stamp(since)}:{chase}",
        kind="high_risk_unacknowledged", recipients="duty_inspector", due_at=due,
        team_id=episode.team_id, child_id=episode.child_id, episode_id=episode.id,
        message=(f"{episode.reference} is graded high risk and needs the duty inspector's "
                 f"acknowledgement{told}."))]
