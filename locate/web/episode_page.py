"""The episode page (its header and live timeline) and the briefing sheet for the street.

Both are server-rendered from the same services as the API. A record outside the viewer's
own work asks why first (locate/justification.py): the reason picker, then the record."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from ..domain.episode_actions import action_url, actions_for
from ..domain.justification import JustificationRequired
from ..domain.permissions import allowed
from ..domain.vocab import ACCESS_REASON_LABELS
from ..extensions import db
from ..justification import REASON_PARAM, REASON_WORDS_PARAM
from ..services import briefing, timeline

bp = Blueprint("episode_page", __name__)


def reason_picker(title: str):
    """Why are you opening this record? Answered with the same URL and the reason."""
    db.session.rollback()
    return render_template("web/episode/reason.html", title=title,
                           reasons=ACCESS_REASON_LABELS, param=REASON_PARAM,
                           words_param=REASON_WORDS_PARAM, action=request.path), 428


def _reason_query() -> str:
    """The reason this page was opened with, for the links and fetches it makes."""
    given = request.args.get(REASON_WORDS_PARAM) or request.args.get(REASON_PARAM)
    return given.strip() if given else ""


@bp.get("/episodes/<int:episode_id>")
def episode(episode_id: int):
    try:
        data = timeline.for_episode(db.session, actor=current_user, episode_id=episode_id)
    except JustificationRequired:
        return reason_picker("Open this episode")
    actions = [(key, label, action_url(key, episode_id))
               for key, label in actions_for(current_user.role, data["status"])]
    if allowed(current_user.role, "child.transfer"):
        # Issue 10: the profile moves with the child (web/placement_page.py).
        reason = _reason_query()
        actions.append(("placement", "Placement is changing",
                        url_for("placement_page.placement", child_id=data["child_id"],
                                episode=episode_id,
                                **({REASON_WORDS_PARAM: reason} if reason else {}))))
    config = {"episode_id": episode_id, "timezone": current_app.config["DISPLAY_TIMEZONE"],
              "reason": _reason_query()}
    return render_template("web/episode/page.html", e=data, actions=actions,
                           config=json.dumps(config))


@bp.get("/episodes/<int:episode_id>/briefing")
def briefing_sheet(episode_id: int):
    try:
        sheet = briefing.for_episode(db.session, actor=current_user, episode_id=episode_id)
    except JustificationRequired:
        return reason_picker("Open this briefing sheet")
    return render_template("web/episode/briefing.html", s=sheet)
