"""The audit's per-file work on a Dask cluster (``pubrelease[dask]``).

Each file is one Dask task. On the worker, the task hands the file to a
:class:`~pubrelease.auditing.pool.Sandbox`: a child process with the same memory
cap and time limit as the local engine's, kept for the worker's following files,
so the cluster makes the same records as this machine would. A file that hangs
or crashes its reader costs the sandbox, not the Dask worker. A worker that dies
all the same (killed, out of memory, its machine gone) is replaced by its nanny
and the scheduler runs its tasks again elsewhere: each file's result is taken
once, by its task, so nothing is lost or counted twice.

Files are read by the workers from the path or URL they are given, so the
cluster must reach the audited folder (a shared file system, or an ``fsspec``
URL such as ``s3://bucket/returns``) and the cache directory, if one is used.
Only a bounded window of tasks is in flight at a time, so the parent's memory
does not grow with the folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import PubreleaseError
from ..pdf.quietlogs import held_back
from .locations import is_url, local_path, shown
from .pool import DEFAULT_LIMITS, Limits, Sandbox
from .work import Done, Job

__all__ = ["ClusterError", "DaskEngine", "MissingExtraError"]

CONNECT_SECONDS = 10.0
"""How long the scheduler has to answer before the audit gives up on it."""
POLL_SECONDS = 1.0
"""How often a run waiting for its tasks looks whether its client lost the scheduler."""
NO_WORKERS_SECONDS = 180.0
"""How long a run waits for a worker that can read (at its start, or when every worker
has gone) before it stops with a :class:`ClusterError`: a cluster that never gets one
kept the audit waiting for ever, saying nothing. Long enough for a cluster that starts
its workers on demand."""
RESUBMITS = 3
"""How many times a file's task is given to the cluster again when it fails there. A
reader's crash or overrun is its sandbox's, made into the file's record: a task fails
only when its worker died under it (killed, out of memory, its machine gone), which is
no fault of the file. Failing again after that, the audit stops with a
:class:`ClusterError` rather than call the speaker's file unreadable."""


class MissingExtraError(PubreleaseError, ImportError):
    """The dask engine asked for where ``distributed`` is not installed."""


class ClusterError(PubreleaseError, ConnectionError):
    """The scheduler's address is malformed, nobody answers there, or not a Dask scheduler."""


KEPT = 2
"""Sandboxes a worker thread keeps, the most recently used: one per audit it serves at
once (a job and limits of its own). Each was kept for good, so a long-lived cluster held
a reading process per worker thread for every audit with another cache, form, trust or
limits it had ever run (about 140 MB each)."""

_SANDBOXES: dict[int, OrderedDict[tuple[Job, Limits], Sandbox]] = {}
_LOCK = threading.Lock()


def read_on_worker(location: str, job: Job, limits: Limits) -> Done:
    """The task: one file read in this worker thread's sandbox."""
    retired: list[Sandbox] = []
    with _LOCK:
        mine = _SANDBOXES.setdefault(threading.get_ident(), OrderedDict())
        sandbox = mine.get((job, limits))
        if sandbox is None:
            sandbox = mine[job, limits] = Sandbox(job, limits, fork=False)
        mine.move_to_end((job, limits))
        while len(mine) > KEPT:
            retired.append(mine.popitem(last=False)[1])
    for old in retired:  # this thread's own: none of them is reading now
        old.close()
    return sandbox(location)


def _distributed() -> Any:
    """The ``distributed`` package, imported only when the dask engine runs."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise MissingExtraError(
            f"the dask engine needs the dask extra ({exc}): pip install 'pubrelease[dask]'"
        ) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_scheduler(address: str) -> None:
    """Raise :class:`ClusterError` unless a Dask scheduler answers at ``address`` within
    :data:`CONNECT_SECONDS`: a malformed address, a port nobody listens on (at once, not
    after ``distributed``'s 30 s of retries) or a server that is no Dask scheduler (a web
    server kept ``distributed``'s client waiting for ever, a reply it took for a frame
    length had it allocate exabytes) is one line, not a traceback or a hang."""
    dist = _distributed()
    where = f"the Dask scheduler {address!r}"
    try:
        scheme, location = dist.comm.parse_address(address)
        if scheme in ("tcp", "tls"):
            host, port = dist.comm.parse_host_port(location)
            socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except (OSError, ValueError, TypeError) as exc:
        raise ClusterError(f"cannot reach {where}: {_one_line(exc)}") from exc
    answer: list[Any] = []

    # the TLS settings of dask's configuration, as the client itself would use them
    tls = dist.Security().get_connection_args("client")

    async def identity() -> Any:
        comm = await dist.comm.connect(address, timeout=CONNECT_SECONDS, **tls)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    def ask() -> None:
        try:
            answer.append(asyncio.run(asyncio.wait_for(identity(), CONNECT_SECONDS)))
        except BaseException as exc:  # told to the caller, whatever it is
            answer.append(exc)

    # a thread of its own: the caller may be running an event loop; a daemon, so that a
    # connection that ignores its cancellation cannot hold the process
    asker = threading.Thread(target=ask, daemon=True, name="pubrelease-scheduler-check")
    asker.start()
    asker.join(CONNECT_SECONDS + 5)
    got = answer[0] if answer else TimeoutError(f"no answer in {CONNECT_SECONDS:g} s")
    if isinstance(got, asyncio.TimeoutError | TimeoutError):
        raise ClusterError(f"{where} did not answer in {CONNECT_SECONDS:g} s")
    if isinstance(got, BaseException):
        raise ClusterError(f"cannot reach {where}: {_one_line(got)}") from got
    kind = got.get("type") if isinstance(got, dict) else None
    if kind != "Scheduler":
        what = f"a Dask {kind}" if isinstance(kind, str) else "something else"
        raise ClusterError(f"{address!r} is not a Dask scheduler (it answered as {what})")


def _reachable(location: str) -> str:
    """A relative path made absolute, against this process's working folder: a worker
    started in another one read ``returns/a.pdf`` from there ('No such file or directory'
    for every file of ``pubrelease audit returns``)."""
    return location if is_url(location) or os.path.isabs(location) else os.path.abspath(location)


def _reachable_form(name: str) -> str:
    """The form ``name`` as a worker finds the same one: a form shipped with pubrelease by
    its id; any other (a folder given by a relative path, one found in this process's
    ``PUBRELEASE_FORMS``) by its folder's absolute path (a worker started elsewhere read
    every file as unreadable: "the reader stopped (exit code 1)")."""
    from ..form.registry import forms_dir, load_form

    folder = Path(load_form(name).definition.source).resolve().parent
    shipped = forms_dir().resolve()
    return folder.name if folder.parent == shipped else str(folder)


def _here(location: str) -> bool:
    """Whether this machine finds the local file ``location`` (a worker did not)."""
    local = local_path(location)
    return not is_url(local) and os.path.exists(local)


def can_read(form: str) -> str:
    """A task run once before the files: this worker imports pubrelease and loads the
    form (its id, for the message)."""
    from ..form.registry import load_form

    return load_form(form).id


def _stopped(emitted: int, given: int) -> str:
    """How a run that stops on the cluster's account leaves the audit."""
    return (
        f"the audit stopped after {emitted} files ({given - emitted} under way were not "
        "read; no report was written)"
    )


def _named(done: Done, location: str) -> Done:
    """``done``'s record named by ``location`` as given, as the local engine names it."""
    name = shown(location)[0]
    if done.record.file == name:
        return done
    return dataclasses.replace(done, record=dataclasses.replace(done.record, file=name))


@contextlib.contextmanager
def _interrupts_left_to_this_process() -> Iterator[None]:
    """Processes started inside ignore SIGINT: a Ctrl-C reaches the terminal's whole process
    group, and each of the local cluster's workers printed its KeyboardInterrupt traceback
    while this process was already closing the cluster down (its workers, their sandboxes).
    (A Ctrl-C given during that second is lost: blocked rather than ignored in this thread,
    it went to a thread of ``distributed`` that does not block it, and was lost all the
    same; review of session 64.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _quiet_once_interrupted() -> Iterator[None]:
    """After a Ctrl-C, no log record until the cluster is closed: the client's and the
    local scheduler's own threads log what the interruption cut short (distributed's
    ``sync`` scheduled a cancel that read its future before it was set, a NameError
    traceback from tornado; "Couldn't gather keys"), over the command's one line. Python's
    own handler only: one a program set, or SIGINT ignored, is left as it is."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    silenced = False

    def interrupted(signum: int, frame: object) -> None:
        nonlocal silenced
        logging.disable(logging.CRITICAL)  # (before the interruption reaches distributed)
        silenced = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if silenced:
            logging.disable(logging.NOTSET)


class DaskEngine:
    """Runs an audit's files as tasks of a Dask ``distributed`` cluster.

    ``scheduler`` is the scheduler's address (``tcp://host:8786``); ``None`` starts a
    ``LocalCluster`` of ``workers`` single-threaded processes on this machine for the
    audit's duration. ``window`` bounds the tasks in flight (default: 4 per thread).
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        window: int | None = None,
    ) -> None:
        _distributed()  # the extra missing: said before anything is listed or written
        self.scheduler = scheduler
        self.workers = workers
        self.window = window

    def check(self) -> None:
        """Raise :class:`ClusterError` unless the scheduler (if one is given) answers."""
        if self.scheduler is not None:
            check_scheduler(self.scheduler)

    def _client(self) -> tuple[Any, Any]:
        dist = _distributed()
        if self.scheduler is not None:
            self.check()
            try:
                return dist.Client(self.scheduler, timeout=CONNECT_SECONDS), None
            except (OSError, ValueError, TypeError) as exc:  # gone since it answered
                raise ClusterError(
                    f"cannot reach the Dask scheduler {self.scheduler!r}: {_one_line(exc)}"
                ) from exc
        with _interrupts_left_to_this_process(), warnings.catch_warnings():
            # its HTTP server (health checks) takes another port when 8787 is taken: said
            # on stderr, in the middle of the command's output
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = dist.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,  # not a warning per task a Ctrl-C cancelled
            )
        return dist.Client(cluster), cluster

    def _lost(self, emitted: int, given: int) -> ClusterError:
        return ClusterError(f"lost the Dask scheduler {self._where()}: {_stopped(emitted, given)}")

    def _failing(
        self, location: str, error: BaseException, emitted: int, given: int
    ) -> ClusterError:
        return ClusterError(
            f"the Dask cluster's workers died {RESUBMITS + 1} times reading "
            f"{shown(location)[0]} ({_one_line(error)[:160]}): {_stopped(emitted, given)}"
        )

    def _unseen(self, location: str, emitted: int, given: int) -> ClusterError:
        return ClusterError(
            f"the workers of the Dask cluster {self._where()} do not find {shown(location)[0]}, "
            "which this machine reads: the folder must be shared with them: "
            f"{_stopped(emitted, given)}"
        )

    def _ready(self, client: Any, form: str) -> None:
        """Wait (:data:`NO_WORKERS_SECONDS` at most) for a worker to import pubrelease and
        load ``form``, or raise :class:`ClusterError` saying why none did."""
        dist = _distributed()
        future = client.submit(can_read, form, pure=False)
        try:
            future.result(timeout=NO_WORKERS_SECONDS)
        except TimeoutError as exc:
            workers = len(client.nthreads())
            why = "it has no worker" if not workers else f"none of its {workers} workers answered"
            raise ClusterError(
                f"the Dask cluster {self._where()} ran nothing in {NO_WORKERS_SECONDS:g} s "
                f"({why}): start workers that can import pubrelease"
            ) from exc
        except (dist.client.FuturesCancelledError, OSError) as exc:
            raise ClusterError(
                f"lost the Dask scheduler {self._where()}: {_one_line(exc)}"
            ) from exc
        except Exception as exc:  # (ModuleNotFoundError, FormDefinitionError: the worker's)
            raise ClusterError(
                f"the workers of the Dask cluster {self._where()} cannot read returns: "
                f"{_one_line(exc)} (each needs pubrelease, and the form {form!r})"
            ) from exc
        finally:
            future.release()

    def _workers_seen(
        self, client: Any, idle_since: float | None, emitted: int, given: int
    ) -> float | None:
        """When the cluster was first seen with no worker in a row of looks (None: it has
        one now); a :class:`ClusterError` once that is :data:`NO_WORKERS_SECONDS` ago."""
        try:
            workers = len(client.nthreads())
        except OSError as exc:
            raise self._lost(emitted, given) from exc
        if workers:
            return None
        now = time.monotonic()
        if idle_since is None:
            return now
        if now - idle_since > NO_WORKERS_SECONDS:
            raise ClusterError(
                f"the Dask cluster {self._where()} has had no worker for "
                f"{NO_WORKERS_SECONDS:g} s: {_stopped(emitted, given)}"
            )
        return idle_since

    def _where(self) -> str:
        return repr(self.scheduler) if self.scheduler is not None else "(local)"

    def run(
        self,
        locations: Iterable[str],
        job: Job,
        limits: Limits = DEFAULT_LIMITS,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[Done]:
        """A result per location, in the order given, each yielded as soon as its turn is done."""
        # (the client's own records held back: a worker killed printed "Couldn't gather 1
        # keys, rescheduling", a scheduler lost thirty tracebacks of failed reconnections,
        # over the command's output; what happened is the run's to say: ClusterError)
        with _quiet_once_interrupted(), held_back("distributed.client", logging.CRITICAL):
            yield from self._run(locations, job, limits, progress)

    def _run(
        self,
        locations: Iterable[str],
        job: Job,
        limits: Limits,
        progress: Callable[[int], None] | None,
    ) -> Iterator[Done]:
        client, cluster = self._client()
        dist = _distributed()
        try:
            job = dataclasses.replace(job, form=_reachable_form(job.form))
            self._ready(client, job.form)
            threads = sum(client.nthreads().values()) or 1
            window = self.window or 4 * threads
            audit_id = uuid.uuid4().hex[:12]
            source = enumerate(iter(locations))
            pending: dict[str, Any] = {}
            where: dict[str, tuple[int, str]] = {}
            finished: dict[int, Done] = {}
            failed: dict[int, int] = {}  # a file's index: how many times its task failed
            given = emitted = 0
            idle_since: float | None = None  # (when the cluster was last seen with no worker)

            def send(index: int, location: str) -> None:
                tries = failed.get(index, 0)
                future = client.submit(
                    read_on_worker,
                    _reachable(location),
                    job,
                    limits,
                    key=f"pubrelease-read-{audit_id}-{index}" + (f"-{tries}" if tries else ""),
                    pure=False,
                )
                where[future.key] = (index, location)
                pending[future.key] = future

            def submit() -> bool:
                nonlocal given
                item = next(source, None)
                if item is None:
                    return False
                send(*item)
                given += 1
                return True

            while given < window and submit():
                pass
            while pending:
                try:
                    done, _ = dist.wait(
                        list(pending.values()), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
                    )
                except TimeoutError:
                    done = set()
                except (dist.client.FuturesCancelledError, OSError) as exc:  # scheduler gone
                    raise self._lost(emitted, given) from exc
                if not done and client.status in ("closing", "closed"):
                    raise self._lost(emitted, given)
                if not done:
                    idle_since = self._workers_seen(client, idle_since, emitted, given)
                for future in done:
                    del pending[future.key]
                    index, location = where.pop(future.key)
                    if future.status not in ("finished", "error"):  # (cancelled)
                        raise self._lost(emitted, given)  # the scheduler gone, not the file
                    try:  # (the scheduler lost while the result is fetched: the same)
                        outcome = future.result() if future.status == "finished" else None
                        error = future.exception() if outcome is None else None
                    except OSError as exc:
                        raise self._lost(emitted, given) from exc
                    if outcome is not None:
                        if outcome.missing and _here(location):
                            raise self._unseen(location, emitted, given)
                        finished[index] = _named(outcome, location)
                    else:  # its worker died under it (KilledWorker): not the file's fault
                        failed[index] = failed.get(index, 0) + 1
                        if failed[index] > RESUBMITS:
                            assert error is not None
                            raise self._failing(location, error, emitted, given)
                        send(index, location)  # (again, elsewhere)
                    future.release()
                while emitted in finished:
                    yield finished.pop(emitted)
                    emitted += 1
                    if progress is not None:
                        progress(emitted)
                # no task more than ``window`` past the first result awaited: however slow
                # one file (up to its time limit), the results waiting stay few
                while given - emitted < window and submit():
                    pass
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
