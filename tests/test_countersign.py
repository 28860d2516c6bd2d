"""Countersigning returns: an incremental update the revision analysis accepts."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from pubrelease import Release, fill, parse
from pubrelease.filling.countersign import Countersignature, CountersignError, countersign
from tests.helpers import require_tool
from tests.speakers import speaker_fills
from tests.test_cli import run

TODAY = dt.date(2026, 11, 1)


def _issued(folder: Path, name: str, **extra: str) -> Path:
    release = Release.create(
        speaker_name=name, event_title="On Engines", event_date="2026-12-10", **extra
    )
    path = folder / f"{name.split()[0]}.issued.pdf"
    path.write_bytes(fill(release, today=TODAY))
    return path


@pytest.mark.parametrize("incremental", [True, False])
def test_countersigning_keeps_the_speakers_bytes_and_reads_countersigned(
    tmp_path: Path, incremental: bool
) -> None:
    returned = speaker_fills(
        _issued(tmp_path, "Ada Lovelace"),
        tmp_path / "ada.pdf",
        signature="Ada Lovelace",
        incremental=incremental,
    )
    before = returned.read_bytes()
    assert parse(returned).status.value == "valid"
    signed = countersign(before, Countersignature("David Blei", dt.date(2026, 11, 25)))
    assert signed.startswith(before)
    assert signed.count(b"%%EOF") == before.count(b"%%EOF") + 1
    record = parse(signed)
    assert record.status.value == "valid", record.findings
    assert record.countersigned and record.countersign_date == dt.date(2026, 11, 25)
    assert "modified-after-issue" not in {f.code for f in record.findings}
    assert "not-countersigned" not in {f.code for f in record.findings}
    out = tmp_path / "signed.pdf"
    out.write_bytes(signed)
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "David Blei" in text.split("Signature:")[-1]
    assert "Nov 25, 2026" in text


def test_a_change_after_countersigning_is_still_found(tmp_path: Path) -> None:
    returned = speaker_fills(
        _issued(tmp_path, "Ada Lovelace"), tmp_path / "ada.pdf", signature="Ada Lovelace"
    )
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(
        countersign(returned.read_bytes(), Countersignature("David Blei", dt.date(2026, 11, 25)))
    )
    flipped = speaker_fills(signed, tmp_path / "flipped.pdf", signature="X", consent="Decline")
    codes = {f.code for f in parse(flipped).findings}
    assert "answer-changed" in codes


def test_refuses_another_countersigner_and_a_second_countersignature(tmp_path: Path) -> None:
    data = speaker_fills(
        _issued(tmp_path, "Ada Lovelace"), tmp_path / "ada.pdf", signature="Ada Lovelace"
    ).read_bytes()
    with pytest.raises(CountersignError, match="David Blei"):
        countersign(data, Countersignature("Someone Else", dt.date(2026, 11, 25)), file="ada.pdf")
    once = countersign(data, Countersignature("david  blei", dt.date(2026, 11, 25)))
    with pytest.raises(CountersignError, match="already"):
        countersign(once, Countersignature("David Blei", dt.date(2026, 11, 26)))


def test_command_countersigns_valid_returns_only_and_exits_1_for_the_rest(
    tmp_path: Path,
) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    speaker_fills(_issued(tmp_path, "Ada Lovelace"), returns / "ada.pdf", signature="Ada Lovelace")
    speaker_fills(
        _issued(tmp_path, "Alan Turing"),
        returns / "alan.pdf",
        signature="Alan Turing",
        consent="Decline",
    )
    flat = Release.create(
        speaker_name="Grace Hopper",
        event_title="On Engines",
        event_date="2026-12-10",
        consent="accept",
        signature="Grace Hopper",
        sign_date="2026-11-20",
    )
    (returns / "grace.pdf").write_bytes(fill(flat, flatten=True, today=TODAY))
    ada_before = (returns / "ada.pdf").read_bytes()
    result = run("countersign", str(returns), "--name", "David Blei", "--date", "25/11/2026")
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode()
    assert f"countersigned {returns / 'ada.pdf'}" in out
    assert "not-valid:" in out and "alan.pdf (declined)" in out
    assert "failed:" in out and "grace.pdf" in out and "no form fields" in out
    assert (returns / "ada.pdf").read_bytes().startswith(ada_before)
    assert parse(returns / "ada.pdf").countersigned
    again = run(
        "countersign", str(returns), "--name", "David Blei", "--out-dir", str(tmp_path / "o")
    )
    assert "already-countersigned" in again.stdout.decode()
    bad = run("countersign", str(returns), "--name", "David Blei", "--date", "04/05/2026")
    assert bad.returncode == 2 and b"ambiguous" in bad.stderr
