"""The instructions a Python worker executes, counted by callgrind (the instruction
benchmarks' shared part: ``fill_instructions.py``, ``parse_instructions.py``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def instructions(script: str, *args: str, options: tuple[str, ...] = ()) -> int:
    """Instructions of ``python script --worker args...`` under ``valgrind --tool=callgrind``
    (start-up and imports included: count twice and subtract); ``options``: callgrind's
    own besides (``--toggle-collect=...``: only inside a function)."""
    run = subprocess.run(
        [
            "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *options,
            sys.executable, script, "--worker", *args,
        ],
        capture_output=True, text=True, check=False, env=os.environ.copy(),
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode or found is None:
        raise SystemExit(f"callgrind gave no count:\n{run.stderr[-2000:]}")
    return int(found.group(1))
