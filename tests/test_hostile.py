"""Hostile returns: every file gets its own record, bounded in time and memory.

The corpus (``tests/hostile.py``) is built once per module. It is audited with
two workers and with one, and each file is also read alone by ``parse_all`` in a
fresh interpreter, to time it and to measure the worker's peak memory.

Peak memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (Linux: KiB): the peak
resident set of the *largest* child process that has ended and been waited for,
a high-water mark over all such children, not a sum. It can only be put down to
one file in a process that has read nothing else, hence one interpreter per
file. A forked worker's RSS includes the pages it shares with its parent.

The slowest single case is the million objects (pypdf reads the whole xref
table: 5-10 s and ~400 MB in a worker, under the 20 s / 512 MB limits); with the
three passes over the corpus, the limit checks, the default-limit bomb and the
command line, the module takes 1-1.5 minutes on 2 cores.

A release re-saved with JavaScript on open reads ``incomplete`` with an ``active-content``
warning (never run, left to a person); decompression is capped before PDFium inflates pages;
parse() gives a record, never a PdfiumError.
"""

from __future__ import annotations

import contextlib
import csv
import faulthandler
import hashlib
import json
import multiprocessing
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pubrelease import Status, parse
from pubrelease.auditing.audit import AuditReport, audit
from pubrelease.auditing.pool import DEFAULT_LIMITS, Limits
from pubrelease.record import Record, Severity

from .hostile import BOMB_BYTES, GENERATORS, NOT_PDFS, build_corpus

pytestmark = pytest.mark.serial  # (files stopped at their time limits: .ci/run)

LIMITS = Limits(seconds=20, memory_mb=512)
GRACE = 5.0
"""Seconds beyond the limit for starting, killing and replacing a worker."""
RSS_SLACK_MB = 64
"""Allowance over ``memory_mb`` beyond a worker at rest (allocator and page-table noise)."""

linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="RLIMIT_AS and ru_maxrss in KiB are Linux's"
)


# -- what each file must give ---------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    statuses: frozenset[Status]
    reason: str
    """A pattern the reason must match: the unreadable finding's message when unreadable,
    else the message of one finding."""


UNREADABLE = frozenset({Status.UNREADABLE})
NOT_VALID = frozenset(set(Status) - {Status.VALID})
EXPECTED: dict[str, Expect] = {
    "empty.pdf": Expect(UNREADABLE, r"not a PDF"),
    "garbage.pdf": Expect(UNREADABLE, r"damaged|not a release"),
    "html-renamed.pdf": Expect(UNREADABLE, r"not a PDF"),
    "truncated.pdf": Expect(UNREADABLE, r"damaged|not a release"),
    "encrypted-user-password.pdf": Expect(UNREADABLE, r"encrypted.*password"),
    # an empty user password opens for anyone: the release reads as it was issued
    "encrypted-owner-password.pdf": Expect(frozenset({Status.VALID}), r"not-countersigned"),
    "xref-loop.pdf": Expect(UNREADABLE, r"damaged|not a release"),
    "page-tree-loop.pdf": Expect(UNREADABLE, r"damaged|page|not a release"),
    "deep-nesting.pdf": Expect(UNREADABLE, r"damaged|nested|not a release"),
    # crashes at the 512 MB cap today; a capped inflater would say so, or find the change
    "flate-bomb.pdf": Expect(
        NOT_VALID, r"memory|crashed|took longer|decompress|inflat|bomb|[Ll]imit"
    ),
    "many-objects.pdf": Expect(UNREADABLE, r"not a release|memory|took longer"),
    "many-pages.pdf": Expect(UNREADABLE, r"not a release|memory|took longer|limit"),
    "huge-image.pdf": Expect(
        frozenset({Status.INVALID, Status.UNREADABLE}),
        r"changed after issue|memory|crashed|took longer|image",
    ),
    # active content was being integrated when these were written: the release changed after
    # issue is `invalid`; see test_javascript_is_named for the active-content finding itself
    "javascript-on-open.pdf": Expect(NOT_VALID, r"changed after issue.*OpenAction"),
    "javascript-on-open-resaved.pdf": Expect(NOT_VALID, r"JavaScript.*OpenAction"),
}


def test_every_generator_has_an_expectation() -> None:
    assert set(EXPECTED) == set(GENERATORS)


# -- fixtures -------------------------------------------------------------------------------


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Fail (instead of hanging the test run) when ``what`` overruns ``seconds``."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what} took longer than {seconds:g} s: the time limit is not enforced")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name) -> its SHA-256."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Corpus:
    folder: Path
    paths: dict[str, Path]
    hashes: dict[str, str]
    seconds: float


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("hostile")
    start = time.monotonic()
    paths = build_corpus(folder)
    seconds = time.monotonic() - start
    return Corpus(folder, paths, snapshot(folder), seconds)


@contextlib.contextmanager
def quiet_worker_crashes(config: pytest.Config) -> Iterator[None]:
    """Workers forked from pytest inherit its faulthandler, which prints a "Fatal Python
    error: Aborted" stack on the terminal when PDFium aborts in a worker at the memory cap
    (the bomb). That crash is expected here: faulthandler is off while auditing."""
    was = faulthandler.is_enabled()
    faulthandler.disable()
    try:
        yield
    finally:
        if was:
            try:  # where pytest's faulthandler plugin writes; private, hence the fallback
                from _pytest.faulthandler import fault_handler_stderr_fd_key

                faulthandler.enable(file=config.stash[fault_handler_stderr_fd_key])
            except (ImportError, KeyError, ValueError, OSError):
                faulthandler.enable(file=sys.__stderr__)


@dataclass(frozen=True)
class Audited:
    report: AuditReport
    seconds: float
    parent_growth_mb: float
    """How much the auditing process's own peak RSS rose while auditing."""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_audit(folder: Path, workers: int, config: pytest.Config) -> Audited:
    count = len(GENERATORS)
    # each file takes at most the limit, so the whole audit is bounded too
    bound = -(-count // workers) * (LIMITS.seconds + GRACE) + 30
    start = time.monotonic()
    with quiet_worker_crashes(config), deadline(bound, f"audit with {workers} workers"):
        before = peak_rss_mb()
        report = audit(folder, workers=workers, limits=LIMITS)
    return Audited(report, time.monotonic() - start, peak_rss_mb() - before)


@pytest.fixture(scope="module")
def audited(corpus: Corpus, pytestconfig: pytest.Config) -> Audited:
    return timed_audit(corpus.folder, 2, pytestconfig)


@pytest.fixture(scope="module")
def audited_one_worker(corpus: Corpus, pytestconfig: pytest.Config) -> Audited:
    return timed_audit(corpus.folder, 1, pytestconfig)


def by_name(report: AuditReport) -> dict[str, Record]:
    return {Path(r.record.file).name: r.record for r in report.returns}


MEASURE = r"""
import json, resource, sys, time
from pubrelease.auditing.pool import Limits, parse_all
from pubrelease.verify import verify

path, seconds, memory_mb, pictures = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
limits = Limits(seconds=seconds, memory_mb=memory_mb)
start = time.monotonic()
[(reading, picture)] = parse_all([path], workers=1, limits=limits, pictures=pictures == "1")
elapsed = time.monotonic() - start
record = verify(reading)
print(json.dumps({
    "status": record.status.value,
    "findings": [[f.code, f.severity.value, f.message] for f in record.findings],
    "seconds": elapsed,
    "peak_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "picture": picture,
}, default=lambda b: b[:8].hex()))
"""


@dataclass(frozen=True)
class Measured:
    status: Status
    findings: list[tuple[str, str, str]]
    seconds: float
    """Wall-clock time of ``parse_all([path], workers=1)``: fork, read, collect."""
    peak_rss_mb: float
    """Peak RSS of the worker(s) that read this file alone."""
    picture: str | None
    """The first bytes of the picture (hex), when one was asked for and made."""

    @property
    def reason(self) -> str:
        return self.findings[0][2] if self.findings else ""


def measure(path: Path, limits: Limits = LIMITS, *, pictures: bool = False) -> Measured:
    """Read ``path`` alone, in a fresh interpreter whose only children are its workers."""
    args = [str(path), str(limits.seconds), str(limits.memory_mb), "1" if pictures else "0"]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        timeout=limits.seconds + 60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    got = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return Measured(
        Status(got["status"]),
        [tuple(f) for f in got["findings"]],
        got["seconds"],
        got["peak_rss_kb"] / 1024,
        got["picture"],
    )


@pytest.fixture(scope="module")
def measured(corpus: Corpus) -> dict[str, Measured]:
    results = {name: measure(path) for name, path in corpus.paths.items()}
    print("\n" + table(results))
    return results


def table(results: dict[str, Measured]) -> str:
    rows = [f"{'file':34} {'status':10} {'s':>6} {'peak MB':>8}  reason"]
    for name, m in results.items():
        reason = " | ".join(f"{code}: {message[:90]}" for code, _, message in m.findings[:2])
        rows.append(
            f"{name:34} {m.status.value:10} {m.seconds:6.2f} {m.peak_rss_mb:8.0f}  {reason}"
        )
    return "\n".join(rows)


def timed_out(record: Record) -> bool:
    return record.status is Status.UNREADABLE and "took longer" in record.findings[0].message


def reason_of(record: Record, pattern: str) -> str | None:
    """The message that matches ``pattern``: the unreadable reason, else any finding's."""
    if record.status is Status.UNREADABLE:
        messages = [record.findings[0].message]
    else:
        messages = [f"{f.code}: {f.message}" for f in record.findings] or [""]
    return next((m for m in messages if re.search(pattern, m)), None)


# -- the corpus itself ----------------------------------------------------------------------


def test_corpus_is_quick_to_make_and_small(corpus: Corpus) -> None:
    size = sum(p.stat().st_size for p in corpus.paths.values())
    assert corpus.seconds < 30, f"building the corpus took {corpus.seconds:.1f} s"
    assert size < 80 * 1024 * 1024
    # the bomb is a few KB on top of the release it is drawn in
    bomb = corpus.paths["flate-bomb.pdf"].stat().st_size
    release = corpus.paths["javascript-on-open.pdf"].stat().st_size
    assert bomb - release < 16 * 1024
    assert BOMB_BYTES >= 400 * 1024 * 1024


# -- the audit goes on ----------------------------------------------------------------------


def test_every_file_has_a_record_in_sorted_order(corpus: Corpus, audited: Audited) -> None:
    report = audited.report
    assert [r.record.file for r in report.returns] == [
        str(corpus.folder / name) for name in sorted(GENERATORS)
    ]
    assert list(report.ignored) == [str(corpus.folder / name) for name in sorted(NOT_PDFS)]
    assert report.summary()["returns"] == len(GENERATORS)
    assert not report.ok


@pytest.mark.parametrize("name", list(GENERATORS))
def test_verdict(name: str, audited: Audited) -> None:
    record = by_name(audited.report)[name]
    expect = EXPECTED[name]
    assert record.status in expect.statuses, (record.status, record.findings)
    if record.status is Status.UNREADABLE:
        assert record.findings[0].code == "unreadable"
        assert record.findings[0].severity is Severity.ERROR
        assert record.findings[0].message.strip()
    assert reason_of(record, expect.reason) is not None, (expect.reason, record.findings)


def test_owner_password_only_reads_as_the_release(audited: Audited) -> None:
    record = by_name(audited.report)["encrypted-owner-password.pdf"]
    assert record.speaker_name == "Bohyung Han"
    assert record.consent.value == "accept"
    assert record.signed
    assert record.release_id is not None
    assert record.status is Status.VALID, record.findings


def test_javascript_is_named(audited: Audited) -> None:
    # ACTIVE CONTENT: another engineer was integrating this when the test was written
    # (DESIGN: scripts are found and named, an `active-content` warning). If this fails,
    # the library does not (or no longer) flag JavaScript run on open.
    records = by_name(audited.report)
    for name in ("javascript-on-open.pdf", "javascript-on-open-resaved.pdf"):
        active = [f for f in records[name].findings if f.code == "active-content"]
        assert active, (name, records[name].findings)
        assert active[0].severity is Severity.WARNING
        assert "JavaScript" in active[0].message and "OpenAction" in active[0].message


def test_javascript_resaved_is_a_named_warning(audited: Audited) -> None:
    """Active content is a warning, never executed: re-saved with a script and nothing
    else changed, the release is left to a person (``incomplete``: what the script would
    show is not known), and the audit names the script for them to look at."""
    record = by_name(audited.report)["javascript-on-open-resaved.pdf"]
    warnings = [f for f in record.findings if f.code == "active-content"]
    assert [f.severity.value for f in warnings] == ["warning"]
    assert record.status is Status.INCOMPLETE
    assert "JavaScript" in warnings[0].message


def test_one_worker_and_two_give_the_same_records(
    audited: Audited, audited_one_worker: Audited
) -> None:
    two, one = audited.report, audited_one_worker.report
    assert [r.record.file for r in one.returns] == [r.record.file for r in two.returns]
    for a, b in zip(one.returns, two.returns, strict=True):
        assert a.record.status is b.record.status, a.record.file
        if not any(timed_out(r.record) for r in (a, b)):  # a slow file near the limit may
            assert a.record.findings == b.record.findings, a.record.file  # time out once
    assert one.ignored == two.ignored


# -- bounded in time and memory -------------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATORS))
def test_each_file_alone_is_bounded_in_time(
    name: str, measured: dict[str, Measured], audited: Audited
) -> None:
    m = measured[name]
    assert m.seconds < LIMITS.seconds + GRACE, f"{name}: {m.seconds:.1f} s"
    # read alone, the file gets the verdict it got in the audit
    assert m.status is by_name(audited.report)[name].status, (m.findings, name)


@linux_only
@pytest.mark.parametrize("name", list(GENERATORS))
def test_each_file_alone_is_bounded_in_memory(name: str, measured: dict[str, Measured]) -> None:
    # a worker at rest: the smallest peak, for a file rejected before any parsing
    rest = measured["empty.pdf"].peak_rss_mb
    peak = measured[name].peak_rss_mb
    assert peak <= rest + LIMITS.memory_mb + RSS_SLACK_MB, f"{name}: {peak:.0f} MB"


@linux_only
@pytest.mark.parametrize("name", ["flate-bomb.pdf", "huge-image.pdf"])
def test_bomb_and_huge_image_are_contained(name: str, measured: dict[str, Measured]) -> None:
    """Unreadable with the reason, or read to the end without inflating the payload."""
    m = measured[name]
    if m.status is Status.UNREADABLE:
        assert re.search(r"memory|crashed|took longer|decompress|image", m.reason), m.reason
    else:
        assert m.peak_rss_mb < measured["empty.pdf"].peak_rss_mb + 300, m.peak_rss_mb


@linux_only
def test_huge_image_with_pictures_is_contained(corpus: Corpus) -> None:
    """Pictures of the signature block render page 1, over which the image is drawn."""
    m = measure(corpus.paths["huge-image.pdf"], pictures=True)
    assert m.seconds < LIMITS.seconds + GRACE
    assert m.status is not Status.VALID, m.findings
    assert m.peak_rss_mb < LIMITS.memory_mb + 300
    if m.picture is not None:
        assert m.picture.startswith("89504e47")  # PNG


@linux_only
def test_bomb_is_not_inflated_under_the_default_limits(
    corpus: Corpus, measured: dict[str, Measured]
) -> None:
    m = measure(corpus.paths["flate-bomb.pdf"], DEFAULT_LIMITS)
    rest = measured["empty.pdf"].peak_rss_mb
    assert m.peak_rss_mb < rest + BOMB_BYTES / 2**20 / 2, f"peak {m.peak_rss_mb:.0f} MB"


def test_the_time_limit_stops_a_slow_file(corpus: Corpus) -> None:
    # the million objects take several seconds to read: a 1 s limit must cut it short
    limits = Limits(seconds=1, memory_mb=LIMITS.memory_mb)
    m = measure(corpus.paths["many-objects.pdf"], limits)
    assert m.status is Status.UNREADABLE
    assert m.reason == "took longer than 1 s to read (stopped)"
    assert m.seconds < 1 + GRACE


@linux_only
def test_the_memory_limit_stops_a_greedy_file(corpus: Corpus) -> None:
    limits = Limits(seconds=LIMITS.seconds, memory_mb=96)
    m = measure(corpus.paths["many-objects.pdf"], limits)
    assert m.status is Status.UNREADABLE
    assert re.search(r"memory|crashed", m.reason), m.reason
    rest = measure(corpus.paths["empty.pdf"], limits).peak_rss_mb
    assert m.peak_rss_mb <= rest + 96 + RSS_SLACK_MB


@linux_only
def test_the_audit_process_survives(audited: Audited, audited_one_worker: Audited) -> None:
    # the files are read in the workers only: the auditing process does not grow
    # (ru_maxrss of this process is a high-water mark: growth means a new peak)
    assert audited.parent_growth_mb < 128
    assert audited_one_worker.parent_growth_mb < 128
    # every worker, crashed, stopped or finished, has been waited for
    assert multiprocessing.active_children() == []
    # each file takes at most the limit, so the whole audit does too
    assert audited.seconds < -(-len(GENERATORS) // 2) * (LIMITS.seconds + GRACE)
    assert audited_one_worker.seconds < len(GENERATORS) * (LIMITS.seconds + GRACE)


# -- inputs untouched -----------------------------------------------------------------------


def test_inputs_are_never_modified(
    corpus: Corpus,
    audited: Audited,
    audited_one_worker: Audited,
    measured: dict[str, Measured],
) -> None:
    # after two audits and every file read alone: same files, same bytes, nothing added
    assert snapshot(corpus.folder) == corpus.hashes


# -- parse() in the caller's process --------------------------------------------------------

IN_PROCESS = [n for n in GENERATORS if n != "flate-bomb.pdf"]  # unbounded outside a worker


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=(),
        )
        if n == "page-tree-loop.pdf"
        else n
        for n in IN_PROCESS
    ],
)
def test_parse_gives_a_record_never_an_exception(name: str, corpus: Corpus) -> None:
    """``pubrelease.reading.read`` (and ``pubrelease parse FILE``) must give a record, not raise."""
    record = parse(corpus.paths[name])
    assert isinstance(record, Record)
    if EXPECTED[name].statuses == UNREADABLE:
        assert record.status is Status.UNREADABLE


# -- the command line: reports written whole, never over an existing one --------------------

SCRIPT = Path(sys.executable).with_name("pubrelease")
SUBSET = [
    "empty.pdf",
    "encrypted-owner-password.pdf",
    "encrypted-user-password.pdf",
    "javascript-on-open.pdf",
    "page-tree-loop.pdf",
    "truncated.pdf",
]


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    return subprocess.run([*command, *args], capture_output=True, timeout=120, check=False)


def test_cli_audit_writes_whole_reports_and_never_replaces_one(
    corpus: Corpus, tmp_path: Path
) -> None:
    returns, out = tmp_path / "returns", tmp_path / "out"
    returns.mkdir()
    out.mkdir()
    for name in [*SUBSET, *NOT_PDFS]:
        shutil.copy2(corpus.folder / name, returns / name)
    before = snapshot(returns)
    report, table_csv = out / "report.json", out / "report.csv"
    limits = ["--timeout", str(LIMITS.seconds), "--memory", str(LIMITS.memory_mb)]
    done = cli("audit", str(returns), "--json", str(report), "--csv", str(table_csv), *limits)
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    written = json.loads(report.read_text(encoding="utf-8"))
    assert [Path(r["file"]).name for r in written["returns"]] == sorted(SUBSET)
    assert [Path(f).name for f in written["ignored"]] == sorted(NOT_PDFS)
    statuses = {Path(r["file"]).name: r["status"] for r in written["returns"]}
    assert statuses["page-tree-loop.pdf"] == "unreadable"
    assert statuses["encrypted-owner-password.pdf"] == "valid"
    with table_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [Path(r["file"]).name for r in rows] == sorted(SUBSET)
    # only the two reports: no temporary file left behind
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.json"]
    assert snapshot(returns) == before

    kept = report.read_bytes()
    again = cli("audit", str(returns), "--json", str(report), *limits)
    assert again.returncode == 2
    assert str(report) in again.stderr.decode(errors="replace")
    assert report.read_bytes() == kept
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.json"]
