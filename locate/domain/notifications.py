"""What a push notification says for an event. Lock screens are public: no child's name,
no address, only enough for the officer to open the app."""

from __future__ import annotations

_TITLES = {
    "task.assigned": "New task",
    "task.reassigned": "Task reassigned",
    "task.cancelled": "Task cancelled",
    "task.unassigned": "Task taken off you",
    "sighting.near": "Sighting near you",
    # Issue 10: every new episode reaches the duty inspector and the team's sergeants at once.
    "episode.created": "New missing child report",
}

_GRADE_WORDS = {"high": "High risk", "medium": "Medium risk", "low": "Low risk",
                "no_apparent_risk": "No apparent risk"}


def notification_for(message: dict) -> dict | None:
    """The notification for an event message, or None when it should not be pushed."""
    if message["type"] == "alert.raised":
        return alert_notification(message)
    if message["type"].startswith("escalation."):
        return _escalation_notification(message)
    title = _TITLES.get(message["type"])
    if title is None:
        return None
    payload = message.get("payload") or {}
    task = payload.get("task") or {}
    props = task.get("properties", {}) if isinstance(task, dict) else {}
    if message["type"] == "episode.created":
        # The police reference and the grade only: a lock screen never shows the child's name.
        props = payload.get("properties") or {}
        grade = _GRADE_WORDS.get(props.get("risk_grade"), "Not graded yet")
        body = f"{grade}: {props.get('reference', 'a new episode')}. Open LOCATE for details."
        episode_id = payload.get("id") or message.get("episode_id")
        url = f"/map?episode={episode_id}" if episode_id else "/map"
    elif message["type"].startswith("task."):
        task_id = task.get("id") or payload.get("task_id")
        body = f"{props.get('priority', 'normal').capitalize()} priority: {props.get('title', 'a task')}"
        url = f"/app/tasks/{task_id}" if task_id else "/app"
    else:
        metres = payload.get("distance_m")
        where = f" about {_distance_words(metres)} from you" if metres is not None else " near you"
        body = f"A sighting was recorded{where} for the episode you are working."
        task_id = payload.get("task_id")
        url = f"/app/tasks/{task_id}" if task_id else "/app"
    return {"title": title, "body": body, "url": url, "event_id": message["id"],
            "type": message["type"], "tag": f"{message['type']}:{message['id']}"}


def _distance_words(metres: float) -> str:
    """Rounded the way a person says it: 400 m, 1.2 km."""
    if metres < 1000:
        return f"{max(50, round(metres / 50) * 50):.0f} m"
    return f"{metres / 1000:.1f} km"


# --- the review clock's alerts (locate/clock/) ----------------------------------------------
# The episode's reference only: it names no one, and the officer opens the app for the rest.
_ALERT_TEXT = {
    "review_overdue": ("Review overdue", "The risk review of episode {ref} is overdue."),
    "review_overdue_inspector": ("Review still overdue",
                                 "The risk review of episode {ref} is still overdue."),
    "high_risk_unacknowledged": ("High risk: acknowledge",
                                 "Episode {ref} is graded high risk and awaits your "
                                 "acknowledgement."),
    "rhi_overdue": ("Return interview overdue",
                    "The return home interview for episode {ref} is overdue."),
    # escalation_unanswered has no lock-screen text of its own: raising it sends the
    # escalation up, and escalation.escalated pushes the same senior officers (one push).
}


def alert_notification(message: dict) -> dict | None:
    """The lock-screen text of an alert: its kind and the episode's reference, never the
    alert's own message (which the page shows, behind the sign-in)."""
    alert = (message.get("payload") or {}).get("alert") or {}
    text = _ALERT_TEXT.get(alert.get("kind"))
    if text is None:
        return None
    title, body = text
    episode_id = alert.get("episode_id")
    return {"title": title, "body": body.format(ref=alert.get("reference") or "of your team"),
            "url": f"/map?episode={episode_id}" if episode_id else "/map",
            "event_id": message["id"], "type": message["type"],
            "tag": f"alert:{alert.get('key', message['id'])}"}
# --- Escalations (issue 10, c5): the episode's reference, never the child's name ------------
_ESCALATION_WORDS = {
    "escalation.raised": ("Escalation to decide",
                          "{who} disagrees with a decision on episode {ref}. Open to decide."),
    "escalation.escalated": ("Escalation sent up to you",
                             "An escalation on episode {ref} was not decided in time."),
    "escalation.decided": ("Escalation decided",
                           "Your escalation on episode {ref} has a decision. Open to read it."),
}


def _escalation_notification(message: dict) -> dict | None:
    words = _ESCALATION_WORDS.get(message["type"])
    if words is None:
        return None
    escalation = (message.get("payload") or {}).get("escalation") or {}
    who = "A carer" if escalation.get("direction") == "carer_to_police" else "A police officer"
    body = words[1].format(who=who, ref=escalation.get("episode_reference") or "(none)")
    return {"title": words[0], "body": body, "url": f"/escalations/{escalation.get('id')}",
            "event_id": message["id"], "type": message["type"],
            "tag": f"{message['type']}:{message['id']}"}
