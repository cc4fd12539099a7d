"""Time from a task change to its arrival at every connected Socket.IO client.

Runs the production server (gunicorn + gevent) on one process, then on two processes
sharing Redis, with 200 and 500 clients; beside it, a bare python-socketio server
broadcasting the same payload (the floor). Prints p50/p99 and writes docs/benchmarks.md's
realtime section.

    .venv/bin/python bench/bench_realtime.py [--clients 200 500] [--changes 20]

Latency is measured from just before the sergeant's HTTP request leaves to the moment each
client's handler runs, so it includes the request, the commit and the fan-out: an upper
bound on commit-to-receipt. Clients run in one asyncio process here, on the same 2 cores as
the server, so the figures are pessimistic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402
from bench.servers import free_port, seeded_database, start_app_servers, stop  # noqa: E402

PASSWORD = "correct horse battery staple"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def sign_in(http: aiohttp.ClientSession, base: str, username: str) -> str:
    async with http.post(f"{base}/api/session",
                         json={"username": username, "password": PASSWORD}) as r:
        r.raise_for_status()
        return (await r.json())["csrf_token"]


async def connect_clients(bases: list[str], n: int, cookie_for: dict[str, str], on_event):
    clients = []

    async def one(i: int):
        base = bases[i % len(bases)]
        client = socketio.AsyncClient(reconnection=False)
        client.on("event", on_event)
        await client.connect(base, headers={"Cookie": cookie_for[base]},
                             transports=["websocket"], wait_timeout=30)
        clients.append(client)

    for start in range(0, n, 50):  # in batches, so the accept queue is not flooded
        await asyncio.gather(*(one(i) for i in range(start, min(n, start + 50))))
    return clients


async def measure_app(bases: list[str], n_clients: int, changes: int, ids: dict) -> list[float]:
    samples: list[float] = []
    by_change: dict[int, list[float]] = {}
    sent: dict[int, float] = {}
    expected = n_clients * changes
    done = asyncio.Event()

    async def on_event(message):
        if message["type"] != "task.reassigned":
            return
        version = message["payload"]["task"]["properties"]["version"]
        samples.append(time.perf_counter() - sent[version])
        by_change.setdefault(version, []).append(samples[-1])
        if len(samples) >= expected:
            done.set()

    cookies = {}
    for base in bases:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await sign_in(http, base, "constable_a")
            cookies[base] = "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)
    clients = await connect_clients(bases, n_clients, cookies, on_event)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        csrf = await sign_in(http, bases[0], "sergeant_a")
        url = f"{bases[0]}/api/tasks/{ids['task_a']}/actions"
        async with http.get(f"{bases[0]}/api/events/last"):
            pass
        version = await current_version(http, bases[0], ids)
        for _ in range(changes):
            sent[version + 1] = time.perf_counter()
            async with http.post(url, headers={"X-CSRFToken": csrf}, json={
                "action": "reassign", "version": version,
                "assignee_user_id": ids["constable_a"]}) as r:
                r.raise_for_status()
                version = (await r.json())["properties"]["version"]
            await asyncio.sleep(0.05)
    try:
        await asyncio.wait_for(done.wait(), timeout=60)
    except TimeoutError:
        print(f"  warning: {expected - len(samples)} deliveries missing after 60 s")
    await asyncio.gather(*(c.disconnect() for c in clients))
    if os.environ.get("BENCH_DEBUG"):
        for v, xs in sorted(by_change.items()):
            print(f"  change v{v}: max {max(xs) * 1000:.0f} ms, p50 {percentile(xs, .5) * 1000:.0f} ms")
    return samples


async def current_version(http, base, ids) -> int:
    async with http.get(f"{base}/api/tasks/{ids['task_a']}") as r:
        return (await r.json())["properties"]["version"]


async def measure_floor(port: int, n_clients: int, changes: int) -> list[float]:
    base = f"http://127.0.0.1:{port}"
    samples: list[float] = []
    sent: dict[int, float] = {}
    done = asyncio.Event()

    async def on_event(message):
        samples.append(time.perf_counter() - sent[message["id"]])
        if len(samples) >= n_clients * changes:
            done.set()

    clients = await connect_clients([base], n_clients, {base: ""}, on_event)
    payload = {"type": "task.reassigned", "payload": {"task": {"type": "Feature", "id": 1,
               "geometry": {"type": "Point", "coordinates": [-1.55, 53.8]},
               "properties": {"title": "Check friend's flat", "status": "assigned"}}}}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for i in range(changes):
            sent[i] = time.perf_counter()
            async with http.post(f"{base}/emit", json={**payload, "id": i}) as r:
                r.raise_for_status()
            await asyncio.sleep(0.05)
    try:
        await asyncio.wait_for(done.wait(), timeout=60)
    except TimeoutError:
        print(f"  warning: {n_clients * changes - len(samples)} floor deliveries missing")
    await asyncio.gather(*(c.disconnect() for c in clients))
    return samples


def row(label: str, samples: list[float], floor: list[float] | None) -> str:
    p50, p99 = percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000
    ratio = ""
    if floor:
        ratio = f"{p50 / (percentile(floor, 0.5) * 1000):.1f}x / {p99 / (percentile(floor, 0.99) * 1000):.1f}x"
    line = f"| {label} | {len(samples)} | {p50:.1f} | {p99:.1f} | {ratio or '-'} |"
    print(line)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0")
    lines = ["| setup | deliveries | p50 ms | p99 ms | vs floor (p50 / p99) |",
             "|---|---|---|---|---|"]
    with seeded_database("locate_bench_rt") as (url, ids):
        for n in args.clients:
            floor_port = free_port()
            floor_proc = subprocess.Popen([sys.executable, str(ROOT / "bench/realtime_floor.py"),
                                           str(floor_port)])
            time.sleep(1.5)
            try:
                floor = asyncio.run(measure_floor(floor_port, n, args.changes))
            finally:
                stop([floor_proc])
            lines.append(row(f"bare python-socketio broadcast, {n} clients (floor)", floor, None))
            for processes in (1, 2):
                procs, bases = start_app_servers(url, redis_url, processes)
                try:
                    samples = asyncio.run(measure_app(bases, n, args.changes, ids))
                finally:
                    stop(procs)
                lines.append(row(f"LOCATE, {processes} process{'es' if processes > 1 else ''}"
                                 f"{' via Redis' if processes > 1 else ''}, {n} clients",
                                 samples, floor))
    write_section("realtime", "Live events: commit to receipt at every client", [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, clients and servers "
        f"on the same machine; {args.changes} task changes per run, every client in the "
        "sergeant's team room. Latency runs from just before the change request is sent to "
        "the client's handler: request + commit + fan-out (an upper bound on "
        "commit-to-receipt). Aim: p99 under 100 ms at 500 clients on one process.",
        "", *lines, "",
        "Reproduce: `.venv/bin/python bench/bench_realtime.py` (with bin/run's services up).",
    ])


if __name__ == "__main__":
    main()
