"""The browser code's pure modules, tested with Node's own test runner (node --test): the
same JavaScript the phone runs, no bundler, no browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: bin/test installs it with npm")
    files = sorted(str(p) for p in (ROOT / "tests/js").glob("*.test.mjs"))
    assert files, "no tests/js/*.test.mjs found"
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
