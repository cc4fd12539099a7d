"""Helpers the benchmarks share: a seeded database, production server processes, ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seeded_database(prefix: str):
    """A fresh database upgraded to head and holding the test world; dropped afterwards."""
    from tests.databases import seeded_database as seeded

    return seeded(prefix)


def start_app_servers(database_url: str, redis_url: str, count: int,
                      extra_env: dict | None = None):
    """`count` production processes (gunicorn + gevent) sharing Redis; returns (procs, urls).
    `extra_env` adds or overrides settings (tests of the limiter or the session sweep)."""
    procs, bases = [], []
    for _ in range(count):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
               "SOCKETIO_MESSAGE_QUEUE": redis_url, "PORT": str(port), "HOST": "127.0.0.1",
               "SECRET_KEY": "benchmark-secret-0123456789abcdef", "LOCATE_ENV": "test",
               "RATELIMIT_ENABLED": "0", **(extra_env or {})}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile",
             "/dev/null", "app:app"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=3).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                stop(procs)
                raise TimeoutError(f"{base} did not start")
            time.sleep(0.2)
    return procs, bases


def stop(procs) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
