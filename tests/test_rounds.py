"""Issuing in rounds, superseded releases, duplicated rows, chase lists and the bundle."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pubrelease import (
    Action,
    Outcome,
    Release,
    audit,
    audit_csv,
    audit_html,
    fill_many,
    parse,
    read_roster,
)
from pubrelease.auditing.bundle import make_bundle, verify_bundle
from tests.helpers import require_tool
from tests.speakers import speaker_fills
from tests.test_cli import run

HEADER = "speaker_name,event_title,event_date,email\n"
ADA = "Ada Lovelace,Engines,2026-12-10,ada@example.org\n"
ALAN = "Alan Turing,Machines,2026-12-11,alan@example.org\n"


def test_two_rounds_keep_ids_and_a_reissue_supersedes(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + ADA, encoding="utf-8")
    first = fill_many(read_roster(roster), tmp_path / "issued")
    roster.write_text(HEADER + ADA + ALAN, encoding="utf-8")
    second = fill_many(read_roster(roster), tmp_path / "issued")
    assert [m.speaker_name for m in second.issued] == ["Alan Turing"]
    assert [m.release_id for m in second.kept] == [first.issued[0].release_id]
    # the manifest is a roster, ids and extra columns included
    entries = read_roster(tmp_path / "issued" / "manifest.csv")
    assert [e.release.release_id for e in entries] == [
        first.issued[0].release_id,
        second.issued[0].release_id,
    ]
    assert entries[1].extra["email"] == "alan@example.org"
    # Ada returns her first release, then it is replaced: the old return is superseded
    returns = tmp_path / "returns"
    returns.mkdir()
    speaker_fills(
        tmp_path / "issued" / "Ada_Lovelace.pdf", returns / "ada-old.pdf", signature="Ada"
    )
    result = run(
        "fill", "--roster", str(tmp_path / "issued" / "manifest.csv"),
        "--out-dir", str(tmp_path / "issued"), "--reissue", "ada lovelace",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert b"supersedes " + first.issued[0].release_id.encode() in result.stdout
    manifest = read_roster(tmp_path / "issued" / "manifest.csv")
    ada = next(e for e in manifest if e.release.speaker_name == "Ada Lovelace")
    assert ada.supersedes == (first.issued[0].release_id,)
    report = audit(returns, manifest, workers=1)
    (old,) = report.returns
    assert old.roster_outcome is Outcome.SUPERSEDED and old.action is Action.CHASE
    outcomes = {e.entry.release.speaker_name: e.outcome for e in report.roster or ()}
    assert outcomes == {"Ada Lovelace": Outcome.MISSING, "Alan Turing": Outcome.MISSING}


def test_a_duplicated_roster_row_is_not_missing_and_reports_carry_actions(
    tmp_path: Path,
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + ADA + ADA + ALAN, encoding="utf-8")
    batch = fill_many(read_roster(roster), tmp_path / "issued")
    returns = tmp_path / "returns"
    returns.mkdir()
    speaker_fills(tmp_path / "issued" / "Ada_Lovelace.pdf", returns / "ada.pdf", signature="Ada")
    assert len(batch.issued) == 3
    report = audit(returns, read_roster(roster), workers=1)
    rows = [(e.entry.row, e.outcome, e.action) for e in report.roster or ()]
    assert rows == [
        (2, Outcome.VALID, Action.COUNTERSIGN),
        (3, Outcome.VALID, Action.COUNTERSIGN),
        (4, Outcome.MISSING, Action.CHASE),
    ]
    data = json.loads(json.dumps(report.to_dict()))
    assert [(e["email"], e["action"]) for e in data["roster"]] == [
        ("ada@example.org", "countersign"),
        ("ada@example.org", "countersign"),
        ("alan@example.org", "chase"),
    ]
    table = list(csv.DictReader(io.StringIO(audit_csv(report))))
    assert [(r["speaker_name"], r["action"], r["email"]) for r in table] == [
        ("Ada Lovelace", "countersign", "ada@example.org"),
        ("Alan Turing", "chase", "alan@example.org"),
    ]
    page = audit_html(report)
    assert "alan@example.org" in page and ">chase<" in page and ">countersign<" in page


def test_a_bundle_packs_valid_returns_and_its_hashes_catch_a_change(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + ADA + ALAN, encoding="utf-8")
    fill_many(read_roster(roster), tmp_path / "issued")
    returns = tmp_path / "returns"
    returns.mkdir()
    speaker_fills(tmp_path / "issued" / "Ada_Lovelace.pdf", returns / "ada.pdf", signature="Ada")
    shutil.copy(tmp_path / "issued" / "Alan_Turing.pdf", returns / "alan.pdf")
    bundle = make_bundle(audit(returns, read_roster(roster), workers=1))
    assert [Path(f).name for f in bundle.releases] == ["ada.pdf"]
    path = tmp_path / "releases.zip"
    path.write_bytes(bundle.data)
    assert verify_bundle(path) == []
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "unpacked")
        index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode())))
    assert [(r["file"], r["email"]) for r in index] == [("releases/ada.pdf", "ada@example.org")]
    check = subprocess.run(
        [require_tool("sha256sum"), "-c", "SHA256SUMS"],
        cwd=tmp_path / "unpacked", capture_output=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout
    # a changed member is caught, by us and by sha256sum
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b"%" if name == "releases/ada.pdf" else data)
    assert verify_bundle(tampered) == ["releases/ada.pdf: SHA-256 differs"]
    result = run("bundle", "--verify", str(tampered))
    assert result.returncode == 1 and b"SHA-256 differs" in result.stdout
    empty = run("bundle", str(returns), "--countersigned", "-o", str(tmp_path / "none.zip"))
    assert empty.returncode == 0 and b"0 release(s)" in empty.stdout


@pytest.mark.parametrize("flag", ["--all-or-nothing", None])
def test_cli_refuses_a_row_alone_or_all(tmp_path: Path, flag: str | None) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + ADA + "Too Long," + "x" * 3000 + ",2026-12-10,\n", encoding="utf-8")
    out = tmp_path / "issued"
    result = run("fill", "--roster", str(roster), "--out-dir", str(out), *([flag] if flag else []))
    lines = result.stderr.decode().splitlines()
    if flag:
        assert result.returncode == 2 and not list(out.glob("*.pdf"))
        assert lines[0].startswith(f"pubrelease: {roster}:3:event_title: too long to fit")
    else:
        assert result.returncode == 1
        assert lines[0].startswith(f"pubrelease: refused {roster}:3:event_title: too long")
        assert [p.name for p in out.glob("*.pdf")] == ["Ada_Lovelace.pdf"]


def test_roster_columns_a_form_asks_for_are_filled_in(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "speaker_name,event_title,event_date,affiliation,email,session\n"
        "Ada Lovelace,Engines,2026-12-10,Analytical Society,ada@example.org,A1\n",
        encoding="utf-8",
    )
    batch = fill_many(read_roster(roster), tmp_path / "issued", form="recording-consent")
    (issued,) = batch.issued
    assert issued.columns["session"] == "A1"
    record = parse(tmp_path / "issued" / issued.file, form="recording-consent")
    assert record.extra == {"affiliation": "Analytical Society", "email": "ada@example.org"}


def _prior_by_scanning(release, unused):
    """The matching rule as first written (a scan of every unused release a row):
    the reference for the index that replaced it."""
    from pubrelease.filling.rounds import _key

    if release.release_id:
        found = [
            e
            for e in unused
            if e.release_id == release.release_id or release.release_id in e.supersedes
        ]
    else:
        found = [e for e in unused if _key(e) == _key(release)]
    return found[0] if found else None


def test_rows_take_earlier_releases_as_the_scan_did():
    """The index of earlier releases gives each row the release the scan of every one
    gave, in the same order, duplicates, ids and superseded ids included."""
    import random

    from pubrelease.filling.manifest import ManifestEntry
    from pubrelease.filling.rounds import _UNUSED, _Unused

    rng = random.Random(5)
    names = ["Ana Lima", "ana  lima", "Bo Chen", "Zoë Ødegård", "Zoe Odegard"]
    for _ in range(200):
        earlier = [
            ManifestEntry(
                row=i,
                file=f"{i}.pdf",
                speaker_name=rng.choice(names),
                event_title=rng.choice(["Talk", "talk", "Poster"]),
                event_date="2020-07-13",
                release_id=f"id{rng.randrange(6)}",
                sha256="0" * 64,
                bytes=1,
                supersedes=tuple(f"id{rng.randrange(6)}" for _ in range(rng.randrange(3))),
            )
            for i in range(rng.randrange(8))
        ]
        rows = [
            Release.create(
                speaker_name=rng.choice(names),
                event_title=rng.choice(["Talk", "talk", "Poster"]),
                event_date="2020-07-13",
                release_id=rng.choice([None, None, *[f"id{k}" for k in range(7)]]),
            )
            for _ in range(rng.randrange(10))
        ]
        scanned, unused = list(earlier), _Unused()
        for entry in earlier:
            unused.add(entry)
        for release in rows:
            expected = _prior_by_scanning(release, scanned)
            if expected is not None:
                scanned.remove(expected)
            at = unused.take(release)
            assert (earlier[at] if at >= 0 else None) is expected
        left = [e for e, state in zip(earlier, unused.state, strict=True) if state == _UNUSED]
        assert left == scanned


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_manifest_written_a_row_at_a_time_is_the_whole_one(tmp_path, count):
    """write_manifest streams its rows; the files are what json.dumps(rows, indent=2)
    and one CSV of every row would be (quotes, newlines and extra columns included)."""
    from pubrelease.files import rows_csv
    from pubrelease.filling.manifest import MANIFEST_COLUMNS, ManifestEntry, write_manifest

    entries = [
        ManifestEntry(
            row=i + 2,
            file=f"f{i}.pdf",
            speaker_name='Zoë "Z" Ødegård\nII',
            event_title="Talk, part 1",
            event_date="2020-07-13",
            release_id=f"id{i}",
            sha256="ab" * 32,
            bytes=1000 + i,
            supersedes=("old1", "old2") if i else (),
            columns={"email": "z@example.org", "=cmd": "@x"} if i == 1 else {},
        )
        for i in range(count)
    ]
    write_manifest(tmp_path, entries)
    rows = [e.to_dict() for e in entries]
    expected_json = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == expected_json
    extra = [k for k in ("email", "=cmd") if count > 1]
    columns = [*MANIFEST_COLUMNS[:5], *extra, *MANIFEST_COLUMNS[5:]]
    expected_csv = rows_csv(rows, columns).encode("utf-8")
    assert (tmp_path / "manifest.csv").read_bytes() == expected_csv
