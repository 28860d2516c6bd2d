"""What a benchmark run measured: the machine, the commit and the libraries' versions."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import multiprocessing
import os
import platform
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

LIBRARIES = ("pubrelease", "pypdf", "pdfplumber", "pdfminer.six", "pypdfium2")


def versions(names: Sequence[str] = LIBRARIES) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def revision() -> str:
    """The commit measured, and whether the library's files differ from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "forms")
    return f"commit {commit}{' with uncommitted changes in src/ or forms/' if dirty else ''}"


def machine(names: Sequence[str] = LIBRARIES) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now().isoformat(timespec='minutes')}; {revision()}; "
        f"{platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (nproc), load average {load}; "
        f"Python {platform.python_version()}; {versions(names)}"
    )


def forked(work: Callable[[], T]) -> T:
    """``work`` done in a child process forked from this one, its answer sent back: a
    benchmark's round reads its files for the first time there, whatever this process
    read before (what a reader keeps by a file's own bytes does not make a round a
    repeated reading)."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def run() -> None:
        sending.send(work())

    child = context.Process(target=run)
    child.start()
    sending.close()
    try:
        answer: T = receiving.recv()
    except EOFError:
        raise RuntimeError(f"a round's process died (exit code {child.exitcode})") from None
    finally:
        child.join()
        receiving.close()
    return answer
