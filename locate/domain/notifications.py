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
