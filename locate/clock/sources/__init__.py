"""Where the clock looks for what fell due: every source in SOURCES runs on every tick.

A source is a Source value: the alert kinds it owns and a function
find(session, *, now, config) -> iterable of domain.alerts.Alert, returning every alert of
those kinds whose cause holds at `now` (not only new ones: the unique key skips those already
raised, and an open alert of its kinds that it no longer returns is resolved). To add one,
write a module beside these and append its SOURCE here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...domain.alerts import ALERT_KINDS, Alert


@dataclass(frozen=True)
class Source:
    name: str
    kinds: frozenset[str]
    find: Callable[..., Iterable[Alert]]
    # Called as on_fire(session, alert, now) in the tick's transaction when one of this
    # source's alerts is raised (not when it was raised before): what the alert sets moving.
    on_fire: Callable | None = None

    def __post_init__(self):
        unknown = self.kinds - set(ALERT_KINDS)
        if unknown:
            raise ValueError(f"source {self.name}: unknown alert kinds {sorted(unknown)}")


def _all() -> tuple[Source, ...]:
    from . import escalations, high_risk, interviews, reviews

    return (reviews.SOURCE, high_risk.SOURCE, escalations.SOURCE, interviews.SOURCE)


SOURCES: tuple[Source, ...] = _all()
