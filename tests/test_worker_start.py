"""A reading process's start (:func:`pubrelease.auditing.reader._capped`): its memory capped at
once, what reading needs loaded only before the first file it reads (a re-audit served by
the record cache loads none of it), and the cap set again past what that loaded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys
    from pubrelease.auditing.reader import _capped

    def soft():
        with open("/proc/self/limits") as handle:
            line = next(x for x in handle if x.startswith("Max address space"))
        return int(line.split()[3])

    before_reading = _capped(300)
    first = soft()
    assert "cv2" not in sys.modules and "pubrelease.reading.read" not in sys.modules
    before_reading(10 << 20)
    assert "cv2" in sys.modules and "pubrelease.reading.read" in sys.modules
    second = soft()
    with open("/proc/self/statm") as handle:
        import os
        size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    # 300 MB beyond what the process holds now, the file's 10 MB not counted
    assert abs(second - (size - (10 << 20) + (300 << 20))) < (8 << 20), (second, size)
    assert second > first
    before_reading(0)  # (once)
    assert soft() == second
    print("ok")
    """
)


def _says_ok(script: str) -> None:
    """``script`` run in a fresh interpreter (rlimits are the process's) prints "ok"."""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_a_reader_loads_what_reading_needs_before_its_first_file() -> None:
    _says_ok(SCRIPT)


def test_loading_what_reading_needs_is_not_the_first_files_time(tmp_path: Path) -> None:
    """A fresh interpreter (a Dask worker's sandbox) loads the reading stack before its
    first read file, a second of a core: that is the start's time, not the file's. With a
    half-second limit, a damaged file is read as damaged, not stopped (review s56)."""
    from pubrelease.auditing.pool import Limits, Sandbox
    from pubrelease.auditing.work import Job

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Length 999 >>\nstream\nabc")
    sandbox = Sandbox(Job(), Limits(seconds=0.5), fork=False)
    try:
        for _ in range(2):
            (finding,) = [f for f in sandbox(str(junk)).record.findings if f.code == "unreadable"]
            assert "longer than" not in finding.message, finding.message
    finally:
        sandbox.close()


FAILING = textwrap.dedent(
    """
    from pubrelease.auditing import reader

    def soft():
        with open("/proc/self/limits") as handle:
            line = next(x for x in handle if x.startswith("Max address space"))
        return line.split()[3]

    def broken():
        raise RuntimeError("a library that fails to load")

    reader._preload = broken
    before_reading = reader._capped(100)
    try:
        before_reading(0)
    except RuntimeError:
        pass
    assert soft().isdigit(), soft()  # capped again, not left unlimited
    print("ok")
    """
)


def test_a_reader_whose_loading_fails_stays_capped() -> None:
    _says_ok(FAILING)
