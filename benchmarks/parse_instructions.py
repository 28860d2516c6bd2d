#!/usr/bin/env python3
"""Instructions per ``parse`` of a folder's returns, counted by callgrind: a measure load
cannot move.

The companion of ``fill_instructions.py`` for the reading side. ``parse`` runs under
``valgrind --tool=callgrind`` twice, in one process each: the folder's first ``--warm``
files (the form loaded, its pages' characters and glyphs remembered), then 0 and
``--n`` more; the difference divided by ``--n`` is printed. Start-up, imports and the
warm-up cancel out.

    PYTHONPATH=src .venv/bin/python benchmarks/parse_instructions.py DIR

Folders of every kind of return can be made with ``bench_parse.py --keep DIR``. Run it
for two checkouts (``PYTHONPATH`` of each ``src``) for a before/after; each run takes a
few minutes (callgrind is about fifty times slower than the program).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from callgrind import instructions


def _worker(folder: str, warm: int, count: int) -> None:
    from pubrelease import parse

    files = sorted(Path(folder).glob("*.pdf"))
    if len(files) < warm + count:
        raise SystemExit(f"{folder}: {len(files)} PDF files, {warm + count} needed")
    for path in files[: warm + count]:
        parse(path)


def _count(folder: str, warm: int, count: int) -> int:
    return instructions(__file__, folder, str(warm), str(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help="a folder of returns (*.pdf)")
    parser.add_argument("--warm", type=int, default=3, help="files parsed first (3)")
    parser.add_argument("--n", type=int, default=10, help="files counted (default 10)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        folder, warm, count = args.worker
        _worker(folder, int(warm), int(count))
        return 0
    if args.folder is None:
        parser.error("a folder of returns is needed")
    base = _count(args.folder, args.warm, 0)
    total = _count(args.folder, args.warm, args.n)
    print(f"{args.folder}: {(total - base) / args.n / 1e6:.1f} M instructions per parse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
