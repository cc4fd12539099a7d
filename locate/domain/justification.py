"""Why a child's record is being consulted (DPA 2018 s.62): the pure rule.

The principle: no prompt for people doing their job on the record, a prompt for anyone
browsing outside it. A viewer works on the record, and the justification is written for them,
when one of these holds (checked in this order, the first that holds is recorded):

0. the viewer's own change: the view reads back what the same request just wrote (a new
   child's card after creating it, the profile after saving it);
1. carer: a partner reads a child of their own organisation (the children they look after);
2. the consulted episode itself: the viewer holds (or held) a task on it, or reported it,
   whether it is still open or not (they are reading back their own work);
3. an open episode of the child: the viewer holds a task on it, or reported it, or is a
   team officer (constable, sergeant, inspector) of the episode's team, or is a force-wide
   role (coordinator, admin) who oversees every open episode;
4. analysis: a force-wide role on an analysis view (the coordinator's desk: a child's history
   across episodes, "check these first", distance rings) -- analysing repeat episodes is the
   coordinator's job, and those views are aggregates of the record, not browsing of it.

Anything else (a closed episode nobody asked the viewer to work on, a child with no open
episode opened from a list) needs a reason from the viewer: one of vocab.ACCESS_REASONS or a
few words of their own, checked by parse_reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import DomainError, Invalid
from .permissions import FORCE_WIDE, TEAM_SCOPED
from .vocab import ACCESS_REASON_LABELS

# Audit entities that are analysis views (rule 4).
ANALYSIS_VIEWS = frozenset({"child_history", "child_map", "ranking", "distance_rings"})

REASON_MIN = 3
REASON_MAX = 200
AUTO = "auto: "
GIVEN = "given: "


@dataclass(frozen=True)
class Viewer:
    role: str
    team_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class EpisodeFacts:
    """One episode of the consulted child, as it concerns the viewer."""

    reference: str
    is_open: bool
    team_id: int
    reported_by_viewer: bool = False
    viewer_holds_task: bool = False
    episode_id: int | None = None


def _own_work(e: EpisodeFacts) -> str | None:
    if e.viewer_holds_task:
        return f"{AUTO}holds a task on episode {e.reference}"
    if e.reported_by_viewer:
        return f"{AUTO}reported episode {e.reference}"
    return None


def automatic(viewer: Viewer, *, child_organisation_id: int | None,
              episodes: Sequence[EpisodeFacts], consulted_episode_id: int | None = None,
              view: str = "", changed_just_now: bool = False,
              changed_recently: bool = False) -> str | None:
    """The justification recorded for the viewer without asking, or None (ask them).
    `changed_recently`: the viewer changed this child's record a short while ago (closing
    the episode, recording the interview): reading it back is the same piece of work."""
    if changed_just_now:
        return f"{AUTO}reading back the change just made"
    if changed_recently:
        return f"{AUTO}continuing their own recent change to the record"
    if viewer.role == "partner":
        if viewer.organisation_id is not None and viewer.organisation_id == child_organisation_id:
            return f"{AUTO}carer of the child (own organisation)"
        return None
    consulted = [e for e in episodes if e.episode_id is not None
                 and e.episode_id == consulted_episode_id]
    for e in consulted:
        own = _own_work(e)
        if own:
            return own
    for e in sorted((e for e in episodes if e.is_open),
                    key=lambda e: e.episode_id != consulted_episode_id):
        own = _own_work(e)
        if own:
            return own
        if viewer.role in TEAM_SCOPED and e.team_id == viewer.team_id:
            return f"{AUTO}open episode {e.reference} of the viewer's team"
        if viewer.role in FORCE_WIDE:
            return f"{AUTO}open episode {e.reference} (force-wide oversight)"
    if viewer.role in FORCE_WIDE and view in ANALYSIS_VIEWS:
        return f"{AUTO}analysis of repeat episodes"
    return None


def parse_reason(text: str | None) -> str | None:
    """The reason a viewer gave, as recorded ("given: ..."), or None when they gave none.
    One of ACCESS_REASONS (recorded by its label) or a few words of their own."""
    if text is None:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise Invalid("The reason may not contain control characters.", field="access_reason")
    text = " ".join(text.split())
    if not text:
        return None
    if text in ACCESS_REASON_LABELS:
        return GIVEN + ACCESS_REASON_LABELS[text]
    if len(text) < REASON_MIN:
        raise Invalid(f"Say why in a few words (at least {REASON_MIN} characters), or pick "
                      "one of the reasons offered.", field="access_reason")
    if len(text) > REASON_MAX:
        raise Invalid(f"The reason is too long: at most {REASON_MAX} characters.",
                      field="access_reason")
    return GIVEN + text


class JustificationRequired(DomainError):
    """The record is outside the viewer's own work: they must say why before it opens."""

    status = 428

    def __init__(self):
        super().__init__(
            "Say why you are opening this record: it is outside the episodes and tasks you "
            "work on (the law asks for the reason of each consultation). Send one of the "
            "reasons offered, or a few words, as the X-Access-Reason header.",
            reasons=[[k, v] for k, v in ACCESS_REASON_LABELS.items()])
