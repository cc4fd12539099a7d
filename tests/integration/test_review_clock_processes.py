"""The review clock as it runs: real `flask clock` processes against a database of their own
(rows really committed). Two processes ticking at once fire each alert once; the unique key
holds even without the lock; a clock stopped over a due time sends it once when it is back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from locate import create_app
from locate.clock import fire
from locate.clock.sources import reviews
from locate.models import AlertRow, AuditEntry, Child, Event, Team
from tests import databases, factories

pytestmark = pytest.mark.slow  # each clock process imports the app: a few seconds apiece

ROOT = Path(__file__).resolve().parents[2]
DUE = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


@pytest.fixture(scope="module")
def clock_db():
    with databases.seeded_database("locate_clock") as (url, ids):
        engine = sa.create_engine(url, poolclass=NullPool)
        yield url, ids, engine
        engine.dispose()


def _episode(engine, ids, *, due: datetime) -> int:
    with sa.orm.Session(engine) as s:
        child = s.get(Child, ids["child_a"])
        team = s.get(Team, ids["team_a"])
        row = factories.episode(s, child_row=child, team_row=team, reported_at=DUE)
        row.next_review_due = due
        s.commit()
        return row.id


def _counts(engine, episode_id: int) -> tuple[int, int, int]:
    """(alerts, alert.raised events, audit rows of their raising) for one episode."""
    with engine.connect() as c:
        alerts = c.execute(sa.select(AlertRow.id).where(AlertRow.episode_id == episode_id)
                           ).scalars().all()
        raised = c.execute(sa.select(sa.func.count(Event.id)).where(
            Event.type == "alert.raised", Event.episode_id == episode_id)).scalar()
        audited = c.execute(sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.entity == "alert", AuditEntry.action == "create",
            AuditEntry.entity_id.in_([str(a) for a in alerts] or ["-"]))).scalar()
    return len(alerts), raised, audited


def _env(url: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": url, "MIGRATION_DATABASE_URL": url,
            "SOCKETIO_MESSAGE_QUEUE": "", "PYTHONUNBUFFERED": "1", **extra}


def _clock(url: str, *args: str, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "clock", *args],
                            cwd=ROOT, env=_env(url, **env), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _running_clock(url: str) -> subprocess.Popen:
    """`flask clock` as bin/run starts it, ticking every second."""
    return _clock(url, CLOCK_TICK_SECONDS="1")


def test_two_clock_processes_fire_each_alert_once(clock_db):
    url, ids, engine = clock_db
    episode_id = _episode(engine, ids, due=DUE)
    for minutes, expected in ((1, 1), (31, 2)):  # the sergeants, then the inspector
        now = (DUE + timedelta(minutes=minutes)).isoformat()
        procs = [_clock(url, "--once", "--now", now) for _ in range(2)]
        outputs = [p.communicate(timeout=120)[0] for p in procs]
        assert all(p.returncode == 0 for p in procs), outputs
        raised = sum(int(line.split("raised=")[1].split()[0])
                     for out in outputs for line in out.splitlines() if "raised=" in line)
        assert raised == 1, outputs  # one of the two raised it, whichever ticked first
        assert _counts(engine, episode_id) == (expected, expected, expected)


def test_the_unique_key_holds_without_the_lock(clock_db):
    """Two transactions on two connections insert the same alerts at the same moment (no
    advisory lock): the second waits for the first and inserts nothing."""
    url, ids, engine = clock_db
    episode_id = _episode(engine, ids, due=DUE)
    app = create_app(databases.app_config(url))
    with sa.orm.Session(engine) as s:
        due = list(reviews.find(s, now=DUE + timedelta(minutes=40), config=app.config))
    due = [a for a in due if a.episode_id == episode_id]
    assert len(due) == 2
    start = threading.Barrier(2)
    raised, errors = [], []

    def fire_all():
        try:
            with app.app_context(), sa.orm.Session(engine) as s:
                start.wait(timeout=30)
                raised.append(len(fire.fire(s, due, now=DUE + timedelta(minutes=40))))
                s.commit()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=fire_all) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and sorted(raised) == [0, 2]
    assert _counts(engine, episode_id) == (2, 2, 2)


def _wait_for(condition, what: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the clock exited before {what}: {proc.stdout.read()}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)


def test_a_clock_stopped_over_a_due_time_sends_it_once_when_back(clock_db):
    url, ids, engine = clock_db
    real_now = datetime.now(UTC)
    before = _episode(engine, ids, due=real_now - timedelta(minutes=1))
    clock = _running_clock(url)
    try:
        _wait_for(lambda: _counts(engine, before)[0] == 1, "the first alert", clock)
    finally:
        _stop(clock)
    # Stopped: a review falls due meanwhile.
    during = _episode(engine, ids, due=datetime.now(UTC) - timedelta(seconds=1))
    assert _counts(engine, during) == (0, 0, 0)
    clock = _running_clock(url)
    try:
        _wait_for(lambda: _counts(engine, during)[0] == 1, "the missed alert", clock)
        # A later lapse raised too proves the clock ticked again after the catch-up.
        after = _episode(engine, ids, due=datetime.now(UTC) - timedelta(seconds=1))
        _wait_for(lambda: _counts(engine, after)[0] == 1, "a later alert", clock)
    finally:
        _stop(clock)
    assert _counts(engine, before) == (1, 1, 1)
    assert _counts(engine, during) == (1, 1, 1)


def test_a_clock_started_by_bin_run_ends_with_it(clock_db):
    """--parent-pid: the clock stops when the process that started it has gone (bin/run
    passes its own pid, then execs the web server). The parent here waits until the clock
    is ticking, then ends."""
    url, ids, engine = clock_db
    ticked = _episode(engine, ids, due=datetime.now(UTC) - timedelta(seconds=1))
    parent = subprocess.Popen(
        ["bash", "-c", f'"{sys.executable}" -m flask --app app clock --parent-pid $$ '
         '>/dev/null 2>&1 & echo $!; read -r _'],
        cwd=ROOT, env=_env(url, CLOCK_TICK_SECONDS="1"), stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    _wait_for(lambda: _counts(engine, ticked)[0] == 1, "the clock to tick", parent)
    parent.communicate("\n", timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGTERM)
    raise AssertionError("the clock outlived the process that started it")
