"""The Dask engine where a review (session 64) broke it: workers killed until a file's
task failed (its return called unreadable), a cluster with no worker (the audit waited
for ever), a form given by a relative path (every file unreadable on workers started
elsewhere), and a folder given as a ``file://`` URL holding a file named in no UTF-8 or
a named pipe (an internal error; a reader held for four times its limit).
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pubrelease import load_form
from pubrelease.auditing.audit import Return, audit
from pubrelease.auditing.dask_engine import ClusterError, DaskEngine
from pubrelease.auditing.jsonl import jsonl_writer
from pubrelease.auditing.pool import Limits

from .test_audit_dask import assert_started_elsewhere
from .test_audit_scale import make_folder

if os.environ.get("CI") == "true":
    import dask
    import distributed
else:
    distributed = pytest.importorskip("distributed")
    import dask


@pytest.fixture(scope="module")
def fragile() -> Iterator[Any]:
    """A cluster whose scheduler gives up on a task at its worker's first death
    (``allowed-failures: 0``): one kill, and a task fails with KilledWorker."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
    ):
        yield local


def test_a_file_whose_worker_died_is_read_again_not_called_unreadable(
    fragile: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 16)
    limits = Limits(seconds=120.0)
    local = audit(folder, workers=2, limits=limits)
    client = distributed.Client(fragile.scheduler_address)
    try:
        client.wait_for_workers(2, timeout=120)
        victims = list(client.run(os.getpid).values())
        killed: list[int] = []

        def kill_all_once(item: Return) -> None:
            if not killed:  # (the first return is in: the workers are mid-file)
                for pid in victims:
                    os.kill(pid, signal.SIGKILL)
                killed.extend(victims)

        remote = audit(
            folder,
            engine=DaskEngine(fragile.scheduler_address),
            limits=limits,
            on_return=kill_all_once,
        )
        assert killed
        assert remote.to_dict() == local.to_dict()
        assert "KilledWorker" not in str(remote.to_dict())
        client.wait_for_workers(2, timeout=120)
    finally:
        client.close()


def test_a_cluster_with_no_worker_stops_the_audit_with_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pubrelease.auditing import dask_engine

    monkeypatch.setattr(dask_engine, "NO_WORKERS_SECONDS", 3.0)
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    stream = tmp_path / "kept.jsonl"
    stream.write_text('{"kept": true}\n', encoding="utf-8")
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None) as empty:
        began = time.monotonic()
        with (  # (the error passes through the stream, as in the command)
            pytest.raises(ClusterError, match=r"ran nothing in 3 s \(it has no worker"),
            jsonl_writer(stream, overwrite=True) as on_return,
        ):
            audit(folder, engine=DaskEngine(empty.scheduler_address), on_return=on_return)
        assert time.monotonic() - began < 60
    assert stream.read_text(encoding="utf-8") == '{"kept": true}\n'  # (no return: untouched)


def test_a_form_given_by_a_relative_path_is_the_workers_form_too(
    fragile: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = Path(load_form().definition.source).parent
    shutil.copytree(shipped, tmp_path / "myform")
    make_folder(tmp_path / "returns", 3)
    monkeypatch.chdir(tmp_path)
    assert_started_elsewhere(fragile.scheduler_address, tmp_path)
    local = audit("returns", workers=1, form="./myform")
    remote = audit("returns", engine=DaskEngine(fragile.scheduler_address), form="./myform")
    assert remote.to_dict() == local.to_dict()
    assert {r.record.status.value for r in remote.returns} >= {"valid", "declined"}


def test_a_form_the_workers_cannot_load_is_one_error(fragile: Any, tmp_path: Path) -> None:
    from pubrelease.auditing import dask_engine

    make_folder(tmp_path / "returns", 2)
    gone = tmp_path / "gone-form"
    shutil.copytree(Path(load_form().definition.source).parent, gone)
    form = dask_engine._reachable_form(str(gone))  # (as the run sends it)
    shutil.rmtree(gone)  # (a folder this machine saw and the workers do not)
    with (
        distributed.Client(fragile.scheduler_address) as client,
        pytest.raises(ClusterError, match="cannot read returns"),
    ):
        DaskEngine(fragile.scheduler_address)._ready(client, form)


def test_a_file_url_folder_names_odd_files_and_refuses_pipes(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    odd = os.fsencode(folder) + b"/\xff\xfe.pdf"
    with open(odd, "wb") as handle:
        handle.write((folder / "r000.pdf").read_bytes())
    os.mkfifo(folder / "pipe.pdf")
    began = time.monotonic()
    report = audit(folder.as_uri(), workers=1, limits=Limits(seconds=30.0))
    assert time.monotonic() - began < 30  # (the pipe was not waited on)
    names = {r.record.file: r.record for r in report.returns}
    from pubrelease.auditing.locations import shown

    named, escaped = shown(folder.as_uri() + "/" + os.fsdecode(b"\xff\xfe.pdf"))
    assert escaped and "\udcff" not in named  # (shown escaped, as a local path's name is)
    assert named in names
    assert "file-name" in {f.code for f in names[named].findings}
    assert names[named].status.value == "valid"
    piped = names[folder.as_uri() + "/pipe.pdf"]
    assert piped.status.value == "unreadable"
    assert "not a regular file" in str(piped.to_dict())


def test_workers_that_do_not_see_the_folder_stop_the_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder this machine lists and the cluster's workers do not see (not shared with
    them) made every return 'unreadable: cannot read: No such file or directory', a
    whole report of the speakers' fault. Workers in this process (threads) stand in for
    such a cluster: each finds no file."""
    from pubrelease.auditing import dask_engine
    from pubrelease.auditing.work import Done
    from pubrelease.record import Record

    def blind(location: str, job: object, limits: object) -> Done:
        record = Record.unreadable(location, "cannot read: No such file or directory")
        return Done(record, missing=True)

    monkeypatch.setattr(dask_engine, "read_on_worker", blind)
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    with (
        distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as here,
        pytest.raises(ClusterError, match=r"do not find .*r00[01]\.pdf.*must be shared"),
    ):
        audit(folder, engine=DaskEngine(here.scheduler_address))


def test_a_link_to_nothing_is_the_files_fault_on_the_cluster_too(
    fragile: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    (folder / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    local = audit(folder, workers=1)
    remote = audit(folder, engine=DaskEngine(fragile.scheduler_address))
    assert remote.to_dict() == local.to_dict()
    gone = [r for r in remote.returns if r.record.file.endswith("gone.pdf")]
    assert gone and gone[0].record.status.value == "unreadable"
