"""Pipes and outputs: '-' everywhere, every output checked before any work, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from pubrelease import Release, fill
from tests.test_cli import run

ARGS = ["--name", "Ada Lovelace", "--title", "Engines", "--event-date", "2020-07-15"]


def _returns(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    release = Release.create(
        speaker_name="Ada Lovelace", event_title="Engines", event_date="2020-07-15"
    )
    (folder / "ada.pdf").write_bytes(fill(release))
    return folder


def test_fill_into_a_missing_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("fill", *ARGS, "-o", str(tmp_path / "nowhere" / "x.pdf"))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"pubrelease: {tmp_path / 'nowhere' / 'x.pdf'}: no such folder for the output"
    ]
    assert not (tmp_path / "nowhere").exists()
    roster = tmp_path / "r.csv"
    roster.write_text("speaker_name,event_title,event_date\nA,T,2020-07-15\n", encoding="utf-8")
    result = run("fill", "--roster", str(roster), "--out-dir", str(tmp_path / "a" / "b"))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "a").exists()


def test_audit_checks_its_outputs_before_reading_anything(tmp_path: Path) -> None:
    folder = _returns(tmp_path / "returns")
    bad_roster = tmp_path / "r.csv"
    bad_roster.write_text("nonsense\n", encoding="utf-8")
    # the output is refused before the (bad) roster is even read
    result = run("audit", str(folder), "--roster", str(bad_roster), "--json", "/nonexistent/r.json")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "pubrelease: /nonexistent/r.json: no such folder for the output"
    ]
    (tmp_path / "exists.csv").write_text("keep me", encoding="utf-8")
    result = run("audit", str(folder), "--csv", str(tmp_path / "exists.csv"))
    assert result.returncode == 2 and b"exists; pass --force" in result.stderr
    assert (tmp_path / "exists.csv").read_text(encoding="utf-8") == "keep me"
    result = run("audit", str(folder), "--json", str(tmp_path))
    assert result.returncode == 2 and b"is a directory" in result.stderr


def test_a_symlink_is_never_followed_or_replaced(tmp_path: Path) -> None:
    folder = _returns(tmp_path / "returns")
    target = tmp_path / "target.json"
    target.write_text("precious", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    for force in ([], ["--force"]):
        result = run("audit", str(folder), "--json", str(link), *force)
        assert result.returncode == 2
        assert b"is a symbolic link" in result.stderr
        assert link.is_symlink() and target.read_text(encoding="utf-8") == "precious"


def test_dash_is_stdin_and_stdout(tmp_path: Path) -> None:
    folder = _returns(tmp_path / "returns")
    result = run("audit", str(folder), "--json", "-")
    assert result.returncode == 1  # the return is not signed
    report = json.loads(result.stdout)
    assert report["returns"][0]["speaker_name"] == "Ada Lovelace"
    assert report["returns"][0]["action"] == "ask to complete"
    assert not Path("-").exists() and not (folder / "-").exists()
    pdf = run("fill", *ARGS, "--accept", "-o", "-")
    assert pdf.returncode == 0 and pdf.stdout.startswith(b"%PDF-")
    parsed = run("parse", "-", stdin=pdf.stdout)
    records = json.loads(parsed.stdout)
    assert isinstance(records, list) and records[0]["file"] == "-"
    assert records[0]["consent"] == "accept"
    two = run("parse", str(folder / "ada.pdf"), "-", stdin=pdf.stdout)
    assert [r["file"] for r in json.loads(two.stdout)] == [str(folder / "ada.pdf"), "-"]
    assert run("audit", str(folder), "--json", "-", "--csv", "-").returncode == 2


def test_exit_codes_and_contradictions(tmp_path: Path) -> None:
    missing = run("parse", str(tmp_path / "missing.pdf"))
    assert missing.returncode == 2
    assert (
        missing.stderr.decode().strip() == f"pubrelease: {tmp_path / 'missing.pdf'}: no such file"
    )
    both = run("fill", *ARGS, "--accept", "--decline", "-o", str(tmp_path / "x.pdf"))
    assert both.returncode == 2 and b"contradict" in both.stderr
    assert not (tmp_path / "x.pdf").exists()
    reissue = run("fill", *ARGS, "--reissue", "Ada", "-o", str(tmp_path / "x.pdf"))
    assert reissue.returncode == 2
