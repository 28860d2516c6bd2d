#!/usr/bin/env python3
"""CPU time per release by script, in one process, robust to a busy machine.

``bench_fill.py`` times every release once, as a user's batch runs, so on a shared
machine its numbers carry whatever else ran. This script answers a narrower question
that load cannot inflate as much: what does one release cost once the fonts are
loaded? It fills the first ``--per`` releases of each script of ``bench_fill``'s
roster (``Release.create`` and ``fill``, no file written), ``--rounds`` times, and
keeps for every release the least CPU time (``time.process_time``) of its rounds:
other programs only ever add time. Between rounds the caches that keep values across
releases (shaped lines, subsets, compressed font files) are emptied, so no round
reuses the work of an earlier one; the fonts stay loaded (their one-time cost is
``bench_fill``'s to show).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_fill_steady.py --per 40 --rounds 8

Run it pinned (``taskset -c 1``) and against an older checkout (``PYTHONPATH`` of
its ``src``) one after the other for a before/after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench_fill


def _clear() -> None:
    """Empty what keeps values across releases, where this checkout has it."""
    from pubrelease.filling import appearance
    from pubrelease.pdf import fonts

    for name in ("_common_line", "_common_ops"):
        cached = getattr(appearance, name, None)
        if cached is not None:
            cached.cache_clear()
    font_file = getattr(fonts, "_font_file", None)
    if font_file is not None:
        font_file.cache_clear()
    for source in fonts.available_fonts():
        subsets = getattr(source.face, "_subsets", None)
        if subsets is not None:
            subsets.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per", type=int, default=40, help="releases per script (default 40)")
    parser.add_argument("--rounds", type=int, default=8, help="rounds (default 8)")
    parser.add_argument("--seed", type=int, default=2020, help="roster seed (default 2020)")
    args = parser.parse_args(argv)

    from pubrelease import fill, load_form

    form = load_form()
    by_script: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in bench_fill.build_roster(1800, args.seed):
        by_script[rec["cls"]].append(rec)

    def make(rec: dict[str, Any]) -> bytes:
        return fill(bench_fill.release_of(rec), form)

    for recs in by_script.values():  # every font loaded before timing
        for rec in recs[-3:]:
            make(rec)
    least = {cls: [float("inf")] * min(args.per, len(recs)) for cls, recs in by_script.items()}
    for _ in range(args.rounds):
        for cls, recs in by_script.items():
            _clear()
            for i, rec in enumerate(recs[: args.per]):
                start = time.process_time()
                make(rec)
                least[cls][i] = min(least[cls][i], time.process_time() - start)
    print(
        " | ".join(
            f"{bench_fill.CLASS_TITLES[cls]} {statistics.mean(least[cls]) * 1000:.2f}"
            for cls in bench_fill.CLASSES
            if cls in least
        )
        + "  (CPU ms per release, least of rounds)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
