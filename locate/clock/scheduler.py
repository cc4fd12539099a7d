"""The clock's process: APScheduler runs the tick every CLOCK_TICK_SECONDS
(docs/decisions.md "The review clock's scheduler" says why APScheduler).

Run as a process of its own (`flask --app app clock`), never inside the web workers: a
gunicorn worker is restarted, scaled and killed for reasons of its own. Several clock
processes against one database are safe (tick.py's lock and the unique key): run two for
availability if you like.
"""

from __future__ import annotations

import contextlib
import logging
import os
from datetime import UTC, datetime

from .tick import tick

log = logging.getLogger(__name__)


def tick_now(app) -> None:
    """One tick at the real time, in an app context of its own; a failure is logged and the
    next tick tries again (it looks at everything due, so nothing is lost)."""
    from ..extensions import db

    with app.app_context():
        try:
            tick(db.session, now=datetime.now(UTC), config=app.config)
        except Exception:  # noqa: BLE001 - the database away: the next tick catches up
            log.exception("review clock tick failed; the next tick will catch up")
            db.session.rollback()
        finally:
            db.session.remove()


def run(app, *, tick_seconds: int, parent_pid: int | None = None) -> None:
    """Tick now and every tick_seconds until stopped (SIGTERM, Ctrl-C, or parent_pid gone)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=UTC)
    # One tick at a time in this process; a tick that could not run on time runs once, late,
    # rather than several times in a row (coalesce), whatever the delay (no grace limit).
    scheduler.add_job(tick_now, "interval", args=[app], seconds=tick_seconds,
                      next_run_time=datetime.now(UTC), max_instances=1, coalesce=True,
                      misfire_grace_time=None, id="review-clock")
    if parent_pid:
        # bin/run starts the clock, then execs the web server in its own process: when that
        # ends, the clock is handed to another parent, and stops.
        if os.getppid() != parent_pid:
            log.info("review clock: process %s, which started it, has already gone", parent_pid)
            return

        def watch_parent():
            if os.getppid() != parent_pid:
                log.info("review clock: process %s, which started it, has gone", parent_pid)
                scheduler.shutdown(wait=False)

        scheduler.add_job(watch_parent, "interval", seconds=1, id="watch-parent")
    log.info("review clock: a tick every %s s", tick_seconds)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):  # Ctrl-C: stop quietly
        scheduler.start()
