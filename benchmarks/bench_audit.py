#!/usr/bin/env python3
"""Audit a folder of returns: files per second with 1 and 2 workers, and peak memory.

The folder holds ``--n`` of our returns made by ``fill`` (every other one flattened;
names in Latin, Greek, Cyrillic, Vietnamese and CJK; see ``returns_corpus.py``). A
second folder holds the first tenth of them (hard links), so that memory can be
compared between folder sizes. Each ``audit(folder, workers=w)`` runs in a fresh
Python process of its own, which reports:

* wall time, files per second and milliseconds per file;
* the parent's peak resident memory (``VmHWM``) and how much it grew
  over its resting size after the imports (since issue 13 the parent spools the
  returns to disk instead of holding one record per return; ``bench_scale.py``
  measures that up to 10^5 returns);
* the workers' peak resident memory (``ru_maxrss`` of its children: the largest);
* the CPU time of parent and workers, and so how many cores the audit really had, and
  how many the rest of the machine kept busy meanwhile (``/proc/stat``).

Every audit runs ``--repeat`` times (2), the worker counts alternating; the fastest run
counts. Around the runs on the big folder a plain CPU-bound job (a Python loop) runs
in 1 and then 2 processes: a snapshot, about a second long and rough, of what the
shared machine let 2 processes gain; the cores the rest of the machine used during each
audit (``/proc/stat``) are the better evidence.

Then, side by side on the same sample files (one worker, like the single-threaded
peers), the audit's cost per file of a live and of a flattened return against pypdf
``PdfReader(path).get_fields()`` and pdfplumber ``extract_text()`` of every page.
The audit's time includes starting its worker process, spread over the sample.

    .venv/bin/python benchmarks/bench_audit.py --markdown

Targets (issue): a live return audited within 1.5x the time pypdf needs only to read
its fields; flattened ones at least 3x faster than pdfplumber's text extraction
alone; two workers at least 1.5x one; memory independent of folder size.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import logging
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchaudit_common import link_returns, log, mb, render, run_child, status_kb
from benchmeta import machine
from returns_corpus import write_returns

LIVE_LIMIT = 1.5
PLUMBER_FACTOR = 3.0
SPEEDUP = 1.5
MEMORY_SLACK = 1.10
"""Memory counts as independent of folder size when 10x the files peak within 10% more."""


# --------------------------------------------------------------------------- one audit, alone


def _machine_ticks() -> tuple[int, int, int]:
    """Busy, stolen (by the hypervisor) and total CPU ticks of the whole machine so far."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + irq + softirq
    return busy, steal, busy + steal + idle + iowait


def child(folder: str, workers: int) -> None:
    """Run one audit in this (fresh) process and print what it cost, as JSON."""
    from pubrelease.auditing.audit import audit

    gc.collect()
    resting = status_kb("VmRSS")
    before = os.times()
    ticks_before = _machine_ticks()
    start = time.perf_counter()
    report = audit(folder, workers=workers)
    seconds = time.perf_counter() - start
    ticks_after = _machine_ticks()
    after = os.times()
    busy, steal, total = (a - b for a, b in zip(ticks_after, ticks_before, strict=True))
    cores = (os.cpu_count() or 1) / max(1, total)
    statuses = collections.Counter(r.record.status.value for r in report.returns)
    print(
        json.dumps(
            {
                "files": len(report.returns),
                "seconds": seconds,
                "statuses": dict(statuses),
                "resting_kb": resting,
                "parent_peak_kb": status_kb("VmHWM"),
                "workers_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                "machine_busy_cores": busy * cores,
                "machine_steal_cores": steal * cores,
                "parent_cpu": after.user - before.user + after.system - before.system,
                "workers_cpu": (
                    after.children_user
                    - before.children_user
                    + after.children_system
                    - before.children_system
                ),
            }
        )
    )


def run_alone(folder: Path, workers: int) -> dict[str, Any]:
    return run_child(__file__, ["--child", str(folder), "--workers", str(workers)])


def best_of(count: int, workers: int, tries: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run's times; the highest peaks of all runs."""
    best = min(tries, key=lambda t: t["seconds"])
    return {
        **best,
        "folder_files": count,
        "workers": workers,
        "all_seconds": [t["seconds"] for t in tries],
        "all_others": [others(t) for t in tries],
        "parent_peak_kb": max(t["parent_peak_kb"] for t in tries),
        "workers_peak_kb": max(t["workers_peak_kb"] for t in tries),
        "resting_kb": min(t["resting_kb"] for t in tries),
    }


def others(run: dict[str, Any]) -> float:
    """Cores the rest of the machine kept busy (or the hypervisor took) during an audit."""
    ours = (run["workers_cpu"] + run["parent_cpu"]) / run["seconds"]
    return max(0.0, run["machine_busy_cores"] - ours) + run["machine_steal_cores"]


def _spin(count: int) -> None:
    total = 0
    for i in range(count):
        total += i


def cpu_probe(count: int = 25_000_000) -> float:
    """How much faster 2 processes do 2 units of plain CPU work than 1 process does 1 x 2.

    About 2.0 on an idle 2-core machine, less when other work holds a core; a snapshot
    of about a second, so rough.
    """
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    walls = []
    for procs in (1, 2):
        start = time.perf_counter()
        running = [ctx.Process(target=_spin, args=(count,)) for _ in range(procs)]
        for proc in running:
            proc.start()
        for proc in running:
            proc.join()
        walls.append(time.perf_counter() - start)
    return 2 * walls[0] / walls[1]


# --------------------------------------------------------------------------- per file, side by side


def per_file(sample: dict[str, list[Path]], base: Path, plumber_n: int, rounds: int) -> list[dict]:
    """Audit vs pypdf fields vs pdfplumber on the same sample files, ms per file, best round."""
    import pdfplumber
    from pypdf import PdfReader

    from pubrelease.auditing.audit import audit

    def fields(paths: list[Path]) -> None:
        for path in paths:
            PdfReader(path).get_fields()

    def plumber(paths: list[Path]) -> None:
        for path in paths:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()

    rows = []
    for kind, paths in sample.items():
        folders = {}
        for name, chosen in (("all", paths), ("sub", paths[:plumber_n])):
            folder = base / f"sample-{kind}-{name}"
            folders[name] = link_returns(chosen, folder, len(chosen), numbered=False)
        subset = paths[:plumber_n]
        jobs = {
            "audit": (lambda f=folders["all"]: audit(f, workers=1), len(paths)),
            "audit-sub": (lambda f=folders["sub"]: audit(f, workers=1), len(subset)),
            "pypdf-fields": (lambda p=paths: fields(p), len(paths)),
            "pdfplumber": (lambda p=subset: plumber(p), len(subset)),
        }
        best = dict.fromkeys(jobs, float("inf"))
        names = list(jobs)
        for round_number in range(rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                run, count = jobs[name]
                gc.collect()
                start = time.perf_counter()
                run()
                best[name] = min(best[name], (time.perf_counter() - start) / count * 1e3)
        rows.append({"kind": kind, "files": len(paths), "plumber_files": len(subset), **best})
    return rows


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="returns in the folder (10000)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run (1,2)")
    parser.add_argument("--sample", type=int, default=200, help="files per kind, per-file (200)")
    parser.add_argument(
        "--plumber-n", type=int, default=100, help="of which pdfplumber reads (100)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="per-file rounds, best counts (2)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="audits of each folder and worker count (2)"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--keep", type=Path, help="build the folders here and keep them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.child:
        child(args.child, workers[0])
        return 0

    started = machine()
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        base = args.keep or Path(tmp)
        big = base / f"returns-{args.n}"
        t0 = time.perf_counter()
        paths = write_returns(big, args.n)
        log(f"{args.n} returns written in {time.perf_counter() - t0:.0f} s")
        small_n = max(1, args.n // 10)
        small = link_returns(paths[:small_n], base / f"returns-{small_n}", small_n, numbered=False)

        runs, probes = [], []
        for folder, count in ((small, small_n), (big, args.n)):
            tries: dict[int, list[dict[str, Any]]] = {w: [] for w in workers}
            for rep in range(args.repeat):
                if count == args.n:
                    probes.append(cpu_probe())
                for w in workers if rep % 2 == 0 else workers[::-1]:
                    t0 = time.perf_counter()
                    tries[w].append(run_alone(folder, w))
                    took = time.perf_counter() - t0
                    log(f"audit of {count} with {w} worker(s), run {rep + 1}: {took:.0f} s")
            for w in workers:
                runs.append(best_of(count, w, tries[w]))
        probes.append(cpu_probe())

        live = [p for p in paths if not p.stem.endswith("-flat")][: args.sample]
        flat = [p for p in paths if p.stem.endswith("-flat")][: args.sample]
        t0 = time.perf_counter()
        sides = per_file(
            {"live": live, "flattened": flat}, base, min(args.plumber_n, args.sample), args.rounds
        )
        log(f"per-file comparison: {time.perf_counter() - t0:.0f} s")

    print_report(args, started, runs, sides, workers, probes)
    return 0 if all(met for _, met, _ in judge(runs, sides, workers, probes)) else 1


def judge(
    runs: list[dict], sides: list[dict], workers: list[int], probes: list[float]
) -> list[tuple[str, bool, str]]:
    out = []
    by_kind = {s["kind"]: s for s in sides}
    live = by_kind["live"]
    ratio = live["audit"] / live["pypdf-fields"]
    out.append(
        (
            f"live return audited within {LIVE_LIMIT:g}x pypdf get_fields",
            ratio <= LIVE_LIMIT,
            f"{ratio:.2f}x",
        )
    )
    flat = by_kind["flattened"]
    factor = flat["pdfplumber"] / flat["audit-sub"]
    out.append(
        (
            f"flattened return audited >= {PLUMBER_FACTOR:g}x faster than pdfplumber text",
            factor >= PLUMBER_FACTOR,
            f"{factor:.1f}x",
        )
    )
    biggest = max(r["folder_files"] for r in runs)
    timing = {r["workers"]: r["seconds"] for r in runs if r["folder_files"] == biggest}
    if 1 in timing and 2 in timing:
        speedup = timing[1] / timing[2]
        ceiling = ", ".join(f"{p:.2f}x" for p in probes)
        out.append(
            (
                f"two workers >= {SPEEDUP:g}x one ({biggest} files)",
                speedup >= SPEEDUP,
                f"{speedup:.2f}x (plain CPU-bound job, 2 processes vs 1, same run: {ceiling})",
            )
        )
    smallest = min(r["folder_files"] for r in runs)
    extra = biggest - smallest
    for key, who in (("workers_peak_kb", "worker"), ("parent_peak_kb", "parent")):
        small = max(r[key] for r in runs if r["folder_files"] == smallest)
        large = max(r[key] for r in runs if r["folder_files"] == biggest)
        grow = large / small
        per_file = (large - small) * 1024 / extra if extra else 0.0
        out.append(
            (
                f"{who} peak memory with {biggest} files within {MEMORY_SLACK:g}x "
                f"of {smallest} files",
                grow <= MEMORY_SLACK,
                f"{mb(small)} -> {mb(large)} MB ({grow:.2f}x; {per_file:.0f} bytes per extra file)",
            )
        )
    return out


def print_report(
    args: argparse.Namespace,
    started: str,
    runs: list[dict],
    sides: list[dict],
    workers: list[int],
    probes: list[float],
) -> None:
    markdown = args.markdown
    prefix = "" if markdown else "# "
    print(f"{prefix}Machine at start: {started}")
    print(f"{prefix}Load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    one = {r["folder_files"]: r["seconds"] for r in runs if r["workers"] == 1}
    header = [
        "folder files",
        "workers",
        "seconds",
        "runs s (others' cores)",
        "files/s",
        "ms/file",
        "speedup vs 1 worker",
        "parent peak MB",
        "parent growth MB",
        "worker peak MB",
        "worker CPU s",
        "cores busy",
        "others' cores",
        "statuses",
    ]
    rows = []
    for r in runs:
        speedup = one.get(r["folder_files"])
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items()))
        ours = (r["workers_cpu"] + r["parent_cpu"]) / r["seconds"]
        rows.append(
            [
                str(r["folder_files"]),
                str(r["workers"]),
                f"{r['seconds']:.1f}",
                ", ".join(
                    f"{t:.1f} ({o:.2f})"
                    for t, o in zip(r["all_seconds"], r["all_others"], strict=True)
                ),
                f"{r['files'] / r['seconds']:.0f}",
                f"{r['seconds'] / r['files'] * 1e3:.2f}",
                f"{speedup / r['seconds']:.2f}x" if speedup else "-",
                mb(r["parent_peak_kb"]),
                mb(r["parent_peak_kb"] - r["resting_kb"]),
                mb(r["workers_peak_kb"]),
                f"{r['workers_cpu']:.1f}",
                f"{ours:.2f}",
                f"{others(r):.2f}",
                statuses,
            ]
        )
    print(render(header, rows, markdown))
    print()
    header = [
        "kind",
        "files",
        "audit ms (1 worker)",
        "pypdf fields ms",
        "audit / pypdf fields",
        "pdfplumber ms (files)",
        "audit ms on those files",
        "pdfplumber / audit",
    ]
    rows = [
        [
            s["kind"],
            str(s["files"]),
            f"{s['audit']:.2f}",
            f"{s['pypdf-fields']:.2f}",
            f"{s['audit'] / s['pypdf-fields']:.2f}x",
            f"{s['pdfplumber']:.0f} ({s['plumber_files']})",
            f"{s['audit-sub']:.2f}",
            f"{s['pdfplumber'] / s['audit-sub']:.1f}x",
        ]
        for s in sides
    ]
    print(render(header, rows, markdown))
    print()
    verdicts = [
        [what, "yes" if met else "NO", measured]
        for what, met, measured in judge(runs, sides, workers, probes)
    ]
    print(render(["target", "met", "measured"], verdicts, markdown))
    print()
    for line in (
        "Each audit runs alone in a fresh process; memory is peak resident: the parent's "
        "(VmHWM), its growth over its resting size after the imports, and the largest "
        "worker's (ru_maxrss of the children). 'worker CPU s' is the CPU time of all workers "
        "together and 'cores busy' (parent and workers' CPU time over wall time) how many of "
        "the machine's cores the audit really had: on a shared machine, fewer than the "
        "workers asked for. 'others' cores' is what the rest of the machine used meanwhile "
        "(/proc/stat: busy ticks of all processes minus the audit's own, plus ticks the "
        "hypervisor stole); 'runs s' gives every run's time with it.",
        f"Every audit ran {args.repeat} times, alternating the worker counts; 'seconds' and "
        "the columns after it are the fastest run's, the memory the highest of all runs. "
        "Before each round on the big folder and at the end, a plain CPU-bound job (a Python "
        "loop) ran in 1 and then 2 processes: a rough, second-long snapshot of what the "
        "machine let 2 processes gain ('others' cores', over each whole audit, says more).",
        f"The folder of {min(r['folder_files'] for r in runs)} files holds the first tenth "
        "of the big one (hard links): the same mix, live and flattened alternating.",
        f"Per-file comparison: {args.sample} files of each kind taken from the folder, "
        f"best of {args.rounds} rounds, the audit with one worker (its start included); "
        f"pdfplumber reads the first {min(args.plumber_n, args.sample)} and the audit is "
        "timed again on exactly those.",
    ):
        print(f"- {line}" if markdown else f"# {line}")


if __name__ == "__main__":
    sys.exit(main())
