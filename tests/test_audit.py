"""audit: a folder of returns reconciled with the roster, its reports, and the command.

Returns are made by ``fill`` (signed, declined, unsigned, retitled copies of the seed
releases) and by pypdf edits; rosters are CSV files read by ``read_roster``, as a user
would give them. The command is run through its real entry point.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from pubrelease import Consent, Release, RosterEntry, Status, fill, fill_many, read_roster
from pubrelease.auditing.audit import AuditReport, Outcome, audit
from pubrelease.auditing.pool import Limits
from pubrelease.auditing.reports import audit_csv, audit_json, write_report
from pubrelease.demo import SEED_RELEASES

from .helpers import DESIGN_KEYS

SCRIPT = Path(sys.executable).with_name("pubrelease")
TITLE = SEED_RELEASES[0].event_title
OLD, NEW = 1_600_000_000, 1_600_086_400
"""Two modification times a day apart (Sep 2020)."""


def signed(release: Release, **changes: object) -> Release:
    """``release`` as its speaker returns it: accepted, typed signature, dated."""
    values: dict[str, object] = {"signature": release.speaker_name, **changes}
    return dataclasses.replace(release, **values)  # type: ignore[arg-type]


HAN = signed(SEED_RELEASES[0])
KANG = signed(SEED_RELEASES[1])


def person(name: str, **changes: object) -> Release:
    """A third speaker of the seed's talk, signed like the seed's speakers."""
    return signed(SEED_RELEASES[0], speaker_name=name, **{"signature": name, **changes})


def put(
    folder: Path,
    name: str,
    release: Release,
    *,
    flatten: bool = False,
    mtime: float | None = None,
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fill(release, flatten=flatten))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def write_roster(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(release: Release, **extra: str) -> dict[str, str]:
    return {
        "speaker_name": release.speaker_name,
        "event_title": release.event_title,
        "event_date": release.event_date.isoformat(),
        **extra,
    }


def roster_of(tmp_path: Path, *rows: Mapping[str, str]) -> list[RosterEntry]:
    return read_roster(write_roster(tmp_path / "roster.csv", rows))


def by_name(report: AuditReport) -> dict[str, object]:
    return {Path(r.record.file).name: r for r in report.returns}


def codes(record: object) -> list[str]:
    return [f.code for f in record.findings]  # type: ignore[attr-defined]


# --- roster matching -------------------------------------------------------------------


def test_returns_match_their_entries_by_release_id(tmp_path: Path) -> None:
    """Release ids beat name and title: one speaker, one title, two events, two releases."""
    first = dataclasses.replace(HAN, release_id="a1" * 16)
    second = dataclasses.replace(HAN, release_id="b2" * 16, event_date=dt.date(2020, 12, 6))
    put(tmp_path / "returns", "first.pdf", first)
    put(tmp_path / "returns", "second.pdf", second)
    roster = roster_of(
        tmp_path,
        row(second, release_id="b2" * 16),  # row 2: listed first, matched by id only
        row(first, release_id="a1" * 16),  # row 3
    )
    report = audit(tmp_path / "returns", roster, workers=1)
    assert report.roster is not None
    files = {e.entry.row: [Path(f).name for f in e.files] for e in report.roster}
    assert files == {2: ["second.pdf"], 3: ["first.pdf"]}
    assert [e.outcome for e in report.roster] == [Outcome.VALID, Outcome.VALID]
    assert all(r.roster_outcome is Outcome.VALID for r in report.returns)
    assert [r.roster_row for r in report.returns] == [3, 2]  # first.pdf, second.pdf
    assert report.ok


def test_release_ids_from_the_issuing_manifest(tmp_path: Path) -> None:
    """The ids ``fill_many`` wrote in its manifest find the returns, whatever the name says."""
    issued = fill_many([HAN, KANG], tmp_path / "returns").issued
    ids = {m.speaker_name: m.release_id for m in issued}
    roster = roster_of(
        tmp_path,
        # the roster spells the name otherwise: matched by id, and the difference is a finding
        row(HAN, speaker_name="B. Han", release_id=ids["Bohyung Han"]),
        row(KANG, release_id=ids["Minsoo Kang"]),
    )
    report = audit(tmp_path / "returns", roster, workers=1)
    assert report.roster is not None
    han_entry, kang_entry = report.roster
    assert [Path(f).name for f in han_entry.files] == ["Bohyung_Han.pdf"]
    assert han_entry.outcome is Outcome.INVALID
    han = by_name(report)["Bohyung_Han.pdf"].record  # type: ignore[attr-defined]
    assert [f.message for f in han.findings if f.code == "roster-mismatch"] == [
        "speaker_name 'Bohyung Han' differs from the roster's 'B. Han'"
    ]
    assert kang_entry.outcome is Outcome.VALID
    assert report.ignored == (
        str(tmp_path / "returns" / "manifest.csv"),
        str(tmp_path / "returns" / "manifest.json"),
    )


def test_returns_match_by_normalised_name_and_title(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "zoe.pdf", person("Zoë Ødegård"))
    roster = roster_of(
        tmp_path,
        row(HAN, speaker_name="  bohyung   HAN ", event_title=TITLE.upper()),
        row(HAN, speaker_name="ZOE\u0308 ØDEGÅRD"),  # capitals, a decomposed Ë
        row(HAN, speaker_name="Zoe Odegard"),  # another person: accents count
    )
    report = audit(folder, roster, workers=1)
    assert report.roster is not None
    assert [(e.outcome, [Path(f).name for f in e.files]) for e in report.roster] == [
        (Outcome.VALID, ["han.pdf"]),
        (Outcome.VALID, ["zoe.pdf"]),
        (Outcome.MISSING, []),
    ]
    assert not any("roster-mismatch" in codes(r.record) for r in report.returns)


def test_a_speaker_with_two_talks_is_matched_by_title(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    other = dataclasses.replace(HAN, event_title="Another Talk Entirely")
    put(folder, "a.pdf", other)
    put(folder, "b.pdf", HAN)
    report = audit(folder, roster_of(tmp_path, row(HAN), row(other)), workers=1)
    assert report.roster is not None
    assert [[Path(f).name for f in e.files] for e in report.roster] == [["b.pdf"], ["a.pdf"]]
    assert report.ok


def test_unexpected_returns_and_missing_entries(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "stranger.pdf", person("Someone Else"))
    (folder / "junk.pdf").write_bytes(b"not a pdf at all")
    report = audit(folder, roster_of(tmp_path, row(HAN), row(KANG)), workers=1)
    returns = by_name(report)
    assert returns["han.pdf"].roster_outcome is Outcome.VALID  # type: ignore[attr-defined]
    assert returns["stranger.pdf"].roster_outcome is Outcome.UNEXPECTED  # type: ignore[attr-defined]
    assert returns["stranger.pdf"].record.status is Status.VALID  # type: ignore[attr-defined]
    assert returns["junk.pdf"].roster_outcome is Outcome.UNEXPECTED  # type: ignore[attr-defined]
    assert returns["junk.pdf"].record.status is Status.UNREADABLE  # type: ignore[attr-defined]
    assert report.roster is not None
    kang = report.roster[1]
    assert (kang.outcome, kang.files, kang.note) == (Outcome.MISSING, (), "no return")
    summary = report.summary()
    assert summary["by_outcome"]["valid"] == 1
    assert summary["by_outcome"]["missing"] == 1
    assert summary["by_outcome"]["unexpected"] == 2
    assert not report.ok


def test_an_unexpected_return_alone_is_work_left(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "kang.pdf", KANG)
    report = audit(folder, roster_of(tmp_path, row(HAN)), workers=1)
    assert all(r.record.status is Status.VALID for r in report.returns)
    assert report.roster is not None and report.roster[0].outcome is Outcome.VALID
    assert not report.ok  # Minsoo Kang was not on the roster


@pytest.mark.parametrize(("newest", "status"), [("again.pdf", "declined"), ("han.pdf", "valid")])
def test_returns_that_disagree_are_conflicting_and_name_the_newest(
    tmp_path: Path, newest: str, status: str
) -> None:
    folder = tmp_path / "returns"
    older = "han.pdf" if newest == "again.pdf" else "again.pdf"
    times = {newest: NEW, older: OLD}
    declined = dataclasses.replace(HAN, consent=Consent.DECLINE)
    put(folder, "han.pdf", HAN, mtime=times["han.pdf"])
    put(folder, "again.pdf", declined, mtime=times["again.pdf"])
    report = audit(folder, roster_of(tmp_path, row(HAN)), workers=1)
    assert report.roster is not None
    (entry,) = report.roster
    assert entry.outcome is Outcome.CONFLICTING
    assert Path(entry.files[0]).name == newest  # newest first
    assert entry.note == (f"2 returns disagree; the newest is {folder / newest} ({status})")
    assert {r.roster_outcome for r in report.returns} == {Outcome.CONFLICTING}
    assert {r.record.status.value for r in report.returns} == {"valid", "declined"}
    assert not report.ok


def test_returns_that_agree_give_their_status(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN, mtime=OLD)
    put(folder, "han-flat.pdf", HAN, flatten=True, mtime=NEW)
    report = audit(folder, roster_of(tmp_path, row(HAN)), workers=1)
    assert report.roster is not None
    (entry,) = report.roster
    assert entry.outcome is Outcome.VALID
    assert [Path(f).name for f in entry.files] == ["han-flat.pdf", "han.pdf"]
    assert report.ok


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "event_title",
            "Channel Pruning, Revisited",
            f"event_title {TITLE!r} differs from the roster's 'Channel Pruning, Revisited'",
        ),
        (
            "event_date",
            "2020-07-16",
            "event_date Jul 15, 2020 differs from the roster's Jul 16, 2020",
        ),
        (
            "sign_date",
            "2020-09-24",
            "sign_date Sep 23, 2020 differs from the roster's Sep 24, 2020",
        ),
    ],
)
def test_a_value_that_differs_from_the_roster_is_a_finding(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    report = audit(folder, roster_of(tmp_path, row(HAN, **{column: value})), workers=1)
    (item,) = report.returns
    mismatches = [f for f in item.record.findings if f.code == "roster-mismatch"]
    assert [(f.severity.value, f.message) for f in mismatches] == [("error", message)]
    assert item.record.status is Status.INVALID
    assert item.roster_outcome is Outcome.INVALID
    assert report.roster is not None and report.roster[0].outcome is Outcome.INVALID


def test_statuses_become_roster_outcomes(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    people = {
        "valid": person("Ada Valid"),
        "declined": person("Bea Declined", consent=Consent.DECLINE),
        "incomplete": person("Cy Unsigned", signature=None),
        "invalid": person("Dee Future", sign_date=dt.date.today() + dt.timedelta(days=30)),
    }
    for name, release in people.items():
        put(folder, f"{name}.pdf", release)
    report = audit(folder, roster_of(tmp_path, *(row(r) for r in people.values())), workers=1)
    assert report.roster is not None
    assert [e.outcome.value for e in report.roster] == list(people)
    summary = report.summary()
    assert summary["by_status"] == {
        "unreadable": 0,
        "invalid": 1,
        "declined": 1,
        "incomplete": 1,
        "valid": 1,
    }
    assert summary["roster_entries"] == 4


# --- the walk ----------------------------------------------------------------------------


def test_the_walk_is_recursive_stable_and_ignores_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "b.pdf", HAN)
    put(folder, "a/z.PDF", KANG)  # any case of .pdf
    put(folder, "a/deeper/c.pdf", person("Ada Valid"))
    (folder / "notes.txt").write_text("called Minsoo on Tuesday\n", encoding="utf-8")
    (folder / "a" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "empty").mkdir()
    report = audit(folder, workers=2)
    assert [Path(r.record.file).relative_to(folder).as_posix() for r in report.returns] == [
        "b.pdf",  # a folder's own files first, by name
        "a/z.PDF",  # then its subfolders, by name
        "a/deeper/c.pdf",
    ]
    assert [Path(p).relative_to(folder).as_posix() for p in report.ignored] == [
        "notes.txt",
        "a/scan.png",
    ]
    assert report.roster is None
    assert all(r.roster_outcome is None and r.roster_row is None for r in report.returns)
    assert report.summary()["ignored"] == 2
    assert "by_outcome" not in report.summary()


def test_an_empty_folder_and_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    report = audit(tmp_path, workers=1)
    assert report.returns == () and report.ok
    with pytest.raises(NotADirectoryError):
        audit(put(tmp_path, "han.pdf", HAN))


def _mixed_folder(folder: Path) -> None:
    put(folder, "han.pdf", HAN)
    put(folder, "kang-flat.pdf", KANG, flatten=True)
    put(folder, "declined.pdf", person("Bea Declined", consent=Consent.DECLINE))
    put(folder, "sub/unsigned.pdf", person("Cy Unsigned", signature=None))
    (folder / "broken.pdf").write_bytes(fill(HAN)[:5000])
    (folder / "junk.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "readme.txt").write_text("x", encoding="utf-8")


def test_the_same_report_whatever_the_number_of_workers(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    _mixed_folder(folder)
    roster = roster_of(tmp_path, row(HAN), row(KANG), row(person("Nobody Yet")))
    one = audit(folder, roster, workers=1)
    two = audit(folder, roster, workers=2)
    many = audit(folder, roster, workers=5)
    assert one.to_dict() == two.to_dict() == many.to_dict()
    assert audit_csv(one) == audit_csv(two)
    assert len(one.returns) == 6


def test_progress_and_start_callbacks(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    _mixed_folder(folder)
    started: list[int] = []
    done: list[int] = []
    audit(folder, workers=2, on_start=started.append, progress=done.append)
    assert started == [6]
    assert done == [1, 2, 3, 4, 5, 6]


# --- limits: a file that hangs, crashes or eats memory gets its own record ----------------


def _hostile_parse(path: object, **kwargs: object) -> object:
    """Stands in for ``read`` in the (forked) workers: misbehaves on files named for it
    (the worker hands it the bytes it read, named as the file)."""
    name = Path(str(getattr(path, "name", path))).name
    if name.startswith("slow"):
        stop = time.process_time() + 60
        while time.process_time() < stop:  # reading, on and on
            pass
    elif name.startswith("stuck"):
        time.sleep(60)  # blocked, not reading
    elif name.startswith("paused"):
        time.sleep(5)  # a machine too busy to run it for a while, then read as any other
    elif name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    elif name.startswith("hungry"):
        hog = bytearray(1024 * 1024 * 1024)
        hog[-1] = 1
    elif name.startswith("raises"):
        raise RuntimeError("a reader bug")
    return REAL_PARSE(path, **kwargs)


REAL_PARSE = sys.modules["pubrelease.reading.read"].read


@pytest.mark.serial  # (a slow file stopped at 3 s: .ci/run)
@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked, memory capped by rlimit")
def test_hostile_files_are_bounded_and_the_audit_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "returns"
    names = ("a-han.pdf", "crash.pdf", "hungry.pdf", "paused.pdf", "raises.pdf", "slow.pdf")
    for name in (*names, "stuck.pdf", "z-kang.pdf"):
        put(folder, name, KANG if name.startswith("z") else HAN)
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "read", _hostile_parse)
    started = time.monotonic()
    report = audit(folder, workers=2, limits=Limits(seconds=3, memory_mb=64))
    assert time.monotonic() - started < 30
    reasons = {
        Path(r.record.file).name: (r.record.status.value, r.record.findings[0].message)
        for r in report.returns
    }
    assert reasons == {
        "a-han.pdf": ("valid", "the conference has not countersigned yet"),
        "crash.pdf": ("unreadable", "the reader crashed (signal 9) on this file"),
        "hungry.pdf": ("unreadable", "needs more than 64 MB of memory to read"),
        "raises.pdf": ("unreadable", "the reader failed: RuntimeError: a reader bug"),
        "paused.pdf": ("valid", "the conference has not countersigned yet"),
        "slow.pdf": ("unreadable", "took longer than 3 s to read (stopped)"),
        "stuck.pdf": ("unreadable", reasons["stuck.pdf"][1]),
        "z-kang.pdf": ("valid", "the conference has not countersigned yet"),
    }
    # (3 s of processor time, and four times as long on the clock for a reader that waits)
    assert re.fullmatch(
        r"stopped after 12 s on the clock, its reader busy for 0\.\d s of them "
        r"\(blocked, or the machine overloaded\)",
        reasons["stuck.pdf"][1],
    ), reasons["stuck.pdf"]
    assert [Path(r.record.file).name for r in report.returns] == sorted(reasons)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked, memory capped by rlimit")
def test_a_reader_that_reached_its_memory_cap_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What it held since (a heap grown to the cap) made the next files' records depend on
    which reader read them: a slow file after it read as over the memory cap, not over
    time, and under ``--memory 100`` the local engine and Dask said so of other files."""
    from pubrelease.auditing import pool

    folder = tmp_path / "returns"
    for name in ("hungry.pdf", "z-kang.pdf"):
        put(folder, name, KANG if name.startswith("z") else HAN)
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "read", _hostile_parse)
    started: list[int] = []

    class Counted(pool._Child):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pool, "_Child", Counted)
    report = audit(folder, workers=1, limits=Limits(seconds=30, memory_mb=64))
    assert [r.record.findings[0].message for r in report.returns] == [
        "needs more than 64 MB of memory to read",
        "the conference has not countersigned yet",
    ]
    assert len(started) == 2  # a new reader for the file after the one over the cap


def test_real_broken_files_are_unreadable_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    (folder / "sub").mkdir(parents=True)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "page.pdf").write_bytes(b"<!doctype html><p>my release</p>")
    (folder / "sub" / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    os.mkfifo(folder / "pipe.pdf")  # reading it would block forever: skipped
    put(folder, "zz-han.pdf", HAN)
    report = audit(folder, workers=2, limits=Limits(seconds=3))
    got = {Path(r.record.file).name: r.record for r in report.returns}
    assert [r.status for r in got.values()].count(Status.UNREADABLE) == 4
    assert "not a PDF" in got["empty.pdf"].findings[0].message
    assert "not a PDF" in got["page.pdf"].findings[0].message
    assert "damaged" in got["truncated.pdf"].findings[0].message
    assert "not a regular file (a FIFO)" in got["pipe.pdf"].findings[0].message
    assert got["zz-han.pdf"].status is Status.VALID


# --- reports -------------------------------------------------------------------------------


def test_json_report_has_designs_keys(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "stranger.pdf", person("Someone Else"))
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    report = audit(folder, roster_of(tmp_path, row(HAN), row(KANG)), workers=1)
    data = json.loads(audit_json(report))
    assert list(data) == ["summary", "returns", "roster", "ignored"]
    assert data == report.to_dict()
    summary = data["summary"]
    assert summary["returns"] == 2 and summary["ignored"] == 1
    assert summary["roster_entries"] == 2
    assert list(summary["by_status"]) == [
        "unreadable",
        "invalid",
        "declined",
        "incomplete",
        "valid",
    ]
    assert list(summary["by_outcome"]) == [o.value for o in Outcome]
    first = data["returns"][0]
    assert tuple(first)[:17] == DESIGN_KEYS
    assert first["roster_outcome"] == "valid" and first["effective_date"] == "2020-09-23"
    assert data["returns"][1]["roster_outcome"] == "unexpected"
    han, kang = data["roster"]
    assert han["speaker_name"] == "Bohyung Han" and han["event_date"] == "2020-07-15"
    assert (han["row"], han["outcome"], han["files"]) == (2, "valid", [str(folder / "han.pdf")])
    assert (kang["row"], kang["outcome"], kang["files"]) == (3, "missing", [])
    assert data["ignored"] == [str(folder / "notes.txt")]


def test_json_without_a_roster(tmp_path: Path) -> None:
    put(tmp_path, "han.pdf", HAN)
    data = json.loads(audit_json(audit(tmp_path, workers=1)))
    assert data["roster"] is None
    assert data["returns"][0]["roster_outcome"] is None
    assert "by_outcome" not in data["summary"]


def test_csv_has_a_row_per_return_and_per_missing_entry(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "stranger.pdf", person("Someone Else"))
    roster = roster_of(tmp_path, row(HAN), row(KANG, release_id="c3" * 16))
    rows = list(csv.DictReader(io.StringIO(audit_csv(audit(folder, roster, workers=1)))))
    assert [(r["file"], r["speaker_name"], r["status"], r["roster_outcome"]) for r in rows] == [
        (str(folder / "han.pdf"), "Bohyung Han", "valid", "valid"),
        (str(folder / "stranger.pdf"), "Someone Else", "valid", "unexpected"),
        ("", "Minsoo Kang", "missing", "missing"),
    ]
    assert rows[2]["release_id"] == "c3" * 16 and rows[2]["event_date"] == "2020-07-15"
    assert rows[0]["signed"] == "true" and rows[0]["sign_date"] == "2020-09-23"
    assert rows[0]["findings"] == "info not-countersigned: the conference has not countersigned yet"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.invalid")', "+1 555", "-2+3", "@SUM(A1)"])
def test_csv_cells_cannot_become_formulas_while_json_is_exact(tmp_path: Path, name: str) -> None:
    put(tmp_path, "odd.pdf", person(name))
    report = audit(tmp_path, workers=1)
    (record,) = list(csv.DictReader(io.StringIO(audit_csv(report))))
    assert record["speaker_name"] == "'" + name
    assert record["signature"] == "'" + name
    assert json.loads(audit_json(report))["returns"][0]["speaker_name"] == name


def test_write_report_is_atomic_and_never_overwrites_unasked(tmp_path: Path) -> None:
    from pubrelease import OutputExistsError

    put(tmp_path / "returns", "han.pdf", HAN)
    report = audit(tmp_path / "returns", workers=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        write_report(report, json_path=out / "report.json")
    assert (out / "report.json").read_text(encoding="utf-8") == "keep me"
    write_report(report, json_path=out / "report.json", csv_path=out / "r.csv", overwrite=True)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["summary"]["returns"] == 1
    assert sorted(p.name for p in out.iterdir()) == ["r.csv", "report.json"]  # no temp files


# --- the command -------------------------------------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    env = {**os.environ, "COLUMNS": "250"}  # wide tables: whole paths and messages
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=180,
        check=False,
    )


def hashes(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_cli_exit_0_when_every_entry_has_a_valid_return(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    put(folder, "kang.pdf", KANG, flatten=True)
    roster = write_roster(tmp_path / "roster.csv", [row(HAN), row(KANG)])
    before = hashes(folder, roster)
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "audit",
        str(folder),
        "--roster",
        str(roster),
        "--json",
        str(out / "audit.json"),
        "--csv",
        str(out / "audit.csv"),
        "--html",
        str(out / "audit.html"),
        "--workers",
        "2",
        "--format",
        "table",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert "nothing needs action: every return is valid" in result.stdout
    assert "2 valid return(s) to countersign" in result.stdout
    assert hashes(folder, roster) == before  # inputs untouched
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert [e["outcome"] for e in data["roster"]] == ["valid", "valid"]
    assert len(list(csv.DictReader(io.StringIO((out / "audit.csv").read_text("utf-8"))))) == 2
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2


def test_cli_exit_1_names_what_needs_action(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", dataclasses.replace(HAN, consent=Consent.DECLINE))
    put(folder, "stranger.pdf", person("Someone Else"))
    roster = write_roster(tmp_path / "roster.csv", [row(HAN), row(KANG)])
    before = hashes(folder, roster)
    result = run(
        "audit", str(folder), "--roster", str(roster), "--json", str(tmp_path / "a.json"),
        "--format", "table",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    out = " ".join(result.stdout.split())
    assert "needs action" in out
    assert "declined │ 1" in out
    assert "unexpected │ review" in out and "Someone Else" in out
    assert "missing │ chase" in out and "Minsoo Kang" in out
    piped = run("audit", str(folder), "--roster", str(roster))  # tab-separated when piped
    lines = [line.split("\t") for line in piped.stdout.splitlines()]
    assert lines[0] == ["row", "speaker_name", "event_title", "outcome", "action", "files", "why"]
    assert [(r[1], r[3], r[4]) for r in lines[1:]] == [
        ("Bohyung Han", "declined", "nothing"),
        ("Minsoo Kang", "missing", "chase"),
        ("Someone Else", "unexpected", "review"),
    ]
    assert hashes(folder, roster) == before
    summary = json.loads((tmp_path / "a.json").read_text("utf-8"))["summary"]["by_outcome"]
    assert (summary["declined"], summary["missing"], summary["unexpected"]) == (1, 1, 1)


def test_cli_exit_1_without_a_roster_when_a_return_is_not_valid(tmp_path: Path) -> None:
    put(tmp_path, "han.pdf", HAN)
    assert run("audit", str(tmp_path)).returncode == 0
    put(tmp_path, "unsigned.pdf", person("Cy Unsigned", signature=None))
    result = run("audit", str(tmp_path), "--format", "jsonl")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["speaker_name"], r["action"]) for r in rows} == {
        ("Bohyung Han", "countersign"),
        ("Cy Unsigned", "ask to complete"),
    }


def test_cli_bad_roster_is_exit_2_naming_file_row_and_column(tmp_path: Path) -> None:
    put(tmp_path / "returns", "han.pdf", HAN)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "speaker_name,event_title,event_date\n"
        f"Bohyung Han,{TITLE},2020-07-15\n"
        f"Minsoo Kang,{TITLE},2020-02-30\n"
        f",{TITLE},2020-07-15\n",
        encoding="utf-8",
    )
    result = run(
        "audit",
        str(tmp_path / "returns"),
        "--roster",
        str(roster),
        "--json",
        str(tmp_path / "a.json"),
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"pubrelease: {roster}:3:event_date: '2020-02-30' is not a date; "
        "use YYYY-MM-DD (e.g. 2020-09-23)",
        f"pubrelease: {roster}:4:speaker_name: a value is required",
    ]
    assert not (tmp_path / "a.json").exists()


def test_cli_roster_missing_a_column_is_exit_2(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"speaker_name,event_title\nBohyung Han,{TITLE}\n", encoding="utf-8")
    result = run("audit", str(tmp_path), "--roster", str(roster))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"pubrelease: {roster}:1:event_date: missing required column (the columns are "
        "'speaker_name', 'event_title'; name one with --column event_date=HEADER)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("audit",),
        ("audit", "no-such-folder"),
        ("audit", ".", "--workers", "0"),
        ("audit", ".", "--timeout", "0"),
        ("audit", ".", "--memory", "1"),
        ("audit", ".", "--roster", "no-such-roster.csv"),
    ],
)
def test_cli_bad_usage_is_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_cli_never_overwrites_a_report_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    put(folder, "han.pdf", HAN)
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.json").write_text("an older report\n", encoding="utf-8")
    args = ["audit", str(folder), "--json", str(out / "audit.json"), "--csv", str(out / "a.csv")]
    refused = run(*args)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"pubrelease: {out / 'audit.json'}: exists; pass --force to replace it"
    )
    assert (out / "audit.json").read_text(encoding="utf-8") == "an older report\n"
    assert not (out / "a.csv").exists()  # checked before any work is done
    forced = run(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads((out / "audit.json").read_text("utf-8"))["summary"]["returns"] == 1
    assert (out / "a.csv").exists()
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "audit.json"]


def test_cli_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    put(tmp_path, "han.pdf", HAN)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    env = {**os.environ, "TERM": "xterm"}
    env.pop("COLUMNS", None)
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [*command, "audit", str(tmp_path), "--workers", "1", "--format", "table"],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        seen = b""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        stdout = process.communicate(timeout=60)[0]
    finally:
        os.close(master)
    assert process.returncode == 0
    assert b"auditing" in seen  # the bar, on the terminal (stderr)
    assert b"auditing" not in stdout  # results alone on stdout
    assert b"every return is valid" in stdout


def test_cli_demo_fills_and_audits_the_seed_releases(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Bohyung Han" in out and "Minsoo Kang" in out
    assert "valid" in out
    assert "nothing needs action: every return is valid" in out
    assert "2 returns, 2 roster entries" in out


def test_run_demo_in_python(tmp_path: Path) -> None:
    from pubrelease.demo import run_demo

    written, report = run_demo(tmp_path, workers=1)
    assert [w.speaker_name for w in written] == ["Bohyung Han", "Minsoo Kang"]
    assert report.ok
    assert report.roster is not None
    assert [e.outcome for e in report.roster] == [Outcome.VALID, Outcome.VALID]
    # Han typed his return; Kang's is a scan of the printed release, ticked and signed by pen
    assert [r.record.source.value for r in report.returns] == ["fields", "ocr"]
    assert [r.record.release_id for r in report.returns] == [written[0].release_id, None]
    assert report.returns[1].record.speaker_name == "Minsoo Kang"
