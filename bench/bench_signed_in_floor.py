"""The smallest signed-in request (GET /api/events/last) of two source trees, alternately,
on the same database server: for before/after comparisons of what every request pays
(authentication and the session lookup). Prints statements per request, wall p50 and the
Python CPU per request, which a busy shared machine disturbs less than wall time.

    .venv/bin/python bench/bench_signed_in_floor.py --tree /tmp/before --tree . \\
        --database locate_bench --rounds 3

Each tree runs in a process of its own against a database already loaded by
bench_map_query.py (coordinator / its PASSWORD). Nothing here writes docs/.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
import sqlalchemy as sa
from locate import create_app
from locate.extensions import db
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[2], "TESTING": True,
                  "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "100000 per minute",
                  "SOCKETIO_MESSAGE_QUEUE": None, "SERVER_NAME": "localhost"})
client = app.test_client()
r = client.post("/api/session", json={"username": "coordinator", "password": sys.argv[4]})
assert r.status_code == 200, r.data
with app.app_context():
    engine = db.engine
count = [0]
sa.event.listen(engine, "before_cursor_execute", lambda *a: count.__setitem__(0, count[0] + 1))
client.get("/api/events/last")
count[0] = 0
client.get("/api/events/last")
statements = count[0]
wall, cpu = [], []
for _ in range(50):
    client.get("/api/events/last")
for _ in range(int(sys.argv[3])):
    t, p = time.perf_counter(), time.process_time()
    client.get("/api/events/last")
    cpu.append((time.process_time() - p) * 1000)
    wall.append((time.perf_counter() - t) * 1000)
print(statements, statistics.median(wall), statistics.mean(cpu))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", required=True)
    parser.add_argument("--database", default="locate_bench")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.bench_map_query import PASSWORD
    from tests.databases import cluster_url

    url = make_url(cluster_url()).set(database=args.database).render_as_string(
        hide_password=False)
    results: dict[str, list[tuple[int, float, float]]] = {t: [] for t in args.tree}
    for _ in range(args.rounds):
        for tree in args.tree:
            out = subprocess.run([sys.executable, "-c", CHILD, str(Path(tree).resolve()), url,
                                  str(args.runs), PASSWORD], capture_output=True, text=True,
                                 check=True).stdout.split()
            results[tree].append((int(out[0]), float(out[1]), float(out[2])))
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.runs} requests per round")
    for tree, rows in results.items():
        print(f"{tree}: {rows[0][0]} statements/request; wall p50 "
              f"{statistics.median(r[1] for r in rows):.2f} ms; Python CPU "
              f"{statistics.median(r[2] for r in rows):.2f} ms per request "
              f"(median of {len(rows)} rounds)")


if __name__ == "__main__":
    main()
