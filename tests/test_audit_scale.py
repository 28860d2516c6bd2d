"""Audits at scale: streamed records, the record cache, resuming, the JSONL stream.

Returns are made by ``fill``; the command is run through its real entry point.
Memory targets are measured by ``benchmarks/bench_audit.py``; here the structure
that makes them hold is tested: records are not retained by the process that
runs the audit, and the workers are fed one path at a time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pubrelease import Consent, Record, Release, RosterEntry, fill
from pubrelease.auditing.audit import AuditSetupError, Return, audit
from pubrelease.auditing.cache import RecordCache, decode
from pubrelease.auditing.pool import LocalEngine
from pubrelease.auditing.reports import audit_csv, audit_json, write_report
from pubrelease.auditing.work import Job
from pubrelease.demo import SEED_RELEASES

from .helpers import interruptible

SCRIPT = Path(sys.executable).with_name("pubrelease")


def signed(name: str, **changes: object) -> Release:
    values: dict[str, object] = {"speaker_name": name, "signature": name, **changes}
    return dataclasses.replace(SEED_RELEASES[0], **values)  # type: ignore[arg-type]


def make_folder(folder: Path, count: int) -> list[Release]:
    """``count`` returns: live and flattened alternating, one declined, one broken file."""
    folder.mkdir(parents=True, exist_ok=True)
    releases = [signed(f"Speaker {i:03d}") for i in range(count)]
    releases[1] = dataclasses.replace(releases[1], consent=Consent.DECLINE)
    for i, release in enumerate(releases):
        (folder / f"r{i:03d}.pdf").write_bytes(fill(release, flatten=i % 2 == 1))
    (folder / "zz-broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    (folder / "notes.txt").write_text("not a return", encoding="utf-8")
    return releases


def roster_of(releases: list[Release]) -> list[RosterEntry]:
    return [RosterEntry("roster.csv", i + 2, r, None, {}) for i, r in enumerate(releases)]


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


# --- streaming ----------------------------------------------------------------------------


def test_the_process_running_the_audit_keeps_no_records(tmp_path: Path) -> None:
    make_folder(tmp_path / "returns", 12)
    alive: list[int] = []

    def records() -> int:
        gc.collect()  # (records no one holds any more are not kept, only not yet freed)
        return sum(isinstance(o, Record) for o in gc.get_objects())

    # (records other tests of the run still hold, a cluster's futures among them, are not
    # this audit's: only those beyond them count)
    before = records()

    def count_records(item: Return) -> None:
        alive.append(records() - before)

    report = audit(tmp_path / "returns", workers=2, on_return=count_records)
    assert len(alive) == len(report.returns) == 13
    # the record handed over and those finished out of turn: no child takes a path more
    # than pool.AHEAD per child past the first awaited, so at most that many wait (under
    # load a slow late file makes them wait late in the run: when does not matter)
    assert max(alive) <= 8, alive
    # read back from disk, in the folder's order, as often as asked
    names = [Path(r.record.file).name for r in report.returns]
    assert names == [*(f"r{i:03d}.pdf" for i in range(12)), "zz-broken.pdf"]
    assert [Path(r.record.file).name for r in report.returns] == names
    assert report.returns[-1].record.status.value == "unreadable"


class Counted:
    """Paths handed out one at a time, counting how many have been taken."""

    def __init__(self, paths: list[str]) -> None:
        self.paths, self.pulled = paths, 0

    def __iter__(self) -> Iterator[str]:
        for path in self.paths:
            self.pulled += 1
            yield path


def test_workers_take_paths_one_at_a_time(tmp_path: Path) -> None:
    make_folder(tmp_path / "returns", 10)
    paths = sorted(str(p) for p in (tmp_path / "returns").glob("*.pdf"))
    listing = Counted(paths)

    seen: list[tuple[int, int]] = []
    for index, done in enumerate(LocalEngine(2).run(iter(listing), Job())):
        seen.append((index, listing.pulled))
        assert done.record.file == paths[index]
    assert len(seen) == len(paths)
    first_pull = seen[0][1]
    assert first_pull < len(paths), "the whole listing was taken before the first result"


def test_a_slow_first_file_keeps_few_results_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results that finish out of turn wait in the parent until theirs comes: with the
    first file slow, the other child took every path and every record waited (13 alive
    where 8 were allowed, seen under load). Paths are given out only so far ahead."""
    from pubrelease.auditing import pool
    from pubrelease.reading import read as reading

    make_folder(tmp_path / "returns", 12)
    paths = sorted(str(p) for p in (tmp_path / "returns").glob("*.pdf"))
    real = reading.read

    def slow_first(stream: object, **options: object) -> object:
        if str(getattr(stream, "name", "")).endswith("r000.pdf"):
            time.sleep(3)
        return real(stream, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "read", slow_first)  # (the children are forked with it)
    listing = Counted(paths)

    results = LocalEngine(2).run(iter(listing), Job())
    first = next(results)
    assert first.record.file == paths[0]
    # not all 12 taken while the first waited
    assert listing.pulled <= pool.AHEAD * 2 + 1, listing.pulled
    assert [d.record.file for d in results] == paths[1:]


def test_the_json_report_is_written_in_pieces_as_one_document(tmp_path: Path) -> None:
    releases = make_folder(tmp_path / "returns", 4)
    missing = signed("Nobody Yet")
    for roster in (None, roster_of([*releases, missing])):
        report = audit(tmp_path / "returns", roster, workers=1)
        expected = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
        assert audit_json(report) == expected
    empty = tmp_path / "empty"
    empty.mkdir()
    report = audit(empty, [], workers=1)
    assert audit_json(report) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_report(report, json_path=tmp_path / "r.json", csv_path=tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_bytes().decode("utf-8") == audit_csv(report)


def test_jsonl_streams_one_record_per_line_and_the_summary_goes_to_stderr(tmp_path: Path) -> None:
    make_folder(tmp_path / "returns", 4)
    done = run("audit", str(tmp_path / "returns"), "--jsonl", "-", "--workers", "1")
    assert done.returncode == 1, done.stderr  # a declined and a broken return
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["file"]).name for r in rows] == [
        "r000.pdf",
        "r001.pdf",
        "r002.pdf",
        "r003.pdf",
        "zz-broken.pdf",
    ]
    assert [r["status"] for r in rows] == ["valid", "declined", "valid", "valid", "unreadable"]
    assert all(r["roster_row"] is None for r in rows)
    assert "\taction\t" in done.stderr  # the summary (a table when piped) went to stderr

    out = tmp_path / "records.jsonl"
    again = run("audit", str(tmp_path / "returns"), "--jsonl", str(out), "--json", str(out) + ".j")
    assert again.returncode == 1, again.stderr
    streamed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    report = json.loads(Path(str(out) + ".j").read_text(encoding="utf-8"))
    assert [{k: v for k, v in r.items() if k != "roster_row"} for r in streamed] == [
        {k: v for k, v in r.items() if k not in ("roster_outcome", "action")}
        for r in report["returns"]
    ]
    refused = run("audit", str(tmp_path / "returns"), "--jsonl", str(out))
    assert refused.returncode == 2 and "exists" in refused.stderr


# --- the record cache ---------------------------------------------------------------------


def test_a_re_audit_reads_only_new_or_changed_files(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    releases = make_folder(folder, 6)
    roster = roster_of(releases)
    first = audit(folder, roster, workers=2, cache=cache)
    assert first.cached == 0
    again = audit(folder, roster, workers=2, cache=cache)
    assert again.cached == len(again.returns) == 7
    assert again.to_dict() == first.to_dict()

    changed = dataclasses.replace(releases[2], consent=Consent.DECLINE)
    (folder / "r002.pdf").write_bytes(fill(changed))
    (folder / "r100.pdf").write_bytes(fill(signed("Late Comer")))
    third = audit(folder, roster, workers=2, cache=cache)
    assert third.cached == 6 and len(third.returns) == 8
    status = {Path(r.record.file).name: r.record.status.value for r in third.returns}
    assert status["r002.pdf"] == "declined" and status["r100.pdf"] == "valid"

    # the same bytes under another name are found by content, and carry their own path
    (folder / "copy-of-r000.pdf").write_bytes((folder / "r000.pdf").read_bytes())
    fourth = audit(folder, roster, workers=1, cache=cache)
    assert fourth.cached == len(fourth.returns) == 9
    assert any(r.record.file.endswith("copy-of-r000.pdf") for r in fourth.returns)


def test_a_damaged_cache_entry_is_read_again_and_rewritten(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 3)
    first = audit(folder, workers=1, cache=cache)
    entries = sorted(cache.rglob("*.rec"))
    assert len(entries) == 4
    entries[0].write_bytes(entries[0].read_bytes()[:-40])  # cut short, as by a crash
    entries[1].write_bytes(b"")  # an empty file, as after a power cut
    payload = bytearray(entries[2].read_bytes())
    payload[-10] ^= 0xFF  # one flipped byte
    entries[2].write_bytes(bytes(payload))
    again = audit(folder, workers=1, cache=cache)
    assert again.cached == 1
    assert again.to_dict() == first.to_dict()
    assert all(decode(p.stem, p.read_bytes()) is not None for p in entries)


def test_a_cache_entry_copied_over_another_files_is_not_taken_for_it(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    releases = make_folder(folder, 2)
    first = audit(folder, roster_of(releases), workers=1, cache=cache)
    entries = {p.stem: p for p in cache.rglob("*.rec")}
    # r000 (valid) and r001 (declined): the declined file's entry put in the valid one's place
    files = {}
    for entry in entries.values():
        found = decode(entry.stem, entry.read_bytes())
        assert found is not None
        files[Path(found.record.file).name] = entry
    valid, declined = files["r000.pdf"], files["r001.pdf"]
    valid.write_bytes(declined.read_bytes())
    again = audit(folder, roster_of(releases), workers=1, cache=cache)
    assert again.cached == len(again.returns) - 1
    assert again.to_dict() == first.to_dict()


def test_a_cache_entry_that_is_no_regular_file_is_passed_by(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 2)
    first = audit(folder, workers=1, cache=cache)
    entry = sorted(cache.rglob("*.rec"))[0]
    entry.unlink()
    os.mkfifo(entry)  # a read of it would wait for a writer for ever
    again = audit(folder, workers=1, cache=cache)
    assert again.to_dict() == first.to_dict()
    assert entry.is_file()  # written anew


def test_the_trust_roots_are_part_of_a_cache_entrys_key(tmp_path: Path) -> None:
    from pubrelease.reading.trust import TrustRoots

    plain = RecordCache(tmp_path / "c", "form")
    trusting = RecordCache(tmp_path / "c", "form", TrustRoots((b"certificate",), ("ca.pem",)))
    other = RecordCache(tmp_path / "c", "form", TrustRoots((b"another",), ("ca.pem",)))
    assert len({plain.key(b"a"), trusting.key(b"a"), other.key(b"a")}) == 3
    assert plain.key(b"a") == RecordCache(tmp_path / "c", "form", TrustRoots()).key(b"a")


def test_the_cache_never_lives_inside_the_audited_folder(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    for inside in (folder, folder / "cache", folder / "a" / ".." / "cache"):
        with pytest.raises(AuditSetupError, match="inside the audited folder"):
            audit(folder, workers=1, cache=inside)
    done = run("audit", str(folder), "--cache", str(folder / ".cache"))
    assert done.returncode == 2 and "inside the audited folder" in done.stderr
    assert not (folder / ".cache").exists()


def test_cache_entries_cannot_run_code(tmp_path: Path) -> None:
    import pickle

    from pubrelease.auditing.cache import MAGIC

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    payload = pickle.dumps(Evil())
    import hashlib

    key = "k" * 64
    sealed = hashlib.sha256(key.encode() + b"\0" + payload).digest()
    assert decode(key, MAGIC + sealed + payload) is None
    assert not (tmp_path / "pwned").exists()
    cache = RecordCache(tmp_path / "c", "form")
    assert cache.key(b"a") != RecordCache(tmp_path / "c", "other form").key(b"a")


def audit_under_way(
    folder: Path, cache: Path, workers: int, stderr: int = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    """``pubrelease audit FOLDER --cache CACHE`` started in a session of its own (its
    readers with it), returned once it has stored four records: mid-run, for a folder of
    sixty returns (with sixteen, read in 5 ms each, it ended between the fourth entry and
    the signal it was sent)."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    process = subprocess.Popen(
        [*command, "audit", str(folder), "--workers", str(workers), "--cache", str(cache)],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        start_new_session=True,
        preexec_fn=interruptible,  # (a Ctrl-C test run under `cmd &` reached nobody)
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.rglob("*.rec"))) < 4:
        time.sleep(0.05)
    return process


def test_an_interrupted_audit_resumes_where_it_stopped(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 60)
    process = audit_under_way(folder, cache, 1)
    os.killpg(process.pid, signal.SIGKILL)  # the audit and its workers, mid-run
    process.wait()
    kept = len(list(cache.rglob("*.rec")))
    assert 4 <= kept < 61, "the audit was not interrupted mid-run"
    resumed = audit(folder, workers=1, cache=cache)
    assert resumed.cached == kept
    assert resumed.to_dict() == audit(folder, workers=1).to_dict()


def test_a_folder_given_as_an_fsspec_url_is_read_by_the_workers(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 3)
    by_path = audit(folder, workers=2)
    by_url = audit(f"file://{folder}", workers=2)
    assert [r.record.file for r in by_url.returns] == [
        f"file://{r.record.file}" for r in by_path.returns
    ]
    assert [r.record.status for r in by_url.returns] == [r.record.status for r in by_path.returns]
    assert [Path(p).name for p in by_url.ignored] == ["notes.txt"]
    assert by_url.returns[0].modified == by_path.returns[0].modified > 0


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on this machine (Python's http.server): its URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_folder_served_over_http_is_audited_by_its_url(tmp_path: Path) -> None:
    """End to end through fsspec's http filesystem: the listing is the server's index page,
    each worker fetches its file from the server; the records match the local folder's."""
    folder = tmp_path / "returns"
    make_folder(folder, 3)
    with served(folder) as url:
        by_url = audit(url, workers=2)
    by_path = audit(folder, workers=2)
    assert [r.record.file for r in by_url.returns] == [
        url + Path(r.record.file).name for r in by_path.returns
    ]
    assert [r.record.status for r in by_url.returns] == [r.record.status for r in by_path.returns]
    assert [r.record.findings for r in by_url.returns] == [
        r.record.findings for r in by_path.returns
    ]
    assert list(by_url.ignored) == [url + "notes.txt"]


def test_no_output_lands_on_an_input_or_in_the_audited_folder(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    roster = tmp_path / "roster.csv"
    roster.write_text("speaker_name,event_title\nSpeaker 000,T\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for args, said in (
        (["--jsonl", str(folder / "stream.pdf")], "inside the audited folder"),
        (["--json", str(folder / "sub" / "report.json")], "inside the audited folder"),
        (["--jsonl", str(folder / "r000.pdf"), "--force"], "inside the audited folder"),
        (["--roster", str(roster), "--json", str(roster), "--force"], "is an input"),
        (["--jsonl", str(tmp_path / "same"), "--json", str(tmp_path / "same")], "same file"),
    ):
        done = run("audit", str(folder), *args)
        assert done.returncode == 2, (args, done.stderr)
        assert said in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert roster.read_text(encoding="utf-8").startswith("speaker_name")
    assert not (tmp_path / "same").exists()


def test_one_roster_entry_matched_by_many_returns_keeps_the_newest_hundred(
    tmp_path: Path,
) -> None:
    """The parent keeps, per roster entry, a count, the verdicts and the newest files: not
    every matched return (75,000 copies of three returns grew it by 257 MB)."""
    from pubrelease.auditing.audit import FILES_LISTED, _Reconciler
    from pubrelease.auditing.work import Done

    release = signed("Speaker 000")
    record = _valid(release)
    reconciler = _Reconciler(roster_of([release]))
    for i in range(1000):
        reconciler.add(Done(dataclasses.replace(record, file=f"copy-{i:04d}.pdf"), None, float(i)))
    (outcome,) = reconciler.outcomes() or ()
    assert len(outcome.files) == FILES_LISTED
    assert outcome.files[0] == "copy-0999.pdf" and outcome.files[-1] == "copy-0900.pdf"
    assert "1000 returns" in outcome.note
    assert len(reconciler._matched[2].heap) == FILES_LISTED


def _valid(release: Release) -> Record:
    from pubrelease import parse

    return parse(fill(release))
