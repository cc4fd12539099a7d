"""Pages for escalations, found and closed, and the return home interview (phone first), and
grading against outcome (desk). Shells: the browser reads and writes through the JSON API, and
the server checks here only what decides whether the page makes sense (role, record in scope)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from .. import access, geo
from ..domain.errors import Invalid
from ..domain.permissions import allowed
from ..domain.vocab import (
    ESCALATION_OUTCOMES,
    ESCALATION_SUBJECTS,
    FOUND_BY,
    FOUND_PLACE_KINDS,
    HARM_SUFFERED,
    PLACE_KINDS,
    display_pairs,
)
from ..extensions import db

bp = Blueprint("casework_pages", __name__)


def _config(**values) -> str:
    return json.dumps({"tile_url": current_app.config["TILE_URL"],
                       "tile_attribution": current_app.config["TILE_ATTRIBUTION"],
                       "user_id": current_user.id, "role": current_user.role, **values})


def _episode_facts(episode) -> dict:
    """What the page heading shows; reading the episode itself is the API's audited view."""
    last_seen = geo.from_db(episode.last_seen_geom)
    return {"id": episode.id, "reference": episode.reference, "status": episode.status,
            "last_seen": [last_seen.x, last_seen.y], "child_id": episode.child_id}


@bp.get("/escalations/new")
def escalation_new():
    """A carer escalates a decision on their child's episode (police: a placement concern)."""
    access.require(current_user, "escalation.create")
    try:
        episode_id = int(request.args.get("episode", ""))
    except ValueError:
        raise Invalid("Open this page from an episode (?episode=<id>).") from None
    episode = access.get_episode(db.session, current_user, episode_id)
    carer = current_user.role == "partner"
    return render_template("casework/escalation_new.html", episode=episode, carer=carer,
                           config=_config(episode_id=episode.id,
                                          subjects=display_pairs(ESCALATION_SUBJECTS)))


@bp.get("/escalations/<int:escalation_id>")
def escalation_view(escalation_id: int):
    """The escalation and its timeline; the decision form for whoever decides it."""
    access.require(current_user, "escalation.view")
    row = access.get_escalation(db.session, current_user, escalation_id)  # 404 outside scope
    return render_template("casework/escalation.html", escalation_id=row.id,
                           config=_config(escalation_id=row.id,
                                          subjects=display_pairs(ESCALATION_SUBJECTS),
                                          outcomes=display_pairs(ESCALATION_OUTCOMES),
                                          can_respond=allowed(current_user.role,
                                                              "escalation.respond"),
                                          can_answer=allowed(current_user.role,
                                                             "escalation.answer")))


@bp.get("/episodes/<int:episode_id>/found")
def found(episode_id: int):
    """Mark the child found (time, place on the map, kind, by whom, condition, harm), then
    close with whether a return home interview was referred."""
    access.require(current_user, "episode.update")
    episode = access.get_episode(db.session, current_user, episode_id)
    facts = _episode_facts(episode)
    return render_template("casework/found.html", episode=episode,
                           config=_config(episode=facts,
                                          place_kinds=display_pairs(FOUND_PLACE_KINDS),
                                          found_by=display_pairs(FOUND_BY),
                                          harm=display_pairs(HARM_SUFFERED)))


@bp.get("/episodes/<int:episode_id>/return-home-interview")
def interview(episode_id: int):
    """What the child said, where they were (taps on the map) and with whom."""
    access.require(current_user, "rhi.create")
    episode = access.get_episode(db.session, current_user, episode_id)
    facts = _episode_facts(episode)
    return render_template("casework/interview.html", episode=episode,
                           config=_config(episode=facts, place_kinds=display_pairs(PLACE_KINDS),
                                          child_id=episode.child_id))


@bp.get("/desk/grading-outcome")
def grading_outcome():
    """Grading against outcome, month by month (outcome.view)."""
    access.require(current_user, "outcome.view")
    return render_template("casework/grading_outcome.html", config=_config())
