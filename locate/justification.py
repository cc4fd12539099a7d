"""The justification of each consultation (DPA 2018 s.62), found for the audit recorder.

audit.record calls for_view() for every view of a child's data, so every read path (child,
episode, timeline, photo, places, sightings, ranking...) is covered in one place. The facts
come from one query; the pure rule in domain/justification.py decides. Outside the viewer's
own work the reason they gave is used: the X-Access-Reason header (percent-encoded UTF-8,
as encodeURIComponent writes it) or, on pages, the access_reason query parameter. A reason
given for a child holds for ACCESS_REASON_MINUTES (the rest of that consultation: the photo,
the live re-fetches), found in the viewer's own audit rows. None at all: 428."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from flask import current_app, g, has_app_context, has_request_context, request
from sqlalchemy import and_, exists, select

from .domain.errors import Invalid
from .domain.justification import (
    GIVEN,
    EpisodeFacts,
    JustificationRequired,
    Viewer,
    automatic,
    parse_reason,
)
from .models import AuditEntry, Child, Episode, Task, User

REASON_HEADER = "X-Access-Reason"
REASON_PARAM = "access_reason"
# The reason picker's free-text box (pages only): a few words beat a code picked beside them.
REASON_WORDS_PARAM = "access_reason_words"


def supplied_reason() -> str | None:
    """The reason this request carries, checked (Invalid: 422 for NUL, too long...)."""
    if not has_request_context():
        return None
    raw = request.headers.get(REASON_HEADER)
    if raw is not None and "%" in raw:
        try:
            raw = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            raise Invalid(f"The {REASON_HEADER} header is percent-encoded UTF-8 "
                          "(encodeURIComponent); this one is not.", field="access_reason"
                          ) from None
    if raw is None:
        raw = request.args.get(REASON_WORDS_PARAM) or request.args.get(REASON_PARAM)
    return parse_reason(raw)


def _facts(session, user: User, child_id: int) -> tuple[int | None, list[EpisodeFacts], bool]:
    """The child's organisation, its episodes as the viewer relates to them, and whether the
    viewer changed the record within ACCESS_REASON_MINUTES: one statement, because every
    audited view asks it (a round trip each was a third of a coordinator's desk request)."""
    since = datetime.now(UTC) - timedelta(minutes=current_app.config["ACCESS_REASON_MINUTES"])
    holds_task = exists().where(Task.episode_id == Episode.id,
                                Task.assignee_user_id == user.id)
    # Their own audit rows other than views (the index on user, child and time answers it).
    changed = exists().where(AuditEntry.user_id == user.id, AuditEntry.child_id == child_id,
                             AuditEntry.action != "view", AuditEntry.at >= since)
    rows = session.execute(
        select(Child.organisation_id, changed, Episode.id, Episode.reference, Episode.status,
               Episode.team_id, Episode.created_by_id == user.id, holds_task)
        .select_from(Child).outerjoin(Episode, Episode.child_id == Child.id)
        .where(Child.id == child_id)).all()
    if not rows:
        return None, [], False
    return rows[0][0], [EpisodeFacts(episode_id=r[2], reference=r[3], is_open=r[4] == "open",
                                     team_id=r[5], reported_by_viewer=bool(r[6]),
                                     viewer_holds_task=bool(r[7]))
                        for r in rows if r[2] is not None], bool(rows[0][1])


def _recent_reason(session, user: User, child_id: int) -> str | None:
    """A reason the viewer gave for this child a short while ago still holds."""
    since = datetime.now(UTC) - timedelta(minutes=current_app.config["ACCESS_REASON_MINUTES"])
    return session.execute(
        select(AuditEntry.justification)
        .where(and_(AuditEntry.user_id == user.id, AuditEntry.child_id == child_id,
                    AuditEntry.justification.startswith(GIVEN), AuditEntry.at >= since))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)).scalar_one_or_none()


def note_change(child_id: int) -> None:
    """A change to this child's data in this request (audit.record calls it): the view that
    reads the change back in the same request is part of it."""
    if has_app_context():
        g.setdefault("changed_children", set()).add(child_id)


def _changed_just_now(child_id: int) -> bool:
    return has_app_context() and child_id in g.get("changed_children", ())


def for_view(session, user: User, *, child_id: int, episode_id: int | None = None,
             view: str = "") -> str:
    """The justification to record for this view, or raise JustificationRequired."""
    organisation, episodes, changed_recently = _facts(session, user, child_id)
    viewer = Viewer(role=user.role, team_id=user.team_id, organisation_id=user.organisation_id)
    found = automatic(viewer, child_organisation_id=organisation, episodes=episodes,
                      consulted_episode_id=episode_id, view=view,
                      changed_just_now=_changed_just_now(child_id),
                      changed_recently=changed_recently)
    if found:
        return found
    given = supplied_reason() or _recent_reason(session, user, child_id)
    if given:
        return given
    raise JustificationRequired()
