#!/usr/bin/env python3
"""Instructions per release of one script, counted by callgrind: a measure load cannot move.

On a shared machine the time a release takes carries whatever else runs; the number of
instructions it executes does not. This runs the filling of ``bench_fill``'s roster twice
under ``valgrind --tool=callgrind`` in one process each: a Latin release, ``--warm``
releases of the script (fonts loaded, glyphs met), then 0 and ``--n`` more, and prints the
difference divided by ``--n``. Start-up, imports and the warm-up cancel out.

    PYTHONPATH=src .venv/bin/python benchmarks/fill_instructions.py --script cjk

Run it for two checkouts (``PYTHONPATH`` of each ``src``) for a before/after. Each run
takes some minutes: callgrind is about fifty times slower than the program.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callgrind import instructions

HERE = Path(__file__).resolve().parent


def _worker(script: str, warm: int, count: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench_fill

    from pubrelease import fill, load_form

    roster = bench_fill.build_roster(3000, 2020)
    chosen = [r for r in roster if r["cls"] == script]
    latin = next(r for r in roster if r["cls"] == "latin")
    form = load_form()
    fill(bench_fill.release_of(latin), form)
    releases = [bench_fill.release_of(r) for r in chosen[len(chosen) - warm :]] if warm else []
    releases += [bench_fill.release_of(r) for r in chosen[:count]]
    for release in releases:
        fill(release, form)


def _count(script: str, warm: int, count: int) -> int:
    return instructions(__file__, script, str(warm), str(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--script", default="cjk", help="a class of bench_fill (default cjk)")
    parser.add_argument("--warm", type=int, default=30, help="releases filled first (30)")
    parser.add_argument("--n", type=int, default=60, help="releases counted (default 60)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        script, warm, count = args.worker
        _worker(script, int(warm), int(count))
        return 0
    base = _count(args.script, args.warm, 0)
    total = _count(args.script, args.warm, args.n)
    print(f"{args.script}: {(total - base) / args.n / 1e6:.3f} M instructions per release")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
