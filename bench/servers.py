"""Helpers the benchmarks share: a seeded database, production server processes, ports."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def seeded_database(prefix: str):
    """A fresh database upgraded to head and holding the test world; dropped afterwards."""
    from locate import create_app
    from locate.config import Settings
    from locate.extensions import db
    from tests import factories

    base = make_url(Settings.from_env().values["SQLALCHEMY_DATABASE_URI"])
    name = f"{prefix}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            world = factories.world(db.session)
            db.session.commit()
            ids = {k: getattr(v, "id", None) for k, v in vars(world).items()}
            db.session.remove()
            db.engine.dispose()
        yield url, ids
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :n"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def start_app_servers(database_url: str, redis_url: str, count: int):
    """`count` production processes (gunicorn + gevent) sharing Redis; returns (procs, urls)."""
    procs, bases = [], []
    for _ in range(count):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
               "SOCKETIO_MESSAGE_QUEUE": redis_url, "PORT": str(port), "HOST": "127.0.0.1",
               "SECRET_KEY": "benchmark-secret-0123456789abcdef", "LOCATE_ENV": "test",
               "RATELIMIT_ENABLED": "0"}
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
