"""One pass of the review clock: every alert due up to `now`, raised once, in one commit.

`now` is a parameter so that a test (or a drill) moves the clock instead of waiting for it.
Each tick looks at everything whose cause holds at `now`, not at what changed since the last
tick: a clock that was stopped over a due time raises it on its first tick back, and the
unique key keeps that to once.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from . import fire
from .sources import SOURCES, Source

log = logging.getLogger(__name__)

# pg_try_advisory_xact_lock's key: one number for "the review clock" in this database, held
# until the tick's transaction ends, so two clock processes take turns instead of racing.
LOCK_KEY = zlib.crc32(b"locate.review_clock")


@dataclass
class TickResult:
    ran: bool                       # False: another process held the lock (its tick does it)
    raised: list = field(default_factory=list)    # AlertRow values inserted by this tick
    resolved: list = field(default_factory=list)  # AlertRow values this tick closed


def tick(session, *, now: datetime, config, sources: tuple[Source, ...] = SOURCES) -> TickResult:
    """Raise what fell due by `now` and resolve what no longer holds; commits once."""
    if now.tzinfo is None:
        raise ValueError("the clock's now needs a time zone")
    if not session.execute(select(func.pg_try_advisory_xact_lock(LOCK_KEY))).scalar():
        session.rollback()
        return TickResult(ran=False)
    due = []
    for source in sources:
        due.extend(source.find(session, now=now, config=config))
    hooks = {kind: s.on_fire for s in sources if s.on_fire for kind in s.kinds}
    raised = fire.fire(session, due, now=now, hooks=hooks)
    kinds = frozenset().union(*(s.kinds for s in sources))
    resolved = fire.resolve(session, current_keys={a.key for a in due}, kinds=kinds, now=now)
    session.commit()
    if raised or resolved:
        log.info("review clock at %s: %d raised, %d resolved", now.isoformat(), len(raised),
                 len(resolved))
    return TickResult(ran=True, raised=raised, resolved=resolved)
