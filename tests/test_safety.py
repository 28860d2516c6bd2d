"""The operator's screen and the process are safe from what returns and rosters contain."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from pubrelease import fill
from pubrelease.auditing import pool
from pubrelease.auditing.audit import AuditReport, Return
from pubrelease.auditing.summary import print_summary
from pubrelease.cli import app
from pubrelease.display import inert, inert_json
from pubrelease.record import Finding, Record, Severity, Source, Status

from .attacks import RELEASE
from .test_cli import run

HOSTILE = "\x1b[2K\x1b[1AALL RETURNS VALID [/x] [bold]x[/bold] \u202etxt.exe"


def test_inert_escapes_controls_bidi_and_raw_bytes_but_keeps_scripts() -> None:
    assert inert("Zoë 李飞飞 [x]") == "Zoë 李飞飞 [x]"
    shown = inert(HOSTILE + "\udce9")
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[2K" in shown and "\\u202e" in shown and shown.endswith("\\xe9")


def test_inert_keeps_the_join_controls_a_word_is_written_with() -> None:
    """A Persian name's ZWNJ (and a file named after it by ``fill --roster``) is shown and
    written as it is; a join control anywhere else is escaped as before."""
    persian = "\u0646\u0631\u06af\u0633 \u062d\u0633\u06cc\u0646\u200c\u067e\u0648\u0631"
    assert inert(persian) == persian
    assert inert("/out/" + persian.replace(" ", "_") + ".pdf").endswith("\u067e\u0648\u0631.pdf")
    assert "\\" not in inert("/out/" + persian.replace(" ", "_") + ".pdf")
    assert inert("Boh\u200cyung") == "Boh\\u200cyung"
    assert inert("\u200c\u0639\u0644\u06cc") == "\\u200c\u0639\u0644\u06cc"
    assert inert("\u202e\u062d\u200c\u067e") == "\\u202e\u062d\u200c\u067e"


def test_inert_json_is_the_same_data() -> None:
    import json

    text = inert_json(json.dumps({"name": HOSTILE}, ensure_ascii=False))
    assert "\x1b" not in text and "\u202e" not in text
    assert json.loads(text) == {"name": HOSTILE}


def test_summary_shows_names_and_paths_as_they_are_never_as_markup() -> None:
    record = Record(
        file="[/x]/" + HOSTILE + ".pdf",
        form="icml-2020",
        source=Source.FIELDS,
        speaker_name=HOSTILE,
        status=Status.DECLINED,
        findings=(Finding("declined", Severity.INFO, "declined"),),
    )
    out = io.StringIO()
    report = AuditReport("folder", (Return(record, None, None, None, 0.0),), None, ())
    print_summary(report, Console(file=out, width=400, highlight=False, soft_wrap=True))
    text = out.getvalue()
    assert "\x1b" not in text and "\u202e" not in text
    assert "[/x]" in text and "[bold]x[/bold]" in text
    assert "\tdeclined\tnothing\t" in text  # piped: tab-separated, with the next action


def test_parse_skips_a_fifo_with_the_reason(tmp_path: Path) -> None:
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    result = run("parse", str(fifo), "--format", "jsonl")
    assert result.returncode == 1, result.stderr
    assert b"FIFO" in result.stdout and b"unreadable" in result.stdout


def test_audit_reports_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.pdf"))).write_bytes(fill(RELEASE))
    result = run("audit", str(folder), "--json", str(tmp_path / "r.json"), "--workers", "1")
    assert result.returncode in (0, 1), result.stderr
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert "caf\\\\xe9.pdf" in text and '"file-name"' in text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("big.csv", "speaker_name,event_title,event_date\n" + "A" * 200_000 + ",T,2020-01-01\n"),
        ("deep.json", "[" * 100_000 + "]" * 100_000),
    ],
)
def test_hostile_rosters_are_one_line_and_exit_2(tmp_path: Path, name: str, content: str) -> None:
    roster = tmp_path / name
    roster.write_text(content)
    (tmp_path / "returns").mkdir()
    result = run("audit", str(tmp_path / "returns"), "--roster", str(roster))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"pubrelease: {roster}"), lines


def test_an_internal_error_is_one_line_and_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom\nsecond line \x1b[2J")

    monkeypatch.setattr(pool, "parse_all", broken)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(app.main, ["parse", str(pdf)])
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "internal error" in lines[0] and "\x1b" not in lines[0]
