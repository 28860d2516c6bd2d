#!/usr/bin/env python3
"""Peak memory of the command line's round, ``pubrelease fill --roster R --out-dir O``,
at several roster sizes side by side (issue 11: within 10 MB from 100 to 10,000 rows).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_round.py [--counts 100,1000,10000]

For each count, :func:`bench_fill.build_roster`'s mixed-script roster (seed 2020) is
written as CSV (or ``--format jsonl``, ``json``, ``xlsx``) and the command runs twice in a
fresh folder, each run a process of its own: the first round issues every row, the second
finds nothing new. The table gives each run's peak resident memory (``ru_maxrss`` of the
process, what ``/usr/bin/time -f %M`` prints) and wall time, and the growth over the
smallest count.

``--digests N`` prints instead the SHA-256 of every file (releases and manifests) after
three rounds in one folder (half the roster; all of it, with an extra column and a
reissue; all of it again), release ids drawn from a counter rather than at random, so
that two checkouts can be compared byte for byte (``PYTHONPATH`` of each ``src``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("speaker_name", "event_title", "event_date", "effective_date", "signature", "sign_date")


def write_roster(path: Path, count: int, kind: str, seed: int = 2020) -> Path:
    sys.path.insert(0, str(HERE))
    from bench_fill import build_roster

    rows = [
        {c: rec["speaker_name"] if c == "signature" else rec[c] for c in COLUMNS}
        for rec in build_roster(count, seed)
    ]
    path = path.with_suffix(f".{kind}")
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([row[c] for c in COLUMNS])
        book.save(path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        if kind == "csv":
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        elif kind == "jsonl":
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        else:
            json.dump(rows, handle, ensure_ascii=False, indent=1)
    return path


def run_cli(args: list[str]) -> tuple[int, float, int]:
    """Peak RSS (KB) and wall time of ``python -m pubrelease`` with ``args``; exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "pubrelease", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss, time.perf_counter() - start, child.returncode


def memory(counts: list[int], kind: str, work: Path) -> None:
    print(f"{'rows':>6} {'round':>6} {'peak MB':>8} {'+MB':>6} {'s':>7} exit")
    base: dict[str, float] = {}
    for count in counts:
        roster = write_roster(work / f"roster{count}", count, kind)
        out = work / f"out{count}"
        for run in ("first", "second"):
            peak, took, code = run_cli(["fill", "--roster", str(roster), "--out-dir", str(out)])
            mb = peak / 1024
            base.setdefault(run, mb)
            print(f"{count:>6} {run:>6} {mb:8.1f} {mb - base[run]:+6.1f} {took:7.1f} {code}")
            sys.stdout.flush()


def digests(count: int, work: Path) -> None:
    """Three rounds of a CSV roster: its first half; all of it, its second half with an
    ``email`` column and row 3 reissued; all of it again with nothing new."""
    whole = write_roster(work / f"roster{count}", count, "csv")
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    half = work / "half.csv"
    half.write_text("".join(lines[: 1 + count // 2]), encoding="utf-8")
    lines = [lines[0].rstrip("\n") + ",email\n"] + [
        line.rstrip("\n") + (f",s{at}@example.org\n" if at > count // 2 else ",\n")
        for at, line in enumerate(lines[1:], start=1)
    ]
    whole.write_text("".join(lines), encoding="utf-8")
    out = work / "out"
    codes = []
    for start, roster, more in ((1, half, []), (10**6, whole, ["--reissue", "3"]),
                                (2 * 10**6, whole, [])):  # fmt: skip
        args = ["fill", "--roster", str(roster), "--out-dir", str(out), *more]
        codes.append(
            subprocess.run(
                [sys.executable, "-c", _FIXED_IDS, *args],
                stdout=subprocess.DEVNULL,
                env={**os.environ, "BENCH_ROUND_FIRST_ID": str(start)},
                check=False,
            ).returncode
        )
    code = " ".join(map(str, codes))
    total = hashlib.sha256()
    for path in sorted(out.iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        total.update(f"{path.name} {digest}\n".encode())
        print(path.name, digest)
    print("exit", code, "all", total.hexdigest())


_FIXED_IDS = """
import itertools, os, sys, uuid
ids = itertools.count(int(os.environ["BENCH_ROUND_FIRST_ID"]))
uuid.uuid4 = lambda: uuid.UUID(int=next(ids))
from pubrelease.cli import main
sys.argv[0] = "pubrelease"
main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="100,1000,10000")
    parser.add_argument("--format", default="csv", choices=("csv", "jsonl", "json", "xlsx"))
    parser.add_argument("--digests", type=int, metavar="N", help="digests of a round of N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-round-") as work:
        if args.digests:
            digests(args.digests, Path(work))
        else:
            memory([int(c) for c in args.counts.split(",")], args.format, Path(work))


if __name__ == "__main__":
    main()
