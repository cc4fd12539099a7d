"""Second checkouts of this repository for tests of what happens outside it (a clone in a 0700
directory, two checkouts' servers on one machine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def clone_with_work_in_progress(target: Path) -> Path:
    """git clone of this checkout into `target`, plus what is changed but not committed (so a
    test checks the code under test, not only the last commit). Returns target."""
    git("clone", "--quiet", str(ROOT), str(target))
    for name in git("ls-files", "-m", "-o", "--exclude-standard").splitlines():
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    for name in git("ls-files", "-d").splitlines():
        (target / name).unlink(missing_ok=True)
    return target
