"""bin/run and bin/test work from any directory a user may clone into: here a clone inside a
fresh 0700 directory of the home directory (root's home is 0700 too, which the postgres user
running root's cluster cannot enter). Runs bin/lib.sh's prepare step in the clone, on ports of
its own, then connects as the app's role. Cheap: the clone reuses this checkout's .venv and skips
the front-end build (LOCATE_VENV, LOCATE_SKIP_FRONTEND); the real commands do everything."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.servers import free_port
from tests.checkouts import clone_with_work_in_progress

pytestmark = pytest.mark.slow

# Run inside the clone: build the schema as the owner, then read as the app.
CONNECT = """
import sqlalchemy as sa
from flask_migrate import upgrade
from locate import create_app
from locate.config import INSTANCE
from locate.extensions import db
app = create_app()
with app.app_context():
    upgrade()
    row = db.session.execute(sa.text("SELECT current_user, postgis_lib_version()")).one()
    socket_dir = db.engine.url.query["host"]
print(INSTANCE, *row, socket_dir, sep="\\n")
"""


@pytest.fixture()
def private_clone():
    parent = Path(tempfile.mkdtemp(prefix="locate-clone-", dir=Path.home()))  # mode 0700
    clone = parent / "locate"
    clone_with_work_in_progress(clone)
    env = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "MIGRATION_DATABASE_URL", "DATABASE_ADMIN_URL", "REDIS_URL",
        "SOCKETIO_MESSAGE_QUEUE", "LOCATE_DB_NAME", "SECRET_KEY"}}
    env.update(LOCATE_PG_PORT=str(free_port()), LOCATE_REDIS_PORT=str(free_port()),
               LOCATE_VENV=sys.prefix, LOCATE_SKIP_FRONTEND="1")
    try:
        yield parent, clone, env
    finally:
        subprocess.run([str(clone / "bin" / "stop")], env=env, cwd="/", capture_output=True,
                       timeout=120)
        link = clone / "instance" / "pg"
        if link.is_symlink():
            shutil.rmtree(link.resolve().parent, ignore_errors=True)
        shutil.rmtree(parent, ignore_errors=True)


def test_prepare_works_in_a_clone_under_a_0700_directory(private_clone):
    parent, clone, env = private_clone
    home_mode = stat.S_IMODE(Path.home().stat().st_mode)
    # From another working directory, as a user would type /path/to/bin/run.
    prepared = subprocess.run(["bash", "-c", f'source "{clone}/bin/lib.sh" && prepare'],
                              cwd="/", env=env, capture_output=True, text=True, timeout=600)
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    assert "Permission denied" not in prepared.stderr
    connected = subprocess.run([sys.executable, "-c", CONNECT], cwd=clone, env=env,
                               capture_output=True, text=True, timeout=300)
    assert connected.returncode == 0, connected.stderr[-3000:]
    instance, user, postgis, socket_dir = connected.stdout.split("\n")[-5:-1]
    assert instance == str(clone / "instance")  # the clone's own settings, not this checkout's
    assert user == "locate_app" and postgis.startswith("3")
    # Nothing was opened up to make it work.
    assert stat.S_IMODE(parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path.home().stat().st_mode) == home_mode
    if os.geteuid() == 0:
        # Root's cluster runs as postgres, so it lives where postgres can reach it.
        assert (clone / "instance" / "pg").is_symlink()
        assert not socket_dir.startswith(str(parent))
        assert Path(socket_dir).resolve() == (clone / "instance" / "pg" / "run").resolve()
