#!/usr/bin/env python3
"""Audits at scale: streaming memory, re-audits with the cache, Dask against the local engine.

``--distinct`` returns are made by ``fill`` (every other one flattened; see
``returns_corpus.py``). Then, each audit alone in a fresh Python process:

* **throughput**: the distinct folder audited with 1 and 2 local workers, no cache;
* **re-audit**: the same folder audited with ``--cache`` twice: the first run fills the
  cache, the second finds every file unchanged; the second's time against the first's.
  Twice: the folder just written (its files changed within the minute, so each is read
  and hashed at every audit), and then, with a cache of its own, once its files are a
  minute old, as an archive's are (each file's state, remembered by the first run, then
  stands for its bytes: ``auditing/filestate.py``; the benchmark waits for it);
* **memory at scale**: folders of each size in ``--sizes`` made of hard links to the
  distinct returns (so 10^5 returns fit on disk and in minutes), each audited with a warm
  cache and its JSON and CSV reports written: every file still goes through the listing,
  a worker (read, hash, cache look-up), the spool and the reports, which is what could
  grow with the folder; the reading itself is measured by the throughput runs. Peak
  resident memory of the parent (``VmHWM``) and of the largest worker (children's
  ``ru_maxrss``);
* **Dask**: the distinct folder through a ``distributed.LocalCluster`` of 2 single-threaded
  worker processes against the local engine with 2 workers; the records compared one by
  one (the cluster's start is timed apart).

    .venv/bin/python benchmarks/bench_scale.py --markdown

Targets (issue): the parent's and each worker's peak within 20 MB between the smallest
and the largest folder; an unchanged folder re-audited in at most 10% of the first run's
time; the Dask engine's records identical to the local engine's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchaudit_common import link_returns, log, mb, render, run_child, status_kb
from benchmeta import machine
from returns_corpus import write_returns

from pubrelease.auditing.filestate import SETTLED_NS

MEMORY_MB = 20
REAUDIT = 0.10
PARTS = ("speed", "cache", "memory", "dask")


def child(args: argparse.Namespace) -> None:
    """One audit in this fresh process; prints what it cost as JSON."""
    from pubrelease.auditing.audit import audit
    from pubrelease.auditing.reports import write_report

    engine = None
    cluster_seconds = 0.0
    if args.dask:
        from distributed import LocalCluster

        from pubrelease.auditing.dask_engine import DaskEngine

        start = time.perf_counter()
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        engine = DaskEngine(cluster.scheduler_address)
        cluster_seconds = time.perf_counter() - start
    resting = status_kb("VmRSS")
    start = time.perf_counter()
    report = audit(args.child, workers=args.workers, cache=args.cache, engine=engine)
    if args.reports:
        out = Path(args.reports)
        write_report(report, json_path=out / "a.json", csv_path=out / "a.csv", overwrite=True)
    seconds = time.perf_counter() - start
    result: dict[str, Any] = {
        "files": len(report.returns),
        "cached": report.cached,
        "seconds": seconds,
        "cluster_seconds": cluster_seconds,
        "resting_kb": resting,
        "parent_peak_kb": status_kb("VmHWM"),
        "workers_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "statuses": report.summary()["by_status"],
    }
    if args.records:
        with open(args.records, "w", encoding="utf-8") as handle:
            for item in report.returns:
                handle.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    print(json.dumps(result))
    if args.dask:
        cluster.close()


def alone(folder: Path, workers: int, **options: Any) -> dict[str, Any]:
    argv = ["--child", str(folder), "--workers", str(workers)]
    for key, value in options.items():
        if value is True:
            argv.append(f"--{key}")
        elif value is not None:
            argv += [f"--{key}", str(value)]
    return run_child(__file__, argv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--distinct", type=int, default=1000, help="returns made (1000)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="folder sizes (memory)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"what to run, comma separated ({','.join(PARTS)}); e.g. --distinct 10000 "
        "--parts cache: the re-audit of 10^4 distinct returns, from an empty cache",
    )
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the folders here and keep them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--reports", help=argparse.SUPPRESS)
    parser.add_argument("--records", help=argparse.SUPPRESS)
    parser.add_argument("--dask", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if unknown := parts - set(PARTS):
        parser.error(f"unknown parts {sorted(unknown)}; use {','.join(PARTS)}")
    started = machine()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows_speed: list[list[str]] = []
    rows_memory: list[list[str]] = []
    verdicts: list[tuple[str, bool, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        base = args.keep or Path(tmp)
        distinct = base / "distinct"
        t0 = time.perf_counter()
        paths = write_returns(distinct, args.distinct)
        written = time.time()
        log(f"{len(paths)} returns written in {time.perf_counter() - t0:.0f} s")

        for workers in (1, 2) if "speed" in parts else ():
            run = alone(distinct, workers)
            log(f"first audit, {workers} worker(s): {run['seconds']:.1f} s")
            rows_speed.append(
                [
                    f"audit, {workers} worker(s), no cache",
                    str(run["files"]),
                    f"{run['seconds']:.1f}",
                    f"{run['files'] / run['seconds']:.0f}",
                    f"{run['seconds'] / run['files'] * 1e3:.2f}",
                    "",
                ]
            )
        cache = base / "cache"
        if "cache" in parts or "memory" in parts:  # the memory runs need the warm cache
            # twice: the folder as just written (every file changed within the minute:
            # read and hashed at every audit), then its files a minute old, as an
            # archive's are (a file's state then stands for its bytes: auditing/filestate)
            runs = [("files just written", cache)]
            if "cache" in parts:
                runs.append(("files a minute old", base / "cache-settled"))
            for when, where in runs:
                if where != cache:
                    rest = SETTLED_NS / 1e9 - (time.time() - written)
                    if rest > 0:
                        log(f"waiting {rest:.0f} s for the files to be a minute old")
                        time.sleep(rest)
                first = alone(distinct, 2, cache=where)
                again = alone(distinct, 2, cache=where)
                seconds = f"first {first['seconds']:.1f} s, again {again['seconds']:.1f} s"
                log(f"cache ({when}): {seconds}")
                for label, run in (
                    (f"first audit, empty cache, {when}", first),
                    (f"re-audit, unchanged, {when}", again),
                ):
                    rows_speed.append(
                        [
                            f"{label}, 2 workers",
                            str(run["files"]),
                            f"{run['seconds']:.1f}",
                            f"{run['files'] / run['seconds']:.0f}",
                            f"{run['seconds'] / run['files'] * 1e3:.2f}",
                            str(run["cached"]),
                        ]
                    )
                share = again["seconds"] / first["seconds"]
                verdicts.append(
                    (
                        f"unchanged folder of {args.distinct} ({when}) re-audited in "
                        f"<= {REAUDIT:.0%} of the first",
                        share <= REAUDIT and again["cached"] == again["files"],
                        f"{share:.1%} ({again['seconds']:.2f} s vs {first['seconds']:.1f} s; "
                        f"{again['cached']} of {again['files']} from the cache)",
                    )
                )

        peaks = []
        for size in sizes if "memory" in parts else ():
            folder = link_returns(paths, base / f"links-{size}", size, numbered=True)
            reports = base / f"reports-{size}"
            reports.mkdir()
            run = alone(folder, 2, cache=cache, reports=reports)
            log(f"memory, {size} returns: {run['seconds']:.1f} s")
            peaks.append(run)
            rows_memory.append(
                [
                    str(size),
                    f"{run['seconds']:.1f}",
                    str(run["cached"]),
                    mb(run["resting_kb"]),
                    mb(run["parent_peak_kb"]),
                    mb(run["workers_peak_kb"]),
                    f"{(reports / 'a.json').stat().st_size / 1e6:.0f}",
                ]
            )
        for key, who in (("parent_peak_kb", "parent"), ("workers_peak_kb", "worker")):
            if not peaks:
                break
            low, high = peaks[0][key], peaks[-1][key]
            verdicts.append(
                (
                    f"{who} peak at {sizes[-1]} returns within {MEMORY_MB} MB of {sizes[0]}",
                    (high - low) / 1024 <= MEMORY_MB,
                    f"{mb(low)} -> {mb(high)} MB",
                )
            )

        if "dask" in parts and not args.no_dask:
            local_records = base / "local.jsonl"
            dask_records = base / "dask.jsonl"
            local = alone(distinct, 2, records=local_records)
            remote = alone(distinct, 2, dask=True, records=dask_records)
            same = local_records.read_bytes() == dask_records.read_bytes()
            log(f"dask {remote['seconds']:.1f} s (cluster {remote['cluster_seconds']:.1f} s)")
            for label, run in (
                ("local engine, 2 workers", local),
                ("Dask LocalCluster, 2", remote),
            ):
                rows_speed.append(
                    [
                        label,
                        str(run["files"]),
                        f"{run['seconds']:.1f}",
                        f"{run['files'] / run['seconds']:.0f}",
                        f"{run['seconds'] / run['files'] * 1e3:.2f}",
                        f"cluster start {run['cluster_seconds']:.1f} s"
                        if run["cluster_seconds"]
                        else "",
                    ]
                )
            verdicts.append(
                (
                    "Dask records identical to the local engine's",
                    same,
                    "identical" if same else "DIFFERENT",
                )
            )

    prefix = "" if args.markdown else "# "
    print(f"{prefix}Machine at start: {started}")
    print(f"{prefix}Load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print(
        render(
            ["audit", "files", "seconds", "files/s", "ms/file", "note"], rows_speed, args.markdown
        )
    )
    print()
    header = [
        "returns",
        "seconds",
        "from cache",
        "parent resting MB",
        "parent peak MB",
        "worker peak MB",
        "JSON report MB",
    ]
    if rows_memory:
        print(render(header, rows_memory, args.markdown))
        print()
    table = [[what, "yes" if met else "NO", measured] for what, met, measured in verdicts]
    print(render(["target", "met", "measured"], table, args.markdown))
    return 0 if all(met for _, met, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
