"""Parsing many files in worker processes, each file bounded in time and memory.

Returns come from strangers: a file may hang a parser, exhaust memory or crash
it. Every file is parsed in a worker process whose address space is capped;
a worker that overruns the time limit is killed, one that dies is replaced,
and the file gets its own ``unreadable`` record with the reason. Results come
back in the order the files were given, whatever the number of workers.
Workers *read*; the caller judges each record once (:func:`pubrelease.verify.verify`),
against the roster row it matches.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..display import file_name
from ..files import read_regular
from ..form.registry import DEFAULT_FORM
from ..reading.trust import TrustRoots
from ..record import Finding, Record, Severity, Source

__all__ = ["DEFAULT_LIMITS", "Limits", "parse_all"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on parsing one file."""

    seconds: float = 30.0
    """Wall-clock time for one file."""
    memory_mb: int = 1024
    """Address space a worker may add beyond what it needs at rest."""


DEFAULT_LIMITS = Limits()


class _Named(io.BytesIO):
    """Bytes read from a file, carrying the name to show for it."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _vm_size() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def _worker(
    conn: Connection, form_name: str, memory_mb: int, pictures: bool, trust: TrustRoots | None
) -> None:
    from ..form.registry import load_form
    from ..reading.pictures import signature_block_png
    from ..reading.read import read

    form = load_form(form_name)
    try:
        import resource

        base = _vm_size()
        if base is not None:
            cap = base + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # no rlimits here (not Linux): time limit only
        pass
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        picture: bytes | None = None
        shown, raw_name = file_name(path)
        try:
            data = read_regular(path)
        except OSError as exc:
            conn.send(
                (index, Record.unreadable(shown, f"cannot read: {exc.strerror or exc}"), None)
            )
            continue
        try:
            # the verdict and the picture come from the same bytes, read once
            record = read(_Named(data, shown), form=form, trust=trust)
            if pictures and record.source is Source.OCR:
                from ..reading.ocr.crops import scan_block_png

                picture = scan_block_png(data, form)
            elif pictures and record.source is not Source.NONE:
                picture = signature_block_png(data, form=form)
        except MemoryError:
            record = Record.unreadable(shown, f"needs more than {memory_mb} MB of memory to read")
        except RecursionError:
            record = Record.unreadable(shown, "nested too deeply to read")
        except Exception as exc:  # a stranger's file must not stop the audit
            record = Record.unreadable(shown, f"the reader failed: {type(exc).__name__}: {exc}")
        if raw_name:
            note = Finding(
                "file-name", Severity.WARNING, "the file name is not UTF-8 (shown escaped)"
            )
            record = dataclasses.replace(
                record, findings=(*record.findings, note), observations=(*record.observed, note)
            )
        conn.send((index, record, picture))


class _Worker:
    def __init__(
        self, ctx: Any, form_name: str, limits: Limits, pictures: bool, trust: TrustRoots | None
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker, args=(child, form_name, limits.memory_mb, pictures, trust), daemon=True
        )
        self.process.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0

    def give(self, index: int, path: str, seconds: float) -> None:
        self.task = (index, path)
        self.deadline = time.monotonic() + seconds
        self.conn.send(self.task)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def parse_all(
    paths: Sequence[str],
    *,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    form_name: str = DEFAULT_FORM,
    progress: Callable[[int], None] | None = None,
    pictures: bool = False,
    trust: TrustRoots | None = None,
) -> list[tuple[Record, bytes | None]]:
    """A reading (no verdict yet) for every path, in order, by ``workers`` processes.

    With ``pictures``, each readable return also gets a PNG of its signature block.
    """
    if not paths:
        return []
    count = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    pool = [_Worker(ctx, form_name, limits, pictures, trust) for _ in range(count)]
    results: list[tuple[Record, bytes | None] | None] = [None] * len(paths)
    queue = list(enumerate(paths))
    queue.reverse()
    done = 0
    try:
        for worker in pool:
            if queue:
                index, path = queue.pop()
                worker.give(index, path, limits.seconds)
        while done < len(paths):
            busy = [w for w in pool if w.task is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for slot, worker in enumerate(pool):
                if worker.task is None:
                    continue
                index, path = worker.task
                record: Record | None = None
                picture: bytes | None = None
                replace = False
                if worker.conn in ready:
                    try:
                        got_index, record, picture = worker.conn.recv()
                        assert got_index == index
                    except (EOFError, OSError):
                        record, replace = (
                            Record.unreadable(file_name(path)[0], _death(worker)),
                            True,
                        )
                elif worker.process.sentinel in ready:
                    record, replace = Record.unreadable(file_name(path)[0], _death(worker)), True
                elif time.monotonic() >= worker.deadline:
                    record, replace = (
                        Record.unreadable(
                            file_name(path)[0],
                            f"took longer than {limits.seconds:g} s to read (stopped)",
                        ),
                        True,
                    )
                if record is None:
                    continue
                results[index] = (record, picture)
                done += 1
                if progress is not None:
                    progress(done)
                worker.task = None
                if replace:
                    worker.stop(kill=True)
                    worker = pool[slot] = _Worker(ctx, form_name, limits, pictures, trust)
                if queue:
                    next_index, next_path = queue.pop()
                    worker.give(next_index, next_path, limits.seconds)
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)
    return [r for r in results if r is not None]


def _death(worker: _Worker) -> str:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        return f"the reader crashed (signal {-code}) on this file"
    return f"the reader stopped (exit code {code}) on this file"
