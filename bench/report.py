"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections alone."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = ("# Benchmarks\n\nFigures printed by the scripts in `bench/`, each section rewritten by "
          "its own script. Never a test: the machines are shared and noisy.\n")


def write_section(key: str, title: str, lines: list[str]) -> None:
    """Replace (or append) the section between <!-- key:start --> and <!-- key:end -->."""
    text = DOC.read_text() if DOC.exists() else HEADER
    block = f"<!-- {key}:start -->\n## {title}\n\n" + "\n".join(lines) + f"\n<!-- {key}:end -->"
    pattern = re.compile(rf"<!-- {key}:start -->.*?<!-- {key}:end -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)
