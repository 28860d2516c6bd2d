"""Reading files in child processes, each file bounded in time and memory.

Returns come from strangers: a file may hang a parser, exhaust memory or crash
it. Every file is read in a child process whose address space is capped; a
child that overruns the time limit is killed, one that dies is replaced, and
the file gets its own ``unreadable`` record with the reason.

Two users: :class:`LocalEngine` keeps one child per core busy, handing each the
next path from the listing as it finishes (the children never see the list), and
yields results in the listing's order as they are done; :class:`Sandbox` reads
one file at a time for a caller that does its own scheduling (a Dask worker).
Workers *read*; the caller judges each record once (:func:`pubrelease.verify.verify`),
against the roster row it matches.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import math
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..form.registry import DEFAULT_FORM
from ..reading.trust import TrustRoots
from ..record import Record
from .locations import shown
from .work import Done, Job, Worker

__all__ = ["DEFAULT_LIMITS", "Limits", "LocalEngine", "Sandbox", "parse_all"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on reading one file."""

    seconds: float = 30.0
    """Processor time for one file: its reader's, user and system (on the clock where the
    system does not say: :func:`_cpu_seconds`). A file also waits at most :data:`WAITED`
    times as long on the clock (a reader blocked, not reading)."""
    memory_mb: int = 1024
    """Address space a worker may add beyond what it needs at rest."""


DEFAULT_LIMITS = Limits()
WAITED = 4.0
"""How many times its time limit a file may take on the clock, whatever its reader's
processor time: counting processor time, a file's record does not depend on how busy
the machine was (two workers on a machine also running a test suite, a Dask worker
sharing its cores, a virtual machine stalled for seconds: files read in 2 s of processor
time were stopped at 30 s on the clock); a reader that waits without reading (blocked on
a file system) is stopped all the same."""


def _cpu_seconds(pid: int) -> float | None:
    """Processor time process ``pid`` has used (user and system, its threads too), from
    ``/proc``; None where the system does not say."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _vm_size() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


AT_CAP = 4 * 1024 * 1024
"""Bytes below its address-space cap at which a worker counts as out of memory."""
AHEAD = 3
"""Paths given out past the first result awaited, per child, at most: results that finish
out of turn wait in the parent's memory until theirs comes."""
STARTUP = 120.0
"""Seconds a reading process may take to start (its imports, the form) before its first file's
time limit begins. A file's time limit counts from the moment its reader is ready: a fresh
interpreter (a Dask worker's sandbox) takes a second or two to start, and that second was
counted against its first file (or, after a file overran, the next one), so under a short
``--timeout`` the cluster stopped files this machine's forked readers read."""
READY = "ready"
"""A child's first message: capped, waiting for its first file; said again once it has
loaded what reading needs (:data:`LOADING`): its file's time begins then."""
LOADING = "loading"
"""A child loading what reading needs before the first file it reads (:func:`_capped`):
the time that takes is the start's (:data:`STARTUP`), not the file's."""


def _at_memory_cap(pid: int) -> bool:
    """Whether worker ``pid`` has (nearly) all the address space its cap allows.

    A worker at the cap does not always fail at once: glibc then serves small allocations
    with pages of their own, a system call or two each, and a greedy file crawls on until
    the time limit. Stopped for time there, it is out of memory, and says so.
    """
    try:
        with open(f"/proc/{pid}/limits") as handle:
            line = next(x for x in handle if x.startswith("Max address space"))
        cap = line.split()[3]
        with open(f"/proc/{pid}/statm") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, StopIteration, IndexError):
        return False
    return cap.isdigit() and size >= int(cap) - AT_CAP


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


def _serve(conn: Connection, job: Job, memory_mb: int, parent: int | None = None) -> None:
    """A child's life: cap memory, then read what it is sent (what reading needs loaded
    before the first file it reads: :func:`_capped`)."""
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
            location = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if location is None:
            return
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
        try:
            conn.send(done)
        except OSError:  # the parent is gone (killed): nobody to tell
            return
        if not frozen:
            # what reading needs for every file (the form, its template's pages, what the
            # first file's reading remembered of them) is kept out of the collector's full
            # passes from now on: each walked ~100,000 objects, 50 ms, every few hundred
            # files; the files' own objects are collected as before
            frozen = True
            gc.collect()
            gc.freeze()


_PARENT_ENDS: set[Connection] = set()
"""The parent's ends of the pipes to its forked children. A child forked later would hold
copies of them: it closes them, so that each child sees its pipe end when the parent dies."""


def _forked(conn: Connection, job: Job, memory_mb: int, parent: int) -> None:
    for end in _PARENT_ENDS:
        end.close()
    _PARENT_ENDS.clear()
    _serve(conn, job, memory_mb, parent)


class _Child:
    """One child process and its pipe: forked where that is safe, else a fresh interpreter."""

    def __init__(self, job: Job, limits: Limits, *, fork: bool) -> None:
        self.limits = limits
        self.ready = False
        """The child has said :data:`READY`: its file's time limit runs."""
        self.location: str | None = None
        self.deadline = 0.0
        """When to look at the child next (its file's time limit may be reached by then)."""
        self.cutoff = 0.0
        """When its file has waited :data:`WAITED` times its limit on the clock."""
        self.began: float | None = None
        """The child's processor time when its file's time began (None: not known)."""
        self.process: Any = None
        self.popen: subprocess.Popen[bytes] | None = None
        if fork:
            if (cv2 := sys.modules.get("cv2")) is not None:  # loaded here: its threads too
                _one_opencv_thread(cv2)
            ctx = mp.get_context("fork")
            self.conn, child = ctx.Pipe()
            _PARENT_ENDS.add(self.conn)
            self.process = ctx.Process(
                target=_forked, args=(child, job, limits.memory_mb, os.getpid()), daemon=True
            )
            self.process.start()
            child.close()
        else:  # inside a daemon process (a Dask worker) or without fork
            ours, theirs = socket.socketpair()
            package_root = str(Path(__file__).resolve().parents[2])
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
            args = [str(theirs.fileno()), str(limits.memory_mb), str(os.getpid())]
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "pubrelease.auditing.pool", *args],
                pass_fds=(theirs.fileno(),),
                env=env,
                stdin=subprocess.DEVNULL,
            )
            theirs.close()
            self.conn = Connection(ours.detach())
            self.conn.send(job)  # the child's first message: what to do to every file

    @property
    def waitables(self) -> list[Any]:
        out: list[Any] = [self.conn]
        if self.process is not None:
            out.append(self.process.sentinel)
        return out

    @property
    def pid(self) -> int | None:
        if self.process is not None:
            return int(self.process.pid)
        return self.popen.pid if self.popen is not None else None

    def give(self, location: str) -> None:
        self.location = location
        if self.ready:
            self._time_begins()
        else:
            self.deadline = self.cutoff = time.monotonic() + STARTUP
        self.conn.send(location)

    def _time_begins(self) -> None:
        now = time.monotonic()
        pid = self.pid
        self.began = _cpu_seconds(pid) if pid else None
        self.deadline = now + self.limits.seconds
        self.cutoff = now + (WAITED if self.began is not None else 1.0) * self.limits.seconds

    def _used(self) -> float | None:
        """Processor time the child has used on its file (None: not known)."""
        pid = self.pid
        if not pid or self.began is None:
            return None
        now = _cpu_seconds(pid)
        return None if now is None else now - self.began

    def collect(self, ready: Sequence[Any]) -> tuple[Done | None, bool]:
        """``(result, replace)`` once the file is done, died or overran; else ``(None, _)``."""
        assert self.location is not None
        location = shown(self.location)[0]
        if self.conn in ready:
            try:
                got: Done | str = self.conn.recv()
            except (EOFError, OSError):
                return Done(Record.unreadable(location, self._death())), True
            if not isinstance(got, str):
                # a reader that reached its cap is not kept: what it held since (a heap
                # grown to the cap) made the next files' records depend on which reader
                # read them (a slow file after it read as over the cap, not over time)
                return got, any(
                    f.message == _over_cap(self.limits.memory_mb) for f in got.record.findings
                )
            if got == LOADING:  # (loading what reading needs: the start's time, not the file's)
                self.ready = False
                self.deadline = self.cutoff = time.monotonic() + STARTUP
            else:
                self.ready = True  # started: the file's time from now
                self._time_begins()
            return self.collect([self.conn] if self.conn.poll() else [])
        if self.process is not None and self.process.sentinel in ready:
            return Done(Record.unreadable(location, self._death())), True
        if time.monotonic() >= self.deadline and not self.ready:
            reason = f"the reading process did not start in {STARTUP:g} s"
            return Done(Record.unreadable(location, reason)), True
        if time.monotonic() >= self.deadline:
            seconds = self.limits.seconds
            used = self._used()
            now = time.monotonic()
            if used is not None and used < seconds and now < self.cutoff:
                # not yet: look again when it may have used the rest (a reader uses a
                # core at most: OpenCV, Tesseract and PDFium read with one thread)
                self.deadline = min(self.cutoff, now + seconds - used)
                return None, False
            reason = f"took longer than {seconds:g} s to read (stopped)"
            if used is not None and used < seconds:
                busy = math.floor(used * 10) / 10  # (2.96 s of 3 is not "3.0")
                reason = (
                    f"stopped after {WAITED * seconds:g} s on the clock, its reader busy for "
                    f"{busy:.1f} s of them (blocked, or the machine overloaded)"
                )
            pid = self.pid
            if pid and _at_memory_cap(pid):
                reason = _over_cap(self.limits.memory_mb)
            return Done(Record.unreadable(location, reason)), True
        return None, False

    def _death(self) -> str:
        if self.process is not None:
            self.process.join(timeout=1)
            code = self.process.exitcode
        else:
            assert self.popen is not None
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=1)
            code = self.popen.returncode
        if code is not None and code < 0:
            return f"the reader crashed (signal {-code}) on this file"
        return f"the reader stopped (exit code {code}) on this file"

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        if self.process is not None:
            if kill:
                self.process.kill()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        elif self.popen is not None:
            if kill:
                self.popen.kill()
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        _PARENT_ENDS.discard(self.conn)
        self.conn.close()


def _handed(child: _Child, location: str, job: Job, limits: Limits, fork: bool) -> _Child:
    """``child`` given ``location`` or, when it died while it waited for one (killed: the
    kernel's out-of-memory killer, a person), a new child given it; the one that takes it."""
    try:
        child.give(location)
    except OSError:  # its pipe is broken: it was replaced only once it was busy
        child.stop(kill=True)
        child = _Child(job, limits, fork=fork)
        child.give(location)
    return child


def _can_fork() -> bool:
    return "fork" in mp.get_all_start_methods() and not mp.current_process().daemon


class LocalEngine:
    """``workers`` child processes on this machine (default: all cores)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def run(
        self,
        locations: Iterable[str],
        job: Job,
        limits: Limits = DEFAULT_LIMITS,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[Done]:
        """A result per location, in the order given, each yielded as soon as its turn is done.

        ``locations`` is consumed lazily, one path each time a child is free; results
        that finish out of turn wait (at most for the time limit of the slowest file), and
        no child takes a path :data:`AHEAD` times the children past the first result
        awaited: however slow one file, the results waiting stay few.
        """
        source = iter(locations)
        fork = _can_fork()
        pool: list[_Child] = []
        slots: list[int | None] = []
        finished: dict[int, Done] = {}
        given = emitted = 0

        def hand_out(given: int, emitted: int) -> int:
            """Free children take the next paths, while not too far ahead of the first
            result still awaited (those finished out of turn wait in memory): ``given``
            then."""
            for slot, child in enumerate(pool):
                if slots[slot] is not None or given - emitted >= AHEAD * len(pool):
                    continue
                location = next(source, None)
                if location is None:
                    break
                pool[slot] = _handed(child, location, job, limits, fork)
                slots[slot] = given
                given += 1
            return given

        try:
            for _ in range(self.workers):
                location = next(source, None)
                if location is None:
                    break
                child = _handed(_Child(job, limits, fork=fork), location, job, limits, fork)
                pool.append(child)
                slots.append(given)
                given += 1
            while emitted < given:
                busy = [c for c, s in zip(pool, slots, strict=True) if s is not None]
                timeout = max(0.0, min(c.deadline for c in busy) - time.monotonic())
                ready = wait([w for c in busy for w in c.waitables], timeout)
                for slot, child in enumerate(pool):
                    index = slots[slot]
                    if index is None:
                        continue
                    done, replace = child.collect(ready)
                    if done is None:
                        continue
                    finished[index] = done
                    slots[slot] = None
                    child.location = None
                    if replace:
                        child.stop(kill=True)
                        child = pool[slot] = _Child(job, limits, fork=fork)
                # free children take the next paths before the results are handed on
                # (judged and written by the caller meanwhile), and again after
                given = hand_out(given, emitted)
                while emitted in finished:
                    yield finished.pop(emitted)
                    emitted += 1
                    if progress is not None:
                        progress(emitted)
                given = hand_out(given, emitted)
        finally:
            for child, index in zip(pool, slots, strict=True):
                child.stop(kill=index is not None)


class Sandbox:
    """One file at a time in a bounded child process, replaced when it dies or overruns."""

    def __init__(self, job: Job, limits: Limits = DEFAULT_LIMITS, *, fork: bool = False) -> None:
        self.job, self.limits, self.fork = job, limits, fork
        self._child: _Child | None = None

    def __call__(self, location: str) -> Done:
        if self._child is None:
            self._child = _Child(self.job, self.limits, fork=self.fork)
        child = self._child = _handed(self._child, location, self.job, self.limits, self.fork)
        while True:
            ready = wait(child.waitables, max(0.0, child.deadline - time.monotonic()))
            done, replace = child.collect(ready)
            if done is not None:
                break
        child.location = None
        if replace:
            child.stop(kill=True)
            self._child = None
        return done

    def close(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None


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
    engine = LocalEngine(min(workers or os.cpu_count() or 1, max(1, len(paths))))
    job = Job(form=form_name, pictures=pictures, trust=trust)
    return [(d.record, d.picture) for d in engine.run(paths, job, limits, progress)]


if __name__ == "__main__":  # a child started as a fresh interpreter: FD MB PARENT, then the job
    connection = Connection(int(sys.argv[1]))
    with contextlib.suppress(EOFError, OSError):  # the parent died before sending it
        _serve(connection, connection.recv(), int(sys.argv[2]), int(sys.argv[3]))
