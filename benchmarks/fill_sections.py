#!/usr/bin/env python3
"""Instructions per release spent inside chosen functions of filling, counted by callgrind.

``fill_instructions.py`` gives a release's whole count; this says where it goes. Each
function named is replaced, after the warm-up, by a wrapper that calls it through
``operator.call``, and callgrind collects only inside that C function
(``--toggle-collect=_operator_call``): the count is the functions' own, callees
included, whatever else the process does. Functions named together must not call one
another (a nested call would toggle collection off); name them in separate runs.

    PYTHONPATH=src .venv/bin/python benchmarks/fill_sections.py --script cjk \\
        pubrelease.filling.appearance:ValueFonts._fit pubrelease.filling.fill:write_update

Each argument is ``module:attribute`` (a dotted attribute: ``Class.method``), or several
joined by commas to be counted together; the wrapper replaces the attribute where it is
looked up, so name a function in the module that calls it (``fill`` imports
``write_update``: ``pubrelease.filling.fill:write_update``). A run takes half a minute.
"""

from __future__ import annotations

import argparse
import importlib
import operator
import sys
from pathlib import Path
from typing import Any

from callgrind import instructions

HERE = Path(__file__).resolve().parent


def _wrap(target: str) -> None:
    module, _, dotted = target.partition(":")
    owner: Any = importlib.import_module(module)
    *path, name = dotted.split(".")
    for part in path:
        owner = getattr(owner, part)
    function = getattr(owner, name)
    call = operator.call

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return call(function, *args, **kwargs)

    setattr(owner, name, wrapper)


def _worker(script: str, count: int, targets: str) -> None:
    sys.path.insert(0, str(HERE))
    import bench_fill

    import pubrelease.filling.fill as filling
    from pubrelease import load_form

    roster = bench_fill.build_roster(3000, 2020)
    chosen = [r for r in roster if r["cls"] == script]
    latin = next(r for r in roster if r["cls"] == "latin")
    form = load_form()
    for record in [latin, *chosen[len(chosen) - 30 :]]:  # fonts loaded, glyphs met
        filling.fill(bench_fill.release_of(record), form)
    releases = [bench_fill.release_of(r) for r in chosen[:count]]
    for target in targets.split(","):
        _wrap(target)
    for release in releases:
        filling.fill(release, form)


def _count(script: str, count: int, targets: str) -> int:
    return instructions(
        __file__, script, str(count), targets, options=("--toggle-collect=_operator_call",)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--script", default="cjk", help="a class of bench_fill (default cjk)")
    parser.add_argument("--n", type=int, default=60, help="releases counted (default 60)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("targets", nargs="*", help="module:attribute[,module:attribute...]")
    args = parser.parse_args(argv)
    if args.worker:
        script, count, targets = args.worker
        _worker(script, int(count), targets)
        return 0
    for targets in args.targets:
        total = _count(args.script, args.n, targets)
        print(f"{args.script} {targets}: {total / args.n / 1e3:.1f} K instructions per release")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
