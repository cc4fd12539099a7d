"""A serving process keeps its start-up objects out of the garbage collector's full passes."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_freezing_moves_what_is_alive_out_of_the_collectors_way():
    from locate.process import freeze_start_up_objects

    before = gc.get_freeze_count()
    try:
        freeze_start_up_objects()
        assert gc.get_freeze_count() > 0
        # What is made afterwards is still collected: a cycle made now goes.
        cycle = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        if not before:
            gc.unfreeze()


def test_app_py_freezes_after_building_the_app():
    out = subprocess.run([sys.executable, "-c", "import gc, app; print(gc.get_freeze_count())"],
                         cwd=ROOT, env={**os.environ, "LOCATE_ENV": "test"}, capture_output=True,
                         text=True, timeout=120, check=True)
    assert int(out.stdout.strip().splitlines()[-1]) > 10_000
