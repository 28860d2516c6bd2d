#!/usr/bin/env python3
"""How many names of each script read back wrong: failing (name, mode) pairs.

For each script, ``--n`` names are drawn from a seeded generator
(``tests/scriptnames.py``: Arabic with harakat, Persian with ZWNJ, Hebrew with niqqud,
Devanagari, Bengali, Tamil, Thai, CJK, Vietnamese, Greek, Cyrillic, mixed direction);
each is filled as a release's speaker name and signature, returned live or flattened
(``fill`` itself, pdftk, qpdf) and parsed. A pair fails when either value does not read
back to the name (``text.shown``), the title changes, or the return is not ``valid``.

    PYTHONPATH=src .venv/bin/python benchmarks/script_readback.py --n 50 \
        [--modes pubrelease,pdftk] [--scripts arabic,hebrew] [--seed 11] [--show 3] [--jobs 1]

Prints a markdown table of failures per script and mode, and (``--show``) a few failing
names with what they read as.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from tests.scriptnames import MODES, SCRIPTS, Outcome, check, make_name  # noqa: E402

ALL_SCRIPTS = (*SCRIPTS, "mixed")


def _run(job: tuple[str, Sequence[str], Sequence[str]]) -> list[tuple[str, Outcome]]:
    script, names, modes = job
    out = []
    with tempfile.TemporaryDirectory(prefix="readback-") as tmp:
        for name in names:
            for mode in modes:
                out.append((script, check(name, mode, Path(tmp))))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=50, help="names a script")
    parser.add_argument("--modes", default="pubrelease,pdftk")
    parser.add_argument("--scripts", default=",".join(ALL_SCRIPTS))
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=3, help="failing names shown a script")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    modes = args.modes.split(",")
    scripts = args.scripts.split(",")
    for mode in modes:
        if mode not in MODES:
            parser.error(f"unknown mode {mode!r}; use {', '.join(MODES)}")
    jobs = []
    for script in scripts:
        rng = random.Random(f"{args.seed}-{script}")
        jobs.append((script, [make_name(script, rng) for _ in range(args.n)], modes))
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = [r for chunk in pool.map(_run, jobs) for r in chunk]
    else:
        results = [r for job in jobs for r in _run(job)]
    print(f"| script | {' | '.join(modes)} | total |")
    print("|---|" + "---|" * (len(modes) + 1))
    for script in scripts:
        mine = [o for s, o in results if s == script]
        counts = [sum(not o.ok for o in mine if o.mode == m) for m in modes]
        cells = [f"{c}/{args.n}" for c in counts]
        print(f"| {script} | {' | '.join(cells)} | {sum(counts)}/{args.n * len(modes)} |")
    for script in scripts:
        failed = [o for s, o in results if s == script and not o.ok][: args.show]
        for o in failed:
            print(f"{script} {o.mode}: {o.name!r} -> {'; '.join(o.problems)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
