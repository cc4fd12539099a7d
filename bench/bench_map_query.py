"""The live map's bounding-box query on a national year of data: through the app and raw.

Loads the demo force at --scale (220 is about a national year: ~330,000 episodes, ~1 million
sightings) into its own database `locate_bench` in the project's private cluster, reports the
load time and row counts, then times the map query for a Leeds city-centre viewport
(about 6 km x 4 km) two ways, --runs times each after a warm-up:

  app: GET /api/sightings?bbox=...&since=... and /api/episodes?bbox=... through the Flask
       test client, signed in as a coordinator: authentication, validation, the scoped query,
       the audit row and its commit, the response
  raw: the very statement that request sent to build its FeatureCollection (recorded from
       the engine, parameters included), replayed on a bare psycopg2 connection: the floor

Also prints the smallest signed-in request (GET /api/events/last) for the fixed cost of
a request.

Prints p50 and p95 and their ratio, and writes docs/benchmarks.md's map-query section.

    .venv/bin/python bench/bench_map_query.py --scale 220          # full national year
    .venv/bin/python bench/bench_map_query.py --scale 220 --reuse  # skip the load next time

Not a test: nothing here passes or fails the pytest run.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
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

from bench.report import write_section  # noqa: E402

PASSWORD = "bench password for demo"
# Leeds city centre, about 6 km east-west by 4 km north-south around (-1.5491, 53.8008).
LEEDS_BBOX = (-1.5947, 53.7828, -1.5035, 53.8188)
SINCE_DAYS = 30  # the map shows the last month by default
PER_PAGE = 500
TABLES = ("teams", "users", "children", "child_profiles", "associates", "places", "episodes",
          "risk_assessments", "sightings", "tasks")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_database(name: str, reuse: bool) -> str:
    """The app role's URL of `name`, made (or remade unless reuse) as the test databases are."""
    from locate.config import database_urls
    from locate.security.database_roles import drop_database, prepare_database

    urls = database_urls()
    app_url = make_url(urls.app)
    admin = sa.create_engine(make_url(urls.admin).set(database="postgres"))
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).first()
    admin.dispose()
    if exists and not reuse:
        drop_database(urls.admin, name)
    prepare_database(urls.admin, name, owner=make_url(urls.owner).username,
                     app=app_url.username)
    return app_url.set(database=name).render_as_string(hide_password=False)


def bench_app(name: str, reuse: bool):
    """(app, app role's URL) on the bench database `name`: the app's least-privileged role for
    requests, the tables' owner for migrations and loading, as in production."""
    from locate import create_app
    from tests.databases import app_config

    url = bench_database(name, reuse)
    app = create_app({**app_config(url), "TESTING": True,
                      "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "100000 per minute",
                      "SOCKETIO_MESSAGE_QUEUE": None, "SERVER_NAME": "localhost"})
    from locate.process import freeze_start_up_objects

    freeze_start_up_objects()  # as app.py does for a serving process
    return app, url


class StatementRecorder:
    """Keeps the SQL (text and parameters) the app sends while recording is on, so that the
    raw side of the benchmark replays exactly the query the endpoint ran."""

    def __init__(self, engine):
        self.on = False
        self.statements: list[tuple[str, dict]] = []
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.statements.append((statement, parameters))

    def record(self, call):
        self.statements.clear()
        self.on = True
        try:
            call()
        finally:
            self.on = False
        return list(self.statements)


def the_map_query(statements):
    """Of the statements one map request ran, the one that builds the FeatureCollection."""
    found = [(sql, params) for sql, params in statements
             if "json_agg" in sql and sql.lstrip().upper().startswith("SELECT")]
    assert len(found) == 1, [sql[:80] for sql, _ in statements]
    return found[0]


def timed(fn, runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    return f"{nproc} CPUs ({cpu}), {int(mem) // 1024 // 1024} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=220)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--database", default="locate_bench")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from locate.demo.build import build_demo, reference_now
    from locate.extensions import db
    from locate.security.database_roles import owner_session

    app, url = bench_app(args.database, args.reuse)
    load_line = "reused an existing load"
    scale = args.scale
    with app.app_context():
        upgrade()
        loaded = db.session.execute(sa.text("SELECT EXISTS (SELECT 1 FROM users)")).scalar()
        if not loaded:
            t0 = time.perf_counter()
            with owner_session(app.config["MIGRATION_DATABASE_URI"]) as owner:
                summary = build_demo(owner, seed=args.seed, scale=args.scale,
                                     password=PASSWORD)
            load_s = time.perf_counter() - t0
            load_line = f"{load_s:.0f} s (generate + COPY + index upkeep + ANALYZE)"
            print("\n".join(summary[:13]))
            print(f"load: {load_line}")
        else:
            details = db.session.execute(sa.text(
                "SELECT details FROM audit_log WHERE entity = 'demo_data' ORDER BY id DESC "
                "LIMIT 1")).scalar() or {}
            scale = details.get("scale", scale)
            if "load_seconds" in details:
                load_line = (f"{details['load_seconds']:.0f} s for generate + COPY + index "
                             f"upkeep + ANALYZE (scale {details['scale']:g}, earlier run)")
        server = db.session.execute(sa.text("SHOW server_version")).scalar()
        counts = {t: db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in TABLES}
        now = db.session.execute(sa.text("SELECT max(reported_at) FROM episodes")).scalar()
        now = reference_now() if now is None else now
        recorder = StatementRecorder(db.engine)
        db.session.remove()

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    raw = psycopg2.connect(dsn, options="-c jit=off")  # as the app connects (config.py)
    raw.autocommit = True
    cursor = raw.cursor()

    client = app.test_client()
    response = client.post("/api/session", json={"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)
    bbox = ",".join(str(v) for v in LEEDS_BBOX)
    since = (now - timedelta(days=SINCE_DAYS)).isoformat()
    results, sqls = [], {}
    for kind in ("sightings", "episodes"):
        path = f"/api/{kind}"
        params = {"bbox": bbox, "since": since, "per_page": PER_PAGE}

        def app_call(path=path, params=params):
            r = client.get(path, query_string=params)
            assert r.status_code == 200, r.get_data(as_text=True)[:300]
            return r.get_data()
        statements = recorder.record(app_call)
        sqls[kind] = the_map_query(statements)
        label = f"GET /api/{kind}?bbox=...&since=... ({len(statements)} statements)"

        def raw_call(sql=sqls[kind]):
            cursor.execute(*sql)
            return cursor.fetchone()[0]
        features = raw_call().count('"Feature"')
        app_ms = timed(app_call, args.runs, args.warmup)
        raw_ms = timed(raw_call, args.runs, args.warmup)
        floor_ms = timed(lambda: client.get("/api/events/last"), args.runs, args.warmup)
        row = (kind, label, features, percentile(app_ms, .5), percentile(app_ms, .95),
               percentile(raw_ms, .5), percentile(raw_ms, .95), percentile(floor_ms, .5))
        results.append(row)
        print(f"{kind}: {features} features; app p50 {row[3]:.1f} ms p95 {row[4]:.1f} ms; "
              f"raw p50 {row[5]:.1f} ms p95 {row[6]:.1f} ms; ratio p50 {row[3] / row[5]:.2f} "
              f"p95 {row[4] / row[6]:.2f}; smallest signed-in request p50 {row[7]:.1f} ms")
    plan = "\n".join(r[0] for r in _explain(cursor, *sqls["sightings"]))
    raw.close()

    if args.no_write:
        return
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; "
        f"PostgreSQL {server} (the project's private cluster, default settings from bin/lib.sh).",
        "",
        f"Data: demo force seed {args.seed}, scale {scale:g} "
        f"(220 is a national year). Load: {load_line}.",
        "",
        "| table | rows |", "|---|---:|",
        *(f"| {t} | {n:,} |" for t, n in counts.items()),
        "",
        f"Viewport: Leeds city centre, bbox {bbox} (about 6 km x 4 km), records of the last "
        f"{SINCE_DAYS} days (and open episodes), newest first, at most {PER_PAGE}. "
        f"{args.runs} runs each after {args.warmup} warm-up runs, one client, sequential.",
        "",
        "| query | measured through | features | app p50 ms | app p95 ms | raw SQL p50 ms | "
        "raw SQL p95 ms | p50 ratio | p95 ratio | smallest signed-in request p50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(f"| {k} | {label} | {f} | {a50:.1f} | {a95:.1f} | {r50:.1f} | {r95:.1f} | "
          f"{a50 / r50:.2f} | {a95 / r95:.2f} | {fl:.1f} |"
          for k, label, f, a50, a95, r50, r95, fl in results),
        "",
        "Aim: app within 1.5x raw SQL, p95 under 50 ms.",
        "",
        "Plan of the sightings query:",
        "", "```", plan, "```",
        "",
        f"Reproduce: `.venv/bin/python bench/bench_map_query.py --scale {scale:g}` "
        "(add `--reuse` to skip the load; full national year: `--scale 220`).",
    ]
    write_section("map-query", "Map bounding-box query (bench/bench_map_query.py)", lines)
    print("wrote docs/benchmarks.md")


def _explain(cursor, sql, params):
    cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
    return cursor.fetchall()


if __name__ == "__main__":
    main()
