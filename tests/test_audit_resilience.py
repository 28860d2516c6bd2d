"""An audit under attack: its process killed, its cache dir unusable or leading elsewhere,
a tight memory limit, a reader's parent gone mid-file.

Found by a review that killed audits and damaged caches on purpose (scripts in its report).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pubrelease.auditing.audit import AuditSetupError, audit
from pubrelease.auditing.pool import Limits, _Child
from pubrelease.auditing.work import Job

from .test_audit_scale import SCRIPT, make_folder, run


def _children(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_readers_of_a_killed_audit_do_not_outlive_it(tmp_path: Path) -> None:
    """kill -9 of the audit's process: its reading children used to wait for the next path
    for ever (each held the parent's end of its own pipe, and of its elder siblings')."""
    make_folder(tmp_path / "returns", 12)
    lines = tmp_path / "records.jsonl"
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    audit_process = subprocess.Popen(
        [*command, "audit", str(tmp_path / "returns"), "--workers", "2", "--jsonl", str(lines)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (lines.exists() and lines.read_bytes().count(b"\n") >= 1):
            assert audit_process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        readers = _children(audit_process.pid)
        assert len(readers) == 2
    finally:
        audit_process.kill()
        audit_process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in readers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in readers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_a_reader_whose_parent_went_away_mid_file_ends_quietly(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A sandbox whose Dask worker was killed while it read a file: its answer has no one
    to go to. It used to print a BrokenPipeError's traceback into the cluster's log."""
    make_folder(tmp_path / "returns", 2)
    child = _Child(Job(), Limits(), fork=False)
    assert child.popen is not None
    child.give([str(tmp_path / "returns" / "r000.pdf")])
    child.conn.close()
    assert child.popen.wait(timeout=60) == 0
    assert "Traceback" not in capfd.readouterr().err


def test_the_memory_limit_is_the_files_not_the_readers_own(tmp_path: Path) -> None:
    """The reader's own modules are loaded before the cap: OpenCV (about 300 MB of address
    space) was imported on the first flattened return, under the cap, and with
    ``--memory 200`` every flattened return was unreadable ("ImportError: ... failed to map
    segment from shared object")."""
    folder = tmp_path / "returns"
    make_folder(folder, 4)
    roomy = audit(folder, workers=2)
    tight = audit(folder, workers=2, limits=Limits(memory_mb=200))
    assert tight.to_dict() == roomy.to_dict()
    assert [r.record.status.value for r in tight.returns].count("valid") == 3


def test_a_cache_that_cannot_be_written_is_refused_before_any_reading(tmp_path: Path) -> None:
    """It used to reach every reading child, which died starting: every file "unreadable"
    (the reader stopped), a traceback per child, exit 1."""
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"
    with pytest.raises(AuditSetupError, match="cannot write the cache"):
        audit(folder, workers=1, cache=cache)
    done = run("audit", str(folder), "--cache", str(cache))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "cannot write the cache" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_cache_writes_nothing_into_the_audited_folder_through_a_link(tmp_path: Path) -> None:
    """The cache's subfolders are its own: one that is a link (here into the audited
    folder) is not written through, and an audited folder inside the cache is refused (one
    of its subfolders could be the audited folder)."""
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    cache = tmp_path / "cache"
    first = audit(folder, workers=1, cache=cache)
    for sub in {p.parent for p in cache.rglob("*.rec")}:
        for entry in sub.iterdir():
            entry.unlink()
        sub.rmdir()
        (folder / "sub" / sub.name).mkdir(parents=True)
        sub.symlink_to(folder / "sub" / sub.name)
    again = audit(folder, workers=1, cache=cache)
    assert not list(folder.rglob("*.rec"))
    assert again.to_dict() == first.to_dict()

    inner = tmp_path / "outer" / "ab"
    make_folder(inner, 2)
    with pytest.raises(AuditSetupError, match="inside the cache"):
        audit(inner, workers=1, cache=tmp_path / "outer")


def _fresh(script: str, folder: Path) -> str:
    """What ``script`` prints, run in a fresh interpreter with ``folder`` as its argument."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_files_memory_is_the_same_on_any_machine(tmp_path: Path) -> None:
    """OpenCV read a flattened return with a thread per core, each thread's heap taking 64
    MB of address space out of the file's budget: under ``--memory 150`` the same file was
    valid on one machine (or Dask cluster) and unreadable on another, and the reason was
    OpenCV's own error ("Insufficient memory"), not the memory limit's. Run in a fresh
    interpreter: a reader forked from a process that has OpenCV loaded already (this
    suite's, after any reading) spends less of its budget, and 60 MB is then enough."""
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    (folder / "r000.pdf").unlink()  # r001: flattened
    script = (  # (read the general way, which runs OpenCV: as fill's file it would not,
        # reading/refilled.py; the readers forked inherit the patch)
        "import sys\n"
        "import pubrelease.reading.read as read\n"
        "from pubrelease.auditing.audit import audit\n"
        "from pubrelease.auditing.pool import Limits\n"
        "read.read_proven = lambda *args: None\n"
        "for mb in (150, 60):\n"
        "    report = audit(sys.argv[1], None, workers=1, limits=Limits(memory_mb=mb))\n"
        "    record = report.returns[0].record\n"
        "    print(record.status.value, [f.message for f in record.findings])\n"
    )
    roomy, tight = _fresh(script, folder).splitlines()
    assert roomy.startswith("declined "), roomy
    assert tight == "unreadable ['needs more than 60 MB of memory to read']", tight


def test_an_audit_after_opencv_ran_in_the_same_process_reads_its_files(tmp_path: Path) -> None:
    """A process whose OpenCV has started its threads (any reading of a picture does)
    forks the audit's readers: asking OpenCV for one thread in such a child waited for
    threads the fork did not copy, until the file's time ran out (every return then
    unreadable; the suite's audit tests after any reading). Run in a fresh interpreter,
    so that the state is known."""
    from pubrelease import fill

    from .attacks import RELEASE

    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "one.pdf").write_bytes(fill(RELEASE))
    script = (
        "import sys, numpy as np, cv2\n"
        "cv2.setNumThreads(2)\n"
        "cv2.GaussianBlur(np.zeros((3000, 3000), np.uint8), (31, 31), 0)  # its threads\n"
        "from pubrelease.auditing.audit import audit\n"
        "from pubrelease.auditing.pool import Limits\n"
        "report = audit(sys.argv[1], None, workers=1, limits=Limits(seconds=20))\n"
        "print([r.record.status.value for r in report.returns])\n"
    )
    assert _fresh(script, folder).strip() == "['valid']"


_SERVE = """
import gc, json, sys
from multiprocessing import Pipe
from pubrelease.auditing.reader import LOADING, READY, serve
from pubrelease.auditing.work import Job
ours, theirs = Pipe()
ours.send(tuple(sys.argv[1:]))  # (paths come in batches)
ours.send(None)
serve(theirs, Job(), 1024)
assert ours.recv() == READY  # capped: the first file's time starts
# (before the first file it reads, it loads what reading needs: the start's time again)
assert ours.recv() == LOADING and ours.recv() == READY
# (each result with the processor time the reader had used: its next file's start)
read = [(r.speaker_name, r.consent.value) for r in (ours.recv()[0].record for _ in sys.argv[1:])]
print(json.dumps([gc.get_freeze_count() > 0, *read]))
"""


def test_a_reader_keeps_what_every_file_needs_out_of_the_collectors_full_passes(
    tmp_path: Path,
) -> None:
    # after its first file, a reading child freezes what it holds (the form, its pages'
    # characters): the collector's full passes then walk the files' objects only; the
    # files are read as before
    make_folder(tmp_path, 2)
    paths = [str(tmp_path / "r000.pdf"), str(tmp_path / "r001.pdf")]
    done = subprocess.run(
        [sys.executable, "-c", _SERVE, *paths], capture_output=True, text=True, check=False
    )
    frozen, *read = json.loads(done.stdout or "null") or [None]
    assert frozen is True, done.stderr[-2000:]
    assert read == [["Speaker 000", "accept"], ["Speaker 001", "decline"]]
