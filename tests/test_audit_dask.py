"""The Dask engine against a real ``distributed.LocalCluster`` of worker processes.

The same folder audited by the local engine and by the cluster must give the same
records and the same reports, also when a worker process is killed mid-run (its
nanny replaces it and its tasks run again), and the per-file limits hold on the
cluster's workers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pubrelease.auditing.audit import Return, audit
from pubrelease.auditing.dask_engine import DaskEngine
from pubrelease.auditing.pool import Limits, Sandbox
from pubrelease.auditing.reports import audit_csv
from pubrelease.auditing.work import Job

from .helpers import interruptible
from .hostile import GENERATORS
from .test_audit_scale import make_folder, roster_of, run, served

if os.environ.get("CI") == "true":
    import distributed  # CI installs the dev extra, which brings Dask: missing is a failure
else:
    distributed = pytest.importorskip("distributed")

HOSTILE = (
    "empty.pdf",
    "garbage.pdf",
    "html-renamed.pdf",
    "truncated.pdf",
    "encrypted-user-password.pdf",
    "xref-loop.pdf",
    "flate-bomb.pdf",
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    root = tmp_path_factory.mktemp("dask") / "returns"
    releases = make_folder(root, 14)
    for name in HOSTILE:
        GENERATORS[name](root / f"hostile-{name}")
    return root, releases


def test_the_cluster_makes_the_same_records_and_reports_as_this_machine(
    cluster: Any, folder: tuple[Path, list[Any]]
) -> None:
    root, releases = folder
    roster = roster_of(releases[:-2])
    local = audit(root, roster, workers=2)
    remote = audit(root, roster, engine=DaskEngine(cluster.scheduler_address))
    assert len(remote.returns) == 14 + 1 + len(HOSTILE)
    assert remote.to_dict() == local.to_dict()
    assert audit_csv(remote) == audit_csv(local)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(
    cluster: Any, folder: tuple[Path, list[Any]]
) -> None:
    root, _ = folder
    # generous time: this is about records lost or repeated, on two cores that also start
    # a worker again; a file whose reader hangs still overruns (the limit's own test is below)
    limits = Limits(seconds=120.0)
    local = audit(root, workers=2, limits=limits)
    client = distributed.Client(cluster.scheduler_address)
    try:
        pids = client.run(os.getpid)
        victims = list(pids.values())[:1]
        killed: list[int] = []

        def kill_once(item: Return) -> None:
            if not killed:  # the first return is in: the other workers are mid-file
                for pid in victims:
                    os.kill(pid, signal.SIGKILL)
                killed.extend(victims)

        remote = audit(
            root, engine=DaskEngine(cluster.scheduler_address), limits=limits, on_return=kill_once
        )
        assert killed
        files = [r.record.file for r in remote.returns]
        assert len(files) == len(set(files)) == len(local.returns)
        assert remote.to_dict() == local.to_dict()
        client.wait_for_workers(3, timeout=120)  # the nanny brought a new one
        assert victims[0] not in client.run(os.getpid).values()
    finally:
        client.close()


def test_the_cluster_reads_a_folder_by_its_url(cluster: Any, tmp_path: Path) -> None:
    """The workers fetch each file themselves through fsspec (here over HTTP from a server
    on this machine): the same records as the local engine reading the folder on disk."""
    folder = tmp_path / "returns"
    releases = make_folder(folder, 5)
    roster = roster_of(releases)
    with served(folder) as url:
        remote = audit(url, roster, engine=DaskEngine(cluster.scheduler_address))
    local = audit(folder, roster, workers=2)
    assert [r.record.file for r in remote.returns] == [
        url + Path(r.record.file).name for r in local.returns
    ]
    for there, here in zip(remote.returns, local.returns, strict=True):
        assert dataclasses.replace(there.record, file=here.record.file) == here.record
    assert list(remote.ignored) == [url + "notes.txt"]


@pytest.mark.serial  # (a CI run on two workers starved it: stopped on the clock)
def test_the_time_limit_holds_on_the_cluster(cluster: Any, tmp_path: Path) -> None:
    """A file that overruns is stopped on whichever worker it lands; the others get the
    records this machine gives them."""
    root = tmp_path / "returns"
    make_folder(root, 3)
    GENERATORS["many-objects.pdf"](root / "slow.pdf")  # about 10 s to read
    limits = Limits(seconds=3.0)
    local = audit(root, workers=2, limits=limits)
    remote = audit(root, engine=DaskEngine(cluster.scheduler_address), limits=limits)
    assert remote.to_dict() == local.to_dict()
    reasons = {Path(r.record.file).name: r.record.findings[0].message for r in remote.returns}
    assert reasons.pop("slow.pdf") == "took longer than 3 s to read (stopped)"
    assert not any("took longer" in reason for reason in reasons.values()), reasons


def test_a_sandbox_s_start_is_not_counted_against_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dask worker's sandbox is a fresh interpreter: its start (imports, the form: one or
    two seconds, more on a busy machine) was counted against its first file's time limit,
    and against the next one's after a file overran, so under a short --timeout the
    cluster stopped files this machine's forked readers read. Here the start is made slow
    on purpose (a ``sitecustomize`` that sleeps): the file's time runs once it is ready."""
    make_folder(tmp_path / "returns", 2)
    slow = tmp_path / "slow-start"
    slow.mkdir()
    (slow / "sitecustomize.py").write_text("import time\ntime.sleep(3)\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(slow), os.environ.get("PYTHONPATH", "")]))
    sandbox = Sandbox(Job(), Limits(seconds=2.0), fork=False)
    try:
        done = sandbox(str(tmp_path / "returns" / "r000.pdf"))
    finally:
        sandbox.close()
    assert done.record.speaker_name == "Speaker 000", done.record.findings


def test_the_command_runs_on_a_cluster_of_its_own(tmp_path: Path) -> None:
    make_folder(tmp_path / "returns", 2)
    local = run("audit", str(tmp_path / "returns"), "--json", str(tmp_path / "local.json"))
    remote = run(
        "audit",
        str(tmp_path / "returns"),
        "--engine",
        "dask",
        "--workers",
        "1",
        "--json",
        str(tmp_path / "dask.json"),
    )
    assert (local.returncode, remote.returncode) == (1, 1), remote.stderr
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()
    wrong = run("audit", str(tmp_path / "returns"), "--scheduler", "tcp://127.0.0.1:1")
    assert wrong.returncode == 2 and "--engine dask" in wrong.stderr
    both = ("--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2")
    wrong = run("audit", str(tmp_path / "returns"), *both)
    assert wrong.returncode == 2 and len(wrong.stderr.splitlines()) == 1
    assert "give one of --workers and --scheduler" in wrong.stderr


def test_a_slow_first_file_keeps_few_results_waiting(cluster: Any, tmp_path: Path) -> None:
    """With the first file stuck (a FIFO: its read waits for the time limit), no more
    tasks are given out than the window past it: every finished one used to get a
    successor, so all the folder's results could pile up in the parent."""
    from .test_audit_scale import Counted

    root = tmp_path / "returns"
    make_folder(root, 10)
    stuck = tmp_path / "a-fifo.pdf"
    os.mkfifo(stuck)
    paths = [str(stuck), *sorted(str(p) for p in root.glob("*.pdf"))]
    listing = Counted(paths)
    engine = DaskEngine(cluster.scheduler_address, window=2)
    results = engine.run(iter(listing), Job(), Limits(seconds=8))
    first = next(results)
    assert first.record.status.value == "unreadable"
    assert listing.pulled <= 2 + 1, listing.pulled  # the window, and the one after the first
    assert [Path(d.record.file).name for d in results] == [Path(p).name for p in paths[1:]]


def test_a_long_lived_cluster_keeps_few_readers(cluster: Any, tmp_path: Path) -> None:
    """Each audit with a job of its own (another cache, form, trust or limits) got a reading
    process per worker thread, kept for good: a long-lived cluster piled them up."""
    from pubrelease.auditing.dask_engine import KEPT, read_on_worker

    make_folder(tmp_path / "returns", 2)
    path = str(tmp_path / "returns" / "r000.pdf")
    client = distributed.Client(cluster.scheduler_address)
    try:
        worker = next(iter(client.nthreads()))
        for audit_number in range(KEPT + 1):
            job = Job(cache=str(tmp_path / f"cache-{audit_number}"))
            done = client.submit(read_on_worker, path, job, Limits(), workers=[worker])
            assert done.result().record.speaker_name == "Speaker 000"

        def readers() -> int:
            import psutil

            children = psutil.Process().children()
            return sum("pubrelease.auditing.pool" in " ".join(c.cmdline()) for c in children)

        assert client.run(readers, workers=[worker])[worker] <= KEPT
    finally:
        client.close()


def _refused(*args: str) -> tuple[float, Any]:
    started = time.monotonic()
    done = run("audit", *args, timeout=60)
    return time.monotonic() - started, done


@pytest.mark.parametrize("where", ["refused", "garbage", "not-dask"])
def test_a_scheduler_that_cannot_be_used_is_one_line_and_exit_2(tmp_path: Path, where: str) -> None:
    """A port nobody listens on waited out distributed's 30 s of retries; a malformed
    address was an 'internal error' (exit 3); a web server at the address kept the audit
    waiting for ever. Each is now one line, exit 2, before any output is opened."""
    make_folder(tmp_path / "returns", 2)
    records = tmp_path / "records.jsonl"
    with contextlib.ExitStack() as stack:
        if where == "refused":
            with socket.socket() as probe:  # a port just freed: nobody listens there
                probe.bind(("127.0.0.1", 0))
                address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
        elif where == "garbage":
            address = "not an address"
        else:
            address = stack.enter_context(served(tmp_path)).replace("http://", "tcp://")[:-1]
        seconds, done = _refused(
            str(tmp_path / "returns"), "--engine", "dask", "--scheduler", address,
            "--jsonl", str(records),
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert "Dask scheduler" in done.stderr
    assert not records.exists()
    assert seconds < 25 if where == "not-dask" else seconds < 15


def test_the_dask_engine_without_distributed_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``distributed`` the command said 'internal error ... this is a bug' (exit 3)."""
    make_folder(tmp_path / "returns", 2)
    shim = tmp_path / "shim" / "distributed"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'distributed'\", name='distributed')\n"
    )
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(shim.parent), os.environ.get("PYTHONPATH", "")])
    )
    _, done = _refused(str(tmp_path / "returns"), "--engine", "dask")
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "pubrelease: the dask engine needs the dask extra (No module named 'distributed'): "
        "pip install 'pubrelease[dask]'"
    ]


def test_the_command_audits_a_folder_by_its_url_on_the_cluster(
    cluster: Any, tmp_path: Path
) -> None:
    """The command refused any URL ("Directory 'file:///...' does not exist"), though the
    dask engine is documented for ``pubrelease audit s3://... --engine dask``; a URL naming
    no folder was an empty audit (exit 0), an unknown protocol an 'internal error'."""
    folder = tmp_path / "returns"
    make_folder(folder, 3)
    dask = ("--engine", "dask", "--scheduler", cluster.scheduler_address)
    by_url = run("audit", f"file://{folder}", *dask, "--jsonl", str(tmp_path / "url.jsonl"))
    local = run("audit", str(folder), "--jsonl", str(tmp_path / "local.jsonl"))
    assert (by_url.returncode, local.returncode) == (1, 1), by_url.stderr
    there = [json.loads(x) for x in (tmp_path / "url.jsonl").read_text().splitlines()]
    here = [json.loads(x) for x in (tmp_path / "local.jsonl").read_text().splitlines()]
    assert [r.pop("file") for r in there] == [f"file://{r.pop('file')}" for r in here]
    assert there == here
    kept = tmp_path / "kept.jsonl"
    kept.write_text("an earlier stream\n")
    for wrong in (f"file://{tmp_path}/missing", f"file://{folder}/r000.pdf", "nosuch://x/y"):
        done = run("audit", wrong, *dask, "--jsonl", str(kept), "--force")
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        assert kept.read_text() == "an earlier stream\n"


def assert_started_elsewhere(address: str, folder: Path) -> None:
    """The workers of the cluster at ``address`` run in another folder than ``folder``."""
    client = distributed.Client(address)
    try:
        assert str(folder) not in client.run(os.getcwd).values()
    finally:
        client.close()


def test_a_relative_folder_is_read_by_workers_started_elsewhere(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cluster's workers were started in another working folder: given ``returns``,
    each read ``returns/r000.pdf`` from theirs ('No such file or directory' for every
    file). They are given the path made absolute; the records keep the name as given."""
    make_folder(tmp_path / "returns", 3)
    monkeypatch.chdir(tmp_path)
    assert_started_elsewhere(cluster.scheduler_address, tmp_path)
    local = audit("returns", workers=2)
    remote = audit("returns", engine=DaskEngine(cluster.scheduler_address))
    assert remote.returns[0].record.file == os.path.join("returns", "r000.pdf")
    assert remote.to_dict() == local.to_dict()


def test_a_lost_scheduler_stops_the_audit_instead_of_filling_it_with_unreadable_records(
    tmp_path: Path,
) -> None:
    """The scheduler killed mid-run: the client's futures were cancelled and each file
    still waiting got an 'unreadable: the cluster could not read it: NoneType: None'
    record, then the audit hung for good on tasks no one would run. Now it stops with
    one error naming the scheduler, and no report is made of a half-read folder."""
    from pubrelease.auditing.dask_engine import ClusterError

    make_folder(tmp_path / "returns", 8)
    spec = tmp_path / "scheduler.json"
    started: list[subprocess.Popen[bytes]] = []
    try:
        for command in (
            ["dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
            ["dask_worker", "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
        ):
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        f"distributed.cli.{command[0]}",
                        *command[1:],
                        "--scheduler-file",
                        str(spec),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            while not spec.exists():
                time.sleep(0.1)
        address = json.loads(spec.read_text())["address"]
        with distributed.Client(address) as client:
            client.wait_for_workers(1, timeout=60)

        def kill_the_scheduler(item: Return) -> None:
            if started[0].poll() is None:
                started[0].kill()

        with pytest.raises(ClusterError, match="lost the Dask scheduler"):
            audit(tmp_path / "returns", engine=DaskEngine(address), on_return=kill_the_scheduler)
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_ctrl_c_stops_a_cluster_of_its_own_quietly(tmp_path: Path) -> None:
    """A Ctrl-C reaches the terminal's whole process group: each worker of the command's
    own cluster printed a KeyboardInterrupt traceback (and a warning per cancelled task)
    over the command's own line. The command stops; its cluster goes with it, quietly."""
    import psutil

    # (enough files that the audit cannot end between its first record and the Ctrl-C on
    # a loaded machine: with sixty it did, in CI)
    count = 240
    make_folder(tmp_path / "returns", count)
    records = tmp_path / "records.jsonl"
    command = [sys.executable, "-m", "pubrelease", "audit", str(tmp_path / "returns")]
    process = subprocess.Popen(
        [*command, "--engine", "dask", "--workers", "2", "--jsonl", str(records)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=interruptible,
    )
    try:
        deadline = time.monotonic() + 120
        while not (records.exists() and records.read_text()) and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert len(records.read_text().splitlines()) <= count, "the audit ended before the Ctrl-C"
    assert "Traceback" not in err and "WARNING" not in err, err
    assert err.splitlines() == ["pubrelease: interrupted"], err
    assert process.returncode == 130

    def left() -> list[Any]:
        return [p for p in psutil.process_iter() if _session(p.pid) == process.pid]

    deadline = time.monotonic() + 20
    while left() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left()


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None
