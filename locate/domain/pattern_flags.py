"""Flags on a child's missing history, with thresholds that are the force's settings.

- repeat: at least N episodes reported in the last D days (default 3 in 90).
- lengthening: the median length of the latest episodes is a multiple of the earlier ones'.
- further away: the latest find was much further from where last seen than the earlier ones.
- risk window: the child came back recently, within the weeks after a return when their next
  episode has usually begun (their own median gap when they have enough history, else the
  setting: over half of first repeats follow within 4 weeks, Sidebottom et al. 2019).

Pure: episodes as plain values in, flags out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median


@dataclass(frozen=True)
class PastEpisode:
    reported_at: datetime
    found_at: datetime | None = None
    found_km: float | None = None  # from where last seen to where found


@dataclass(frozen=True)
class FlagSettings:
    repeat_count: int = 3
    repeat_days: int = 90
    lengthening_recent: int = 3
    lengthening_ratio: float = 1.5
    further_ratio: float = 2.0
    further_min_km: float = 1.0
    risk_window_days: int = 28
    # With at least this many gaps the child's own median gap sets the risk window.
    own_window_min_gaps: int = 3


@dataclass(frozen=True)
class Flag:
    key: str
    raised: bool
    label: str
    detail: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def flags(episodes: list[PastEpisode], *, now: datetime,
          settings: FlagSettings | None = None) -> list[Flag]:
    """Every flag, raised or not, each with the figures behind it."""
    settings = settings or FlagSettings()
    history = sorted((e for e in episodes if e.reported_at <= now), key=lambda e: e.reported_at)
    return [_repeat(history, now, settings), _lengthening(history, now, settings),
            _further(history, now, settings), _risk_window(history, now, settings)]


def _repeat(history, now, s) -> Flag:
    since = now - timedelta(days=s.repeat_days)
    count = sum(1 for e in history if e.reported_at > since)
    return Flag("repeat", count >= s.repeat_count, "Repeat missing",
                f"{count} episode{'s' if count != 1 else ''} in the last {s.repeat_days} days "
                f"(flag at {s.repeat_count})")


def hours(episode: PastEpisode) -> float:
    return (episode.found_at - episode.reported_at).total_seconds() / 3600


def _lengthening(history, now, s) -> Flag:
    ended = [hours(e) for e in history if e.found_at and e.found_at <= now]
    recent, earlier = ended[-s.lengthening_recent:], ended[:-s.lengthening_recent]
    if len(earlier) < 2 or not recent:
        return Flag("lengthening", False, "Episodes lengthening",
                    f"Needs {s.lengthening_recent + 2} ended episodes to compare "
                    f"({len(ended)} so far)")
    now_h, before_h = median(recent), median(earlier)
    raised = before_h > 0 and now_h >= s.lengthening_ratio * before_h
    return Flag("lengthening", raised, "Episodes lengthening",
                f"Latest {len(recent)}: median {now_h:.0f} h; before: median {before_h:.0f} h "
                f"(flag at {s.lengthening_ratio:g}x)")


def _further(history, now, s) -> Flag:
    found = [e.found_km for e in history
             if e.found_at and e.found_at <= now and e.found_km is not None]
    if len(found) < 3:
        return Flag("further", False, "Found further away",
                    f"Needs 3 finds with a place to compare ({len(found)} so far)")
    latest, before = found[-1], median(found[:-1])
    raised = latest >= s.further_min_km and latest >= s.further_ratio * max(before, 0.01)
    return Flag("further", raised, "Found further away",
                f"Last found {latest:.1f} km from where last seen; before: median "
                f"{before:.1f} km (flag at {s.further_ratio:g}x and {s.further_min_km:g} km)")


def gaps_days(history: list[PastEpisode]) -> list[float]:
    """Days from each return to the next report, in order."""
    return [(nxt.reported_at - prev.found_at).total_seconds() / 86400
            for prev, nxt in zip(history, history[1:], strict=False)
            if prev.found_at and nxt.reported_at >= prev.found_at]


def _risk_window(history, now, s) -> Flag:
    gaps = gaps_days(history)
    if len(gaps) >= s.own_window_min_gaps:
        window = median(gaps)
        basis = f"half of this child's next episodes began within {window:.0f} days of a return"
    else:
        window = float(s.risk_window_days)
        basis = (f"over half of repeat episodes begin within {s.risk_window_days} days of a "
                 "return (Sidebottom et al. 2019)")
    last = history[-1] if history else None
    if last is None or last.found_at is None or last.found_at > now:
        state = "missing now" if last is not None and last.found_at is None else "no returns yet"
        return Flag("risk_window", False, "In the weeks after a return", f"{state}; {basis}")
    since = (now - last.found_at).total_seconds() / 86400
    return Flag("risk_window", since <= window, "In the weeks after a return",
                f"Back {since:.0f} days; {basis}")
