"""What ``bench_audit.py`` and ``bench_scale.py`` share: folders of returns made of hard
links, one audit alone in a fresh process, memory read from ``/proc``, the tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def link_returns(paths: Sequence[Path], folder: Path, count: int, *, numbered: bool) -> Path:
    """``folder`` (made here) holding ``count`` hard links to ``paths``, taken in turn and
    cycled when ``count`` is larger. ``numbered``: each link's name starts with its index,
    so that the same return can stand in the folder more than once; otherwise the links
    keep the returns' names."""
    folder.mkdir()
    for i in range(count):
        source = paths[i % len(paths)]
        os.link(source, folder / (f"{i:07d}-{source.name}" if numbered else source.name))
    return folder


def status_kb(key: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process, in kB.

    Not ``ru_maxrss`` of itself: across fork and exec Linux carries the launching
    process's peak into it, so a small child of a big benchmark would report the big one.
    """
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/self/status")


def run_child(script: str, argv: Sequence[str]) -> dict[str, Any]:
    """Run ``script`` with ``argv`` in a fresh Python process; its last line of output, JSON."""
    done = subprocess.run(
        [sys.executable, script, *argv], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"audit child failed ({done.returncode}):\n{done.stderr[-4000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def log(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def render(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    )


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f}"
