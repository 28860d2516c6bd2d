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
