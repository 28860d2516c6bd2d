"""A reading process's start (:func:`pubrelease.auditing.pool._capped`): its memory capped at
once, what reading needs loaded only before the first file it reads (a re-audit served by
the record cache loads none of it), and the cap set again past what that loaded."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from pubrelease.auditing.pool import _capped

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


def test_a_reader_loads_what_reading_needs_before_its_first_file() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
