"""The coordinator's desk at scale: import-history of a generated year, one child's full
analysis beside its bare SQL, and the backtest on that history (which the demo did not make).

1. Writes a history file (bench/history_file.py; --episodes 330000 is a national year) and
   loads it with import-history into its own database `locate_bench_child_desk`, timed; then loads
   it again (idempotent: nothing added), timed.
2. One child's full analysis for BENCH-100 (100 episodes): the timeline, flags and time
   patterns (analysis.child_history.analyse) plus "check these first" for its latest episode
   (analysis.ranking.ranked), --runs times, beside the bare SQL of the same queries (the
   episodes, the profile and the clustered evidence) run in the same process: p50, p95, ratio.
3. The backtest on the latest --backtest episodes of this history.

    .venv/bin/python bench/bench_child_desk.py --episodes 330000

Not a test: nothing here passes or fails the pytest run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LOCATE_ENV", "test")

from bench.bench_map_query import bench_app, machine, percentile  # noqa: E402
from bench.history_file import write  # noqa: E402
from bench.report import write_section  # noqa: E402

TEAM_SQL = ("INSERT INTO teams (code, name, area) VALUES ('NAT', 'National bench', "
            "ST_Multi(ST_MakeEnvelope(-6, 49.9, 2, 55.8, 4326)))")


def load(session, episodes: int) -> list[str]:
    """Step 1: write a history file, load it, load it again; the lines reporting both."""
    from locate.analysis import history_import

    session.execute(sa.text(TEAM_SQL))
    session.commit()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.csv"
        t0 = time.perf_counter()
        rows = write(path, episodes=episodes)
        made = time.perf_counter() - t0
        data = path.read_bytes()
    t0 = time.perf_counter()
    report = history_import.load(session, data=data, username="bench")
    first = time.perf_counter() - t0
    assert report.committed, report.errors[:5]
    t0 = time.perf_counter()
    again = history_import.load(session, data=data, username="bench")
    second = time.perf_counter() - t0
    loaded = ", ".join(f"{n:,} {what}" for what, n in report.loaded.items())
    return [f"**import-history** of a generated year: {rows:,} rows "
            f"({len(data) / 1e6:.0f} MB CSV, written in {made:.0f} s): loaded in "
            f"**{first:.0f} s** ({loaded}). The same file again: {second:.0f} s, "
            f"{again.loaded['episodes']} episodes added "
            f"({again.already_loaded:,} already loaded).", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=330_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--backtest", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database a previous run loaded (skip step 1)")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile's top functions of the one-child analysis")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from locate.analysis import child_history, distance_tables, ranking
    from locate.analysis.ranking_settings import ranking_settings
    from locate.extensions import db
    from locate.models import Episode

    app, _url = bench_app("locate_bench_child_desk", reuse=args.reuse)
    lines: list[str] = [f"Machine: {machine()}.", ""]
    with app.app_context():
        upgrade()
        if args.reuse:
            lines += ["The history was loaded by an earlier run (--reuse); its import figures "
                      "are that run's.", ""]
        else:
            lines += load(db.session, args.episodes)

        child_id = db.session.execute(sa.text(
            "SELECT id FROM children WHERE reference = 'BENCH-100'")).scalar()
        latest = db.session.execute(sa.select(Episode).where(Episode.child_id == child_id)
                                    .order_by(Episode.reported_at.desc()).limit(1)).scalar()
        as_of, latest_id = latest.reported_at, latest.id
        config = app.config

        def full():
            child_history.analyse(db.session, child_id, config=config)
            ranking.ranked(db.session, episode=latest, as_of=as_of, config=config)
            db.session.rollback()

        coordinator = bench_coordinator(db.session)

        def use_cases():
            # What the desk's two API calls run: access check, s.62 justification, the
            # analysis, an audit row and a commit each (HTTP and the session lookup are the
            # signed-in floor measured in bench_signed_in_floor.py).
            with app.test_request_context():
                child_history.history(db.session, actor=coordinator, child_id=child_id)
                ranking.for_episode(db.session, actor=coordinator, episode_id=latest_id,
                                    as_of=as_of)

        params = {"child": child_id, "episode": latest.id, "as_of": as_of,
                  "eps": config["CLUSTER_RADIUS_M"],
                  "near_m": ranking_settings(config).last_seen_radius_m}
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        compiled = [
            (str(child_history.EPISODES_SQL.compile(dialect=db.engine.dialect)), params),
            (str(child_history.PROFILE_SQL.compile(dialect=db.engine.dialect)), params),
            (str(ranking.EVIDENCE_SQL.compile(dialect=db.engine.dialect)), params),
            # The table in force, read once per ranking.
            (str(distance_tables.LATEST.compile(dialect=db.engine.dialect,
                                                compile_kwargs={"literal_binds": True})), {}),
        ]

        def bare():
            for sql, p in compiled:
                cursor.execute(sql, p)
                cursor.fetchall()
            raw.rollback()

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(lambda: [full() for _ in range(args.runs)])
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        app_ms, app_cpu = timed_cpu(full, args.runs)
        raw_ms, raw_cpu = timed_cpu(bare, args.runs)
        case_ms, case_cpu = timed_cpu(use_cases, args.runs)
        a50, a95 = percentile(app_ms, 0.5), percentile(app_ms, 0.95)
        r50, r95 = percentile(raw_ms, 0.5), percentile(raw_ms, 0.95)
        c50, c95 = percentile(case_ms, 0.5), percentile(case_ms, 0.95)
        loadavg = os.getloadavg()
        lines += ["**One child's full analysis** (BENCH-100: 100 episodes, among all the "
                  "history above): timeline, flags, time patterns and the ranked list, in the "
                  f"app's code, beside the bare SQL of the same {len(compiled)} queries, "
                  f"{args.runs} runs "
                  f"each (load average {loadavg[0]:.1f} / {loadavg[1]:.1f} / {loadavg[2]:.1f} at the "
                  "end). CPU is this process's own time per run (Python; the server's work "
                  "is not in it), the figure a shared machine disturbs least.", "",
                  "| | statements | p50 | p95 | p50 ratio to bare SQL | CPU per run |",
                  "|---|---:|---:|---:|---:|---:|",
                  f"| bare SQL (psycopg2) | {len(compiled)} | {r50:.1f} ms | {r95:.1f} ms | 1 | "
                  f"{raw_cpu:.1f} ms |",
                  f"| app (analyse + ranked) | {case_statements(full, db.engine)} | {a50:.1f} ms | "
                  f"{a95:.1f} ms | "
                  f"{a50 / r50:.2f} | {app_cpu:.1f} ms |",
                  f"| the desk's two use cases as a coordinator (access, justification, "
                  f"audit row and commit each) | {case_statements(use_cases, db.engine)} | "
                  f"{c50:.1f} ms | {c95:.1f} ms | {c50 / r50:.2f} | {case_cpu:.1f} ms |", ""]

        if args.backtest:
            lines += backtest_lines(db.session, args.backtest, config)
        db.session.remove()
        db.engine.dispose()
    print("\n".join(lines))
    if not args.no_write:
        write_section("desk-child", "Coordinator's desk: import, one child's analysis, backtest "
                      "(bench/bench_child_desk.py)", lines)


def timed_cpu(fn, runs: int, warmup: int = 5) -> tuple[list[float], float]:
    """Wall times (ms) of each run, and this process's mean CPU time per run (ms)."""
    for _ in range(warmup):
        fn()
    walls, cpu = [], time.process_time()
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t0) * 1000)
    return walls, (time.process_time() - cpu) * 1000 / runs


def bench_coordinator(session):
    """A force-wide coordinator to run the desk's use cases as (made once, kept on reuse)."""
    from locate.models import User

    user = session.execute(sa.select(User).where(User.username == "bench-coordinator")).scalar()
    if user is None:
        user = User(username="bench-coordinator", password_hash="!", role="coordinator",
                    display_name="Bench coordinator")
        session.add(user)
        session.commit()
    return user


def case_statements(call, engine) -> int:
    """How many statements one run of `call` sends (the audit rows' inserts included)."""
    count = 0

    def seen(*_args):
        nonlocal count
        count += 1

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    return count


def backtest_lines(session, episodes: int, config) -> list[str]:
    from locate.analysis import backtest

    t0 = time.perf_counter()
    result = backtest.run(session, limit_episodes=episodes, config=config)
    return [f"**Backtest on this generated history** (the latest {episodes:,} "
            f"qualifying episodes, {time.perf_counter() - t0:.0f} s). The generator's "
            "assumptions are in bench/history_file.py: habitual places that change now "
            "and then, a quarter of episodes ending at home, the rest somewhere new. "
            "It is not the demo's generator, but it is still ours: read it as a check "
            "that the ranking learns habits when they exist, not as a real-world figure.",
            "", *backtest.markdown(result)]


if __name__ == "__main__":
    main()
