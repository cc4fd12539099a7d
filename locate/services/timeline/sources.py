"""Where the episode timeline's entries come from: one small query per source table.

Each source takes (session, episode) and answers a list of Entry. A new source (the review
clock's alerts, an escalation's decisions) is one more function added to SOURCES, or to
POLICE_ONLY when it is police tasking that partners may not see (access.tasks_scope)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select

from ...domain.vocab import display_name
from ...models import (
    AlertRow,
    Episode,
    Escalation,
    ReturnHomeInterview,
    RiskAssessment,
    Sighting,
    Task,
    TaskTransition,
    User,
)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline. `key` is unique within the episode ("sighting-12")."""

    at: datetime
    kind: str
    key: str
    title: str
    detail: str | None = None
    by: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


def _names(session, ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return dict(rows)


def report(session, episode: Episode) -> list[Entry]:
    by = episode.reported_by_name
    if episode.reported_by_relationship:
        by = f"{by} ({episode.reported_by_relationship})"
    seen = f"Last seen {episode.last_seen_description}" if episode.last_seen_description else None
    return [Entry(episode.reported_at, "report", f"report-{episode.id}", "Reported missing",
                  seen, by)]


def assessments(session, episode: Episode) -> list[Entry]:
    """The first grading, then every review (a regrade or a confirmation), then sign-offs."""
    rows = session.execute(select(RiskAssessment).where(RiskAssessment.episode_id == episode.id)
                           .order_by(RiskAssessment.assessed_at, RiskAssessment.id)).scalars().all()
    names = _names(session, [r.assessor_id for r in rows] + [r.supervisor_id for r in rows])
    entries, previous = [], None
    for row in rows:
        grade = display_name(row.grade)
        if previous is None:
            title = f"Graded {grade}"
        elif previous == row.grade:
            title = f"Reviewed: {grade} confirmed"
        else:
            title = f"Reviewed: regraded {display_name(previous)} to {grade}"
        entries.append(Entry(row.assessed_at, "grade", f"grade-{row.id}", title, row.rationale,
                             names.get(row.assessor_id)))
        if row.signed_off_at:
            entries.append(Entry(row.signed_off_at, "signoff", f"signoff-{row.id}",
                                 f"Grade {grade} signed off", row.supervisor_note,
                                 names.get(row.supervisor_id)))
        previous = row.grade
    return entries


def acknowledgement(session, episode: Episode) -> list[Entry]:
    if not episode.acknowledged_at:
        return []
    names = _names(session, [episode.acknowledged_by_id])
    return [Entry(episode.acknowledged_at, "acknowledged", f"acknowledged-{episode.id}",
                  "High risk acknowledged by the duty inspector", None,
                  names.get(episode.acknowledged_by_id))]


def sightings(session, episode: Episode) -> list[Entry]:
    rows = session.execute(select(Sighting).where(Sighting.episode_id == episode.id)).scalars().all()
    names = _names(session, [r.recorded_by_id for r in rows])
    return [Entry(r.observed_at, "sighting", f"sighting-{r.id}",
                  f"Sighting ({display_name(r.source)}, {r.confidence} confidence)",
                  r.description, names.get(r.recorded_by_id)) for r in rows]


def tasks(session, episode: Episode) -> list[Entry]:
    rows = session.execute(select(Task).where(Task.episode_id == episode.id)).scalars().all()
    names = _names(session, [r.created_by_id for r in rows])
    return [Entry(r.created_at, "task", f"task-{r.id}",
                  f"Task set: {r.title} ({display_name(r.kind)}, {r.priority})", r.instructions,
                  names.get(r.created_by_id)) for r in rows]


def task_steps(session, episode: Episode) -> list[Entry]:
    """Each state change of each task, at the time the officer acted (a phone's tap)."""
    rows = session.execute(
        select(TaskTransition, Task.title, Task.result)
        .join(Task, Task.id == TaskTransition.task_id)
        .where(Task.episode_id == episode.id)).all()
    names = _names(session, [t.by_user_id for t, _, _ in rows])
    return [Entry(t.acted_at, "task_step", f"task_step-{t.id}",
                  f"{title}: {display_name(t.to_status)}",
                  result if t.to_status == "done" else None, names.get(t.by_user_id))
            for t, title, result in rows]


def escalations(session, episode: Episode) -> list[Entry]:
    rows = session.execute(select(Escalation).where(Escalation.episode_id == episode.id)
                           ).scalars().all()
    names = _names(session, [r.raised_by_id for r in rows] + [r.decided_by_id for r in rows])
    entries = []
    for r in rows:
        entries.append(Entry(r.raised_at, "escalation", f"escalation-{r.id}",
                             f"Escalation raised ({display_name(r.direction)})", r.reason,
                             names.get(r.raised_by_id)))
        if r.resolved_at:
            entries.append(Entry(r.resolved_at, "escalation_decision",
                                 f"escalation_decision-{r.id}",
                                 "Escalation decided" + (f" ({display_name(r.outcome)})"
                                                         if r.outcome else ""),
                                 r.response, names.get(r.decided_by_id)))
    return entries


def found(session, episode: Episode) -> list[Entry]:
    if not episode.found_at:
        return []
    where = display_name(episode.found_place_kind) if episode.found_place_kind else None
    by = display_name(episode.found_by) if episode.found_by else None
    title = "Found" + (f" ({where})" if where else "")
    return [Entry(episode.found_at, "found", f"found-{episode.id}", title, episode.outcome, by)]


def closure(session, episode: Episode) -> list[Entry]:
    if not episode.closed_at:
        return []
    return [Entry(episode.closed_at, "closed", f"closed-{episode.id}", "Episode closed")]


def interviews(session, episode: Episode) -> list[Entry]:
    rows = session.execute(select(ReturnHomeInterview)
                           .where(ReturnHomeInterview.episode_id == episode.id)).scalars().all()
    entries = []
    for r in rows:
        if r.declined:
            entries.append(Entry(r.offered_at or r.created_at, "interview", f"interview-{r.id}",
                                 "Return home interview declined", None, r.interviewer_name))
            continue
        said = "; ".join(part for part in (
            f"Stayed: {r.where_stayed}" if r.where_stayed else None,
            f"With: {r.with_whom}" if r.with_whom else None, r.summary) if part)
        entries.append(Entry(r.conducted_at or r.created_at, "interview", f"interview-{r.id}",
                             "Return home interview", said or None, r.interviewer_name))
    return entries


def alerts(session, episode: Episode) -> list[Entry]:
    """What the review clock raised on this episode, and when its cause went away."""
    rows = session.execute(select(AlertRow).where(AlertRow.episode_id == episode.id)
                           .order_by(AlertRow.raised_at)).scalars().all()
    entries = []
    for r in rows:
        told = _names(session, r.told_user_ids or [])
        who = ", ".join(told[i] for i in (r.told_user_ids or []) if i in told) or None
        entries.append(Entry(r.raised_at, "alert", f"alert-{r.id}",
                             f"Alert: {display_name(r.kind)}", r.message,
                             f"told {who}" if who else None))
        if r.resolved_at:
            entries.append(Entry(r.resolved_at, "alert_resolved", f"alert_resolved-{r.id}",
                                 f"Alert resolved: {display_name(r.kind)}"))
    return entries


# In the order a tie in time is shown: the report before the grade made with it.
SOURCES = (report, assessments, acknowledgement, sightings, escalations, found, closure,
           interviews)
POLICE_ONLY = (tasks, task_steps)
SUPERVISORS_ONLY = (alerts,)  # the clock's alerts: alert.view (access.alerts_scope)
KIND_ORDER = ("report", "grade", "signoff", "acknowledged", "task", "task_step", "sighting",
              "escalation", "escalation_decision", "alert", "alert_resolved", "found", "closed",
              "interview")
