"""The coordinator's desk on a national year: force-wide hot spots (and the other views)
through the app, each beside the bare SQL of the same queries in the same process.

Uses the demo force at --scale (220 is about a national year: ~330,000 episodes, ~1 million
sightings) in the database `locate_bench` that bench/bench_map_query.py loads (loaded here if
missing). For each view, over the last 365 days, every team and age:

  app: GET /api/analysis/<view> through the Flask test client, signed in as a coordinator:
       validation, the PostGIS statements, the statistic in Python (Gi* with scipy; networkx),
       the children named, the audit row and its commit, the JSON
  raw: the same view's data statements (recorded from the engine, parameters included)
       replayed on a bare psycopg2 connection, their rows fetched: the floor

    .venv/bin/python bench/bench_desk.py --scale 220 --reuse

Not a test: nothing here passes or fails the pytest run.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg2
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LOCATE_ENV", "test")

from bench.bench_map_query import (  # noqa: E402
    PASSWORD,
    StatementRecorder,
    bench_app,
    machine,
    percentile,
    timed,
)
from bench.report import write_section  # noqa: E402

VIEWS = ("hotspots", "placements", "disproportionality", "network")


def data_statements(statements):
    """The statements that read the analysis' data (not the session, user or audit ones)."""
    marks = ("desk_episodes", "hotspot_points", "enable_hashagg", "ST_SquareGrid",
             "ST_MakePoint", "COPY (")
    return [(sql, params) for sql, params in statements if any(m in sql for m in marks)]


def _record_copies(recorder) -> None:
    """The network reads its points by binary COPY, which SQLAlchemy's events do not see:
    record those too, so that the raw side replays them."""
    from locate.analysis import binary_copy

    send = binary_copy.run_copy

    def recorded(cursor, statement, buffer):
        if recorder.on:
            recorder.statements.append((statement, None))
        send(cursor, statement, buffer)

    binary_copy.run_copy = recorded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=220)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--database", default="locate_bench")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--views", default=",".join(VIEWS))
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from locate.demo.build import build_demo
    from locate.extensions import db
    from locate.security.database_roles import owner_session

    app, url = bench_app(args.database, args.reuse)
    scale = args.scale
    with app.app_context():
        upgrade()
        if not db.session.execute(sa.text("SELECT EXISTS (SELECT 1 FROM users)")).scalar():
            t0 = time.perf_counter()
            with owner_session(app.config["MIGRATION_DATABASE_URI"]) as owner:
                build_demo(owner, seed=args.seed, scale=args.scale, password=PASSWORD)
            print(f"loaded in {time.perf_counter() - t0:.0f} s")
        # Measure the steady state: straight after a bulk load, until autovacuum has run,
        # index-only scans still visit the heap (the visibility map is not yet set) and the
        # hot spots take about a second longer.
        vacuum = sa.create_engine(app.config["MIGRATION_DATABASE_URI"],
                                  isolation_level="AUTOCOMMIT")
        with vacuum.connect() as owner:
            owner.execute(sa.text("VACUUM (ANALYZE) hotspot_points, sightings, episodes"))
        vacuum.dispose()
        details = db.session.execute(sa.text(
            "SELECT details FROM audit_log WHERE entity = 'demo_data' ORDER BY id DESC "
            "LIMIT 1")).scalar() or {}
        scale = details.get("scale", scale)
        server = db.session.execute(sa.text("SHOW server_version")).scalar()
        now = db.session.execute(sa.text("SELECT max(reported_at) FROM episodes")).scalar()
        since = now - timedelta(days=365)
        counts = db.session.execute(sa.text(
            "SELECT (SELECT count(*) FROM episodes WHERE reported_at >= :s), "
            "(SELECT count(*) FROM episodes WHERE reported_at >= :s AND found_geom IS NOT NULL), "
            "(SELECT count(*) FROM sightings s JOIN episodes e ON e.id = s.episode_id "
            " WHERE e.reported_at >= :s), (SELECT count(*) FROM teams)"), {"s": since}).one()
        recorder = StatementRecorder(db.engine)
        _record_copies(recorder)
        db.session.remove()

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    raw = psycopg2.connect(dsn, options="-c jit=off")  # as the app connects (config.py)
    # One transaction per replay, rolled back: a view's SET LOCAL holds for its statements.
    cursor = raw.cursor()
    client = app.test_client()
    response = client.post("/api/session", json={"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)
    query = {"since": since.isoformat(), "until": (now + timedelta(seconds=1)).isoformat()}
    rows = []
    firsts: dict[str, float] = {}
    for view in args.views.split(","):
        size = {}

        def app_call(view=view, size=size):
            r = client.get(f"/api/analysis/{view}", query_string=query)
            assert r.status_code == 200, r.get_data(as_text=True)[:300]
            # The response as the server made it; parsing it is the client's work (0.1 s in
            # Python for the hot spots, a few tens of ms in a browser), done once below.
            size["response"] = r
        # The first request builds what a process keeps (the hot-spot study grid); the raw
        # floor replays what every later request sends.
        t0 = time.perf_counter()
        app_call()
        first_ms = (time.perf_counter() - t0) * 1000
        statements = data_statements(recorder.record(app_call))

        def raw_call(statements=statements):
            for sql, params in statements:
                if sql.startswith("COPY ("):  # the network's points (binary_copy.py)
                    cursor.copy_expert(sql, io.BytesIO())
                    continue
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
            raw.rollback()
        app_ms = timed(app_call, args.runs, args.warmup)
        raw_ms = timed(raw_call, args.runs, args.warmup)
        body = size["response"].get_json()
        what = {"hotspots": lambda b: f"{b['method']['study_cells']:,} cells, "
                                      f"{len(b['cells']['features'])} significant, "
                                      f"{len(b['hotspots'])} listed",
                "network": lambda b: f"{b['total']['children']:,} children, "
                                     f"{b['total']['links']:,} links ({len(b['edges']):,} sent)",
                "placements": lambda b: f"{len(b['homes']):,} homes",
                "disproportionality": lambda b: f"{len(b['by_ethnicity'])} ethnicities"}[view](body)
        row = (view, len(statements), what, percentile(app_ms, .5), max(app_ms),
               percentile(raw_ms, .5), max(raw_ms))
        rows.append(row)
        print(f"{view}: {what}; first request {first_ms:.0f} ms; app p50 {row[3]:.0f} ms max "
              f"{row[4]:.0f}; raw p50 {row[5]:.0f} ms max {row[6]:.0f}; ratio "
              f"{row[3] / row[5]:.2f}", flush=True)
        firsts[view] = first_ms
    raw.close()
    if args.no_write:
        return
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}, shared "
        f"with other work (load average {os.getloadavg()[0]:.1f} at the end); PostgreSQL {server}.",
        "",
        f"Data: demo force seed {args.seed}, scale {scale:g} (220 is a national year), "
        f"{counts[3]} teams. The last 365 days: {counts[0]:,} episodes, {counts[1]:,} with a "
        f"found point, {counts[2]:,} sightings. Every team, every age, 500 m cells.",
        "",
        f"{args.runs} runs each after {args.warmup} warm-up, one client, sequential.",
        "",
        "| view | data statements | answer | first request ms | app p50 ms | app max ms | "
        "raw SQL p50 ms | raw SQL max ms | p50 ratio |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
        *(f"| {v} | {n} | {w} | {firsts[v]:.0f} | {a:.0f} | {am:.0f} | {r:.0f} | {rm:.0f} | "
          f"{a / r:.2f} |" for v, n, w, a, am, r, rm in rows),
        "",
        "Aim: force-wide hot spots over a year under 2 s. The first request of a process also "
        "lays the study grid over the patrol areas (kept per process, keyed by a digest of the "
        "areas); raw SQL replays what every later request sends. The gap between app and raw "
        "SQL is the statistic on the whole grid (numpy, scipy), naming the listed children, the "
        "audit row and the JSON. The network's raw SQL includes the binary COPY of its points "
        "(received, not parsed); its gap is the pairing, centrality and the graph in Python.",
        "",
        f"Reproduce: `.venv/bin/python bench/bench_desk.py --scale {scale:g} --reuse`.",
    ]
    write_section("desk", "Coordinator's desk across children (bench/bench_desk.py)", lines)
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
