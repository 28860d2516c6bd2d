"""Reading files in child processes, each file bounded in time and memory.

Returns come from strangers: a file may hang a parser, exhaust memory or crash
it. Every file is read in a child process whose address space is capped; a
child that overruns the time limit is killed, one that dies is replaced, and
the file gets its own ``unreadable`` record with the reason.

Two users: :class:`LocalEngine` keeps one child per core busy, handing each the
next path from the listing as it finishes (a batch of them while it takes records from
the cache; the children never see the list), and yields results in the listing's order
as they are done; :class:`Sandbox` reads
one file at a time for a caller that does its own scheduling (a Dask worker).
Workers *read*; the caller judges each record once (:func:`pubrelease.verify.verify`),
against the roster row it matches.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..form.registry import DEFAULT_FORM
from ..reading.trust import TrustRoots
from ..record import Record
from .locations import shown
from .reader import LOADING, _one_opencv_thread, _over_cap, serve
from .work import Done, Job

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


AT_CAP = 4 * 1024 * 1024
"""Bytes below its address-space cap at which a worker counts as out of memory."""
AHEAD = 3
"""Paths given out past the first result awaited, per child, at most: results that finish
out of turn wait in the parent's memory until theirs comes."""
BATCH = 16
"""Paths a child holds at once while it takes each file's record from the cache (its last
one came from there: a re-audit), and past the first result awaited per child. One at a
time, each cached record waited for a round trip through the parent, which judges and
spools the others meanwhile: the round trips were a third of a re-audit's time. A child
reading files holds one at a time: a slow file holds up no other."""
STARTUP = 120.0
"""Seconds a reading process may take to start (its imports, the form) before its first file's
time limit begins. A file's time limit counts from the moment its reader is ready: a fresh
interpreter (a Dask worker's sandbox) takes a second or two to start, and that second was
counted against its first file (or, after a file overran, the next one), so under a short
``--timeout`` the cluster stopped files this machine's forked readers read."""


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


_PARENT_ENDS: set[Connection] = set()
"""The parent's ends of the pipes to its forked children. A child forked later would hold
copies of them: it closes them, so that each child sees its pipe end when the parent dies."""


def _forked(conn: Connection, job: Job, memory_mb: int, parent: int) -> None:
    for end in _PARENT_ENDS:
        end.close()
    _PARENT_ENDS.clear()
    serve(conn, job, memory_mb, parent)


class _Child:
    """One child process and its pipe: forked where that is safe, else a fresh interpreter."""

    def __init__(self, job: Job, limits: Limits, *, fork: bool) -> None:
        self.limits = limits
        self.ready = False
        """The child has said :data:`~pubrelease.auditing.reader.READY`: its file's time
        limit runs."""
        self.queue: deque[str] = deque()
        """The paths it was given and has not answered for, the one it reads first."""
        self.cached = False
        """Its last record came from the record cache: it is given paths :data:`BATCH` at a
        time."""
        self.deadline = 0.0
        """When to look at the child next (its file's time limit may be reached by then)."""
        self.cutoff = 0.0
        """When its file has waited :data:`WAITED` times its limit on the clock."""
        self.began: float | None = None
        self.spent: float | None = None
        """The processor time it said it had used when it sent its last result (None: not
        said since): where its next file's time begins."""
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

    def give(self, locations: Sequence[str]) -> None:
        """Paths to read after those it holds, in order; the first one's time begins now
        when it held none (each next one's when the one before is answered)."""
        idle = not self.queue
        self.queue.extend(locations)
        if idle:
            self._next_begins()
        self.conn.send(tuple(locations))

    def _next_begins(self) -> None:
        if self.ready:
            self._time_begins(self.spent)
        else:
            self.deadline = self.cutoff = time.monotonic() + STARTUP

    def _time_begins(self, spent: float | None = None) -> None:
        """The file's time begins: on the clock now, and in processor time at ``spent`` (the
        child's word: its next file began then) or else at what the system says it used."""
        now = time.monotonic()
        pid = self.pid
        self.began = spent if spent is not None else _cpu_seconds(pid) if pid else None
        self.spent = None
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
        """``(result, replace)`` once its first file is done, died or overran (the file is
        taken off its queue, and the next one's time begins); else ``(None, _)``."""
        done, replace = self._collect(ready)
        if done is not None:
            self.queue.popleft()
            self.cached = done.cached
            if self.queue and not replace:
                self._next_begins()
        return done, replace

    def _lost(self, reason: str) -> Done:
        """The record of the file it was reading when it died or was stopped."""
        return Done(Record.unreadable(shown(self.queue[0])[0], reason))

    def _collect(self, ready: Sequence[Any]) -> tuple[Done | None, bool]:
        if self.conn in ready:
            try:
                got: tuple[Done, float] | str = self.conn.recv()
            except (EOFError, OSError):
                return self._lost(self._death()), True
            if not isinstance(got, str):
                done, self.spent = got
                # a reader that reached its cap is not kept: what it held since (a heap
                # grown to the cap) made the next files' records depend on which reader
                # read them (a slow file after it read as over the cap, not over time)
                return done, any(
                    f.message == _over_cap(self.limits.memory_mb) for f in done.record.findings
                )
            if got == LOADING:  # (loading what reading needs: the start's time, not the file's)
                self.ready = False
                self.deadline = self.cutoff = time.monotonic() + STARTUP
            else:
                self.ready = True  # started: the file's time from now
                self._time_begins()
            return self._collect([self.conn] if self.conn.poll() else [])
        if self.process is not None and self.process.sentinel in ready:
            return self._lost(self._death()), True
        if time.monotonic() >= self.deadline and not self.ready:
            return self._lost(f"the reading process did not start in {STARTUP:g} s"), True
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
            return self._lost(reason), True
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


def _handed(
    child: _Child, locations: Sequence[str], job: Job, limits: Limits, fork: bool
) -> _Child:
    """``child`` given ``locations`` or, when it died while it waited for them (killed: the
    kernel's out-of-memory killer, a person), a new child given them; the one that takes
    them. One that died holding paths is found dead reading the first (its death is that
    file's record), and the child replacing it is given the rest."""
    idle = not child.queue
    try:
        child.give(locations)
    except OSError:  # its pipe is broken
        if idle:
            child.stop(kill=True)
            child = _Child(job, limits, fork=fork)
            child.give(locations)
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

        ``locations`` is consumed lazily, one path each time a child is free (or up to
        :data:`BATCH` while it takes records from the cache); results that finish out of
        turn wait (at most for the time limit of the slowest file), and no child takes a
        path :data:`AHEAD` (or :data:`BATCH`) times the children past the first result
        awaited: however slow one file, the results waiting stay few.
        """
        source = iter(locations)
        fork = _can_fork()
        pool: list[_Child] = []
        held: list[deque[int]] = []
        """Each child's paths, by their place in the listing."""
        finished: dict[int, Done] = {}
        given = emitted = 0

        def hand_out(given: int, emitted: int) -> int:
            """Children take the next paths (one when free; when taking records from the
            cache, enough to hold :data:`BATCH` once half are answered), while not too far
            ahead of the first result still awaited (those finished out of turn wait in
            memory): ``given`` then."""
            for slot, child in enumerate(pool):
                if child.cached:
                    if len(held[slot]) > BATCH // 2:
                        continue
                    room = min(BATCH - len(held[slot]), BATCH * len(pool) - (given - emitted))
                else:
                    room = 0 if held[slot] else min(1, AHEAD * len(pool) - (given - emitted))
                batch = list(itertools.islice(source, max(0, room)))
                if not batch:
                    continue
                pool[slot] = _handed(child, batch, job, limits, fork)
                held[slot].extend(range(given, given + len(batch)))
                given += len(batch)
            return given

        try:
            for _ in range(self.workers):
                location = next(source, None)
                if location is None:
                    break
                pool.append(_handed(_Child(job, limits, fork=fork), [location], job, limits, fork))
                held.append(deque([given]))
                given += 1
            while emitted < given:
                busy = [c for c, h in zip(pool, held, strict=True) if h]
                timeout = max(0.0, min(c.deadline for c in busy) - time.monotonic())
                ready = wait([w for c in busy for w in c.waitables], timeout)
                for slot, child in enumerate(pool):
                    seen = ready
                    while held[slot]:  # (a child answers for several paths between looks)
                        done, replace = child.collect(seen)
                        if done is None:
                            break
                        finished[held[slot].popleft()] = done
                        if replace:
                            rest = list(child.queue)
                            child.stop(kill=True)
                            child = pool[slot] = _Child(job, limits, fork=fork)
                            if rest:
                                pool[slot] = _handed(child, rest, job, limits, fork)
                            break
                        seen = [child.conn] if child.conn.poll() else []
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
            for child in pool:
                child.stop(kill=bool(child.queue))


class Sandbox:
    """One file at a time in a bounded child process, replaced when it dies or overruns."""

    def __init__(self, job: Job, limits: Limits = DEFAULT_LIMITS, *, fork: bool = False) -> None:
        self.job, self.limits, self.fork = job, limits, fork
        self._child: _Child | None = None

    def __call__(self, location: str) -> Done:
        if self._child is None:
            self._child = _Child(self.job, self.limits, fork=self.fork)
        child = self._child = _handed(self._child, [location], self.job, self.limits, self.fork)
        while True:
            ready = wait(child.waitables, max(0.0, child.deadline - time.monotonic()))
            done, replace = child.collect(ready)
            if done is not None:
                break
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
        serve(connection, connection.recv(), int(sys.argv[2]), int(sys.argv[3]))
