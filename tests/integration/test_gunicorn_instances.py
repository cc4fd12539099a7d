"""Several production servers on one machine (two ports of one checkout, and another
checkout) each keep their own gunicorn control socket under their instance/, instead of all
taking over gunicorn's one default path in the home directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.servers import start_app_servers, stop
from tests.checkouts import ROOT, clone_with_work_in_progress

pytestmark = pytest.mark.slow
GUNICORNC = str(Path(sys.executable).with_name("gunicornc"))


def control(socket: Path, command: str) -> dict:
    answer = subprocess.run([GUNICORNC, "-s", str(socket), "-c", command, "-j"],
                            capture_output=True, text=True, timeout=30)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def test_servers_side_by_side_keep_their_own_control_sockets(database_url):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with bin/test, which starts Redis")
    with tempfile.TemporaryDirectory(prefix="locate-gunicorn-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        # gunicorn's default would be $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl.
        env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
        env["HOME"] = str(home)
        other = clone_with_work_in_progress(Path(tmp) / "other-checkout")
        procs, bases = start_app_servers(database_url, redis_url, 2, env=env)
        try:
            more, more_bases = start_app_servers(database_url, redis_url, 1, root=other, env=env)
            procs += more
            servers = [(ROOT, base) for base in bases] + [(other, base) for base in more_bases]
            for checkout, base in servers:
                port = base.rsplit(":", 1)[1]
                socket = checkout / "instance" / f"gunicorn-{port}.ctl"
                config = control(socket, "show config")
                assert config["bind"] == [f"127.0.0.1:{port}"]
                assert config["control_socket"] == str(socket)
            assert not (home / ".gunicorn").exists()
        finally:
            stop(procs)
        # Each removed its own socket on the way out, and only its own.
        for checkout, base in servers:
            assert not (checkout / "instance" / f"gunicorn-{base.rsplit(':', 1)[1]}.ctl").exists()
