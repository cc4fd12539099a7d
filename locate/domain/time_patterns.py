"""When a child goes missing and for how long: day of week and hour (in the force's time zone),
episode lengths and the gaps between episodes. Pure: times in, counts and figures out."""

from __future__ import annotations

from datetime import datetime
from statistics import median
from zoneinfo import ZoneInfo

from .pattern_flags import PastEpisode, gaps_days, hours

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def _summary(values: list[float]) -> dict:
    return {"count": len(values), "median": median(values) if values else None,
            "p90": _quantile(values, 0.9), "max": max(values) if values else None}


def time_patterns(episodes: list[PastEpisode], *, timezone: str) -> dict:
    """Counts by weekday x hour of the time reported, and summaries of lengths and gaps."""
    zone = ZoneInfo(timezone)
    grid = [[0] * 24 for _ in WEEKDAYS]
    for episode in episodes:
        local: datetime = episode.reported_at.astimezone(zone)
        grid[local.weekday()][local.hour] += 1
    history = sorted(episodes, key=lambda e: e.reported_at)
    lengths = [hours(e) for e in history if e.found_at]
    gaps = gaps_days(history)
    return {
        "timezone": timezone,
        "weekdays": list(WEEKDAYS),
        "weekday_hour": grid,
        "by_weekday": [sum(row) for row in grid],
        "by_hour": [sum(row[h] for row in grid) for h in range(24)],
        "duration_hours": _summary(lengths),
        "gap_days": _summary(gaps),
        "gaps": [round(g, 1) for g in gaps],
    }
