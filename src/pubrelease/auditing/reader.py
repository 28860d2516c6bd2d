"""A reading process's side of the pool: what it loads, how its memory is capped, and
how it reads the paths it is sent and answers for each.

Its parent (:mod:`pubrelease.auditing.pool`) sends it batches of paths (a tuple at a
time; ``None`` to stop) and bounds each file's time; each answer is the file's
:class:`~pubrelease.auditing.work.Done` with the processor time the reader had used
then, where its next file's time begins. Before the first file it reads (not takes from
the record cache) it says :data:`LOADING`, loads what reading needs, and says
:data:`READY`.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..record import Record
from .locations import shown
from .work import Done, Job, Worker

__all__ = ["LOADING", "PRELOAD", "READY", "serve"]

READY = "ready"
"""A child's first message: capped, waiting for its first file; said again once it has
loaded what reading needs (:data:`LOADING`): its file's time begins then."""
LOADING = "loading"
"""A child loading what reading needs before the first file it reads (:func:`_capped`):
the time that takes is the start's (:data:`STARTUP`), not the file's."""


def _vm_size() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


PRELOAD = (
    "pubrelease.reading.pictures",
    "pubrelease.reading.read",
    "pubrelease.reading.nodefields",
    "pubrelease.filling.fill",
    "pubrelease.pdf.inkcompare",
    "cv2",
    "tesserocr",
    "rapidfuzz.distance",
)
"""Modules reading imports, loaded before the memory cap is measured. One imported under
the cap spent a file's budget on itself (OpenCV, imported on a flattened return's first
reading: about 300 MB of address space), or failed to load, and the file was unreadable."""


def _preload() -> None:
    inherited = "cv2" in sys.modules  # forked from a process that had loaded OpenCV
    for name in PRELOAD:
        with contextlib.suppress(ImportError, OSError):  # an optional one missing: read without
            importlib.import_module(name)
    cv2: Any = sys.modules.get("cv2")
    if cv2 is not None and not inherited:
        _one_opencv_thread(cv2)


def _one_opencv_thread(cv2: Any) -> None:
    """OpenCV on one thread. The workers are the parallelism: OpenCV's own threads each took
    a heap (64 MB of address space) out of the file's budget, as many as the machine had
    cores, so the same file read or not under the same --memory from one machine or cluster
    to another. A child forked from a process whose OpenCV had started its threads must not
    ask (``setNumThreads`` waits there for threads the fork did not copy, for ever: an audit
    called after any reading in the same process hung its readers until their time ran
    out): the parent sets it before it forks (:class:`_Child`), and the child inherits it."""
    cv2.setNumThreads(1)


def _over_cap(memory_mb: int) -> str:
    """The reason a file's record gives when reading it needed more than ``memory_mb``."""
    return f"needs more than {memory_mb} MB of memory to read"


def _no_memory(exc: Exception) -> bool:
    """An allocation refused at the cap, by a library that raises its own error (OpenCV)."""
    return getattr(exc, "code", None) == -4 and "Insufficient memory" in str(exc)


def _orphaned(parent: int) -> None:
    """End this child when ``parent`` dies, even in the middle of a file: nothing else would
    (a killed parent's children kept reading, or waiting, for ever)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _capped(memory_mb: int, tell: Callable[[str], None] | None = None) -> Callable[[int], None]:
    """Cap this process's memory at what it holds now and ``memory_mb`` more; the function
    returned is called before the first file is read (none is, when the record cache has
    every one: a re-audit), and loads what reading needs (:data:`PRELOAD`, a second of a
    core) and sets the cap again past it, the bytes of the file it holds then (``held``)
    not counted: each file has ``memory_mb`` of its own, whichever file comes first.
    ``tell`` says :data:`LOADING` to the parent before, and :data:`READY` after: the
    file's time begins once what reading needs is loaded."""
    try:
        import resource
    except ImportError:  # no rlimits here (not Linux): time limit only
        resource = None  # type: ignore[assignment]

    def cap(held: int) -> None:
        base = _vm_size()
        if resource is None or base is None:
            return
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        limit = base - held + memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    loaded = False

    def before_reading(held: int) -> None:
        nonlocal loaded
        if loaded:
            return
        loaded = True
        if tell is not None:
            tell(LOADING)
        try:
            if resource is not None:  # (what reading loads is not the file's: lifted meanwhile)
                hard = resource.getrlimit(resource.RLIMIT_AS)[1]
                with contextlib.suppress(ValueError, OSError):
                    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            _preload()
        finally:  # (capped again whatever the loading raised)
            cap(held)
        if tell is not None:
            tell(READY)

    cap(0)
    return before_reading


def serve(conn: Connection, job: Job, memory_mb: int, parent: int | None = None) -> None:
    """A child's life: cap memory, then read what it is sent (what reading needs loaded
    before the first file it reads: :func:`_capped`). Ctrl-C is its parent's: a terminal
    sends it to the whole group, and a reader stopped by it printed its traceback beside
    the parent's one line; the reader ends when the parent, stopping, closes its pipe."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:  # started before the cap is measured (a thread's stack is space)
        threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()
    worker = Worker(job)
    worker.before_reading = _capped(memory_mb, conn.send)
    try:
        conn.send(READY)
    except OSError:  # the parent is gone
        return
    frozen = False
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if batch is None:
            return
        for location in batch:
            if not _read_one(conn, worker, location, memory_mb):
                return
            if not frozen:
                # what reading needs for every file (the form, its template's pages, what
                # the first file's reading remembered of them) is kept out of the
                # collector's full passes from now on: each walked ~100,000 objects, 50 ms,
                # every few hundred files; the files' own objects are collected as before
                frozen = True
                gc.collect()
                gc.freeze()


def _read_one(conn: Connection, worker: Worker, location: str, memory_mb: int) -> bool:
    """Read ``location`` and send its result; False when the parent is gone."""
    out_of_memory = False
    try:
        done = worker(location)
    except MemoryError:
        # the record is made after this handler: until it ends, the traceback holds
        # the reading's objects, and at the cap making anything could fail again
        out_of_memory = True
    except RecursionError:
        done = Done(Record.unreadable(shown(location)[0], "nested too deeply to read"))
    except Exception as exc:  # a stranger's file must not stop the audit
        if _no_memory(exc):
            out_of_memory = True
        else:
            reason = f"the reader failed: {type(exc).__name__}: {exc}"
            done = Done(Record.unreadable(shown(location)[0], reason))
    if out_of_memory:
        done = Done(Record.unreadable(shown(location)[0], _over_cap(memory_mb)))
    try:  # with the processor time it has used: the next file's time begins at it
        conn.send((done, time.process_time()))
    except OSError:  # the parent is gone (killed): nobody to tell
        return False
    return True
