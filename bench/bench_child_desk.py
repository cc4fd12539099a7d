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

from bench.bench_map_query import bench_app, machine, percentile, timed  # noqa: E402
from bench.history_file import write  # noqa: E402
from bench.report import write_section  # noqa: E402

TEAM_SQL = ("INSERT INTO teams (code, name, area) VALUES ('NAT', 'National bench', "
            "ST_Multi(ST_MakeEnvelope(-6, 49.9, 2, 55.8, 4326)))")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=330_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--backtest", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from locate.analysis import backtest, child_history, history_import, ranking
    from locate.extensions import db
    from locate.models import Episode

    app, _url = bench_app("locate_bench_child_desk", reuse=False)
    lines: list[str] = [f"Machine: {machine()}.", ""]
    with app.app_context():
        upgrade()
        db.session.execute(sa.text(TEAM_SQL))
        db.session.commit()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "history.csv"
            t0 = time.perf_counter()
            rows = write(path, episodes=args.episodes)
            made = time.perf_counter() - t0
            data = path.read_bytes()
        t0 = time.perf_counter()
        report = history_import.load(db.session, data=data, username="bench")
        first = time.perf_counter() - t0
        assert report.committed, report.errors[:5]
        t0 = time.perf_counter()
        again = history_import.load(db.session, data=data, username="bench")
        second = time.perf_counter() - t0
        loaded = ", ".join(f"{n:,} {what}" for what, n in report.loaded.items())
        lines += [f"**import-history** of a generated year: {rows:,} rows "
                  f"({len(data) / 1e6:.0f} MB CSV, written in {made:.0f} s): loaded in "
                  f"**{first:.0f} s** ({loaded}). The same file again: {second:.0f} s, "
                  f"{again.loaded['episodes']} episodes added "
                  f"({again.already_loaded:,} already loaded).", ""]

        child_id = db.session.execute(sa.text(
            "SELECT id FROM children WHERE reference = 'BENCH-100'")).scalar()
        latest = db.session.execute(sa.select(Episode).where(Episode.child_id == child_id)
                                    .order_by(Episode.reported_at.desc()).limit(1)).scalar()
        as_of = latest.reported_at
        config = app.config

        def full():
            child_history.analyse(db.session, child_id, config=config)
            ranking.ranked(db.session, episode=latest, as_of=as_of, config=config)
            db.session.rollback()

        params = {"child": child_id, "episode": latest.id, "as_of": as_of,
                  "srid": config["METRIC_SRID"], "eps": config["CLUSTER_RADIUS_M"]}
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        compiled = [
            (str(child_history.EPISODES_SQL.compile(dialect=db.engine.dialect)), params),
            (str(child_history.PROFILE_SQL.compile(dialect=db.engine.dialect)), params),
            (str(ranking.EVIDENCE_SQL.compile(dialect=db.engine.dialect)), params),
        ]

        def bare():
            for sql, p in compiled:
                cursor.execute(sql, p)
                cursor.fetchall()
            raw.rollback()

        app_ms = timed(full, args.runs, 5)
        raw_ms = timed(bare, args.runs, 5)
        a50, a95 = percentile(app_ms, 0.5), percentile(app_ms, 0.95)
        r50, r95 = percentile(raw_ms, 0.5), percentile(raw_ms, 0.95)
        lines += ["**One child's full analysis** (BENCH-100: 100 episodes, among all the "
                  "history above): timeline, flags, time patterns and the ranked list, in the "
                  f"app's code, beside the bare SQL of the same three queries, {args.runs} runs:",
                  "", "| | p50 | p95 |", "|---|---|---|",
                  f"| app (analyse + ranked) | {a50:.1f} ms | {a95:.1f} ms |",
                  f"| bare SQL (psycopg2) | {r50:.1f} ms | {r95:.1f} ms |",
                  f"| ratio | {a50 / r50:.2f} | {a95 / r95:.2f} |", ""]

        t0 = time.perf_counter()
        result = backtest.run(db.session, limit_episodes=args.backtest, config=config)
        lines += [f"**Backtest on this generated history** (the latest {args.backtest:,} "
                  f"qualifying episodes, {time.perf_counter() - t0:.0f} s). The generator's "
                  "assumptions are in bench/history_file.py: habitual places that change now "
                  "and then, a quarter of episodes ending at home, the rest somewhere new. "
                  "It is not the demo's generator, but it is still ours: read it as a check "
                  "that the ranking learns habits when they exist, not as a real-world figure.",
                  "", *backtest.markdown(result)]
        db.session.remove()
        db.engine.dispose()
    print("\n".join(lines))
    if not args.no_write:
        write_section("desk-child", "Coordinator's desk: import, one child's analysis, backtest "
                      "(bench/bench_child_desk.py)", lines)


if __name__ == "__main__":
    main()
