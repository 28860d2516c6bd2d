"""The command line, through its real entry points (the ``pubrelease`` script and ``-m``)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import pubrelease

SCRIPT = Path(sys.executable).with_name("pubrelease")


def run(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """The command, with ``env`` added to the environment."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | (env or {})
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_demo_writes_the_seed_releases_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Bohyung_Han.pdf" in out and "Minsoo_Kang.pdf" in out
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == [
        "Bohyung_Han.pdf",
        "Minsoo_Kang.pdf",
        "manifest.csv",
        "manifest.json",
    ]
    again = run("demo", str(tmp_path / "demo"))
    assert again.returncode == 2
    assert b"exist already" in again.stderr
    assert run("demo", str(tmp_path / "demo"), "--force").returncode == 0


def test_fill_one_release_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    args = [
        "fill",
        "--name",
        "Zoë Ødegård",
        "--title",
        "A Talk",
        "--event-date",
        "2020-07-15",
        "--accept",
    ]
    result = run(*args, "-o", str(tmp_path / "one.pdf"))
    assert result.returncode == 0, result.stderr
    fields = PdfReader(tmp_path / "one.pdf").get_fields()
    assert fields is not None and fields["speaker_name"]["/V"] == "Zoë Ødegård"
    piped = run(*args, "-o", "-")
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(piped.stdout)).get_fields()["consent"]["/V"] == "/Accept"  # type: ignore[index]
    exists = run(*args, "-o", str(tmp_path / "one.pdf"))
    assert exists.returncode == 2 and b"exists" in exists.stderr


def test_fill_bad_date_names_the_field() -> None:
    result = run("fill", "--name", "A", "--title", "T", "--event-date", "July 15", "-o", "-")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "pubrelease: event_date: 'July 15' is not a date; use YYYY-MM-DD (e.g. 2020-09-23)"
    )
    assert result.stdout == b""


def test_fill_roster_from_stdin_and_its_errors(tmp_path: Path) -> None:
    good = b"speaker_name,event_title,event_date\nA B,T,2020-07-15\nC D,T,2020-07-16\n"
    result = run("fill", "--roster", "-", "--out-dir", str(tmp_path / "out"), stdin=good)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "A_B.pdf").exists()
    assert b"wrote 2 releases" in result.stdout
    assert result.stderr == b""  # no progress bar when piped
    bad = tmp_path / "bad.csv"
    bad.write_text("speaker_name,event_title,event_date\nA B,T,2020-13-01\n,T,2020-07-15\n")
    result = run("fill", "--roster", str(bad), "--out-dir", str(tmp_path / "out2"))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"pubrelease: {bad}:2:event_date: '2020-13-01' is not a date; "
        "use YYYY-MM-DD (e.g. 2020-09-23)",
        f"pubrelease: {bad}:3:speaker_name: a value is required",
    ]
    assert not (tmp_path / "out2").exists()


def test_usage_errors_exit_2() -> None:
    assert run("fill", "--name", "A").returncode == 2
    assert run("no-such-command").returncode == 2
    assert run("fill", "--roster", "x.csv").returncode == 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("audit", "--no-such-option"), "pubrelease audit: No such option '--no-such-option'"),
        (("parse",), "pubrelease parse: Missing argument 'FILES...'"),
        (("no-such-command",), "pubrelease: No such command 'no-such-command'"),
        (("--no-such-option",), "pubrelease: No such option '--no-such-option'"),
        (("form", "build", "--x"), "pubrelease form build: No such option '--x'"),
        (("parse", "--timeout", "0", "x.pdf"), "pubrelease parse: Invalid value for '--timeout'"),
        (("fill", "--name", "A"), "pubrelease fill: give -o OUT.pdf"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_command(args: tuple[str, ...], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(says), lines
    command = says.split(":")[0]
    assert lines[0].endswith(f"(see '{command} --help')") and result.stdout == b""


def test_form_build_matches_the_shipped_template(tmp_path: Path) -> None:
    result = run("form", "build", "-o", str(tmp_path / "t.pdf"))
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(tmp_path / "t.pdf").pages) == 2


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert pubrelease.__version__ in result.stdout.decode()


@pytest.mark.parametrize("args", [(), ("form",)])
def test_a_group_given_no_command_shows_its_help(args: tuple[str, ...]) -> None:
    result = run(*args)
    shown = (result.stdout + result.stderr).decode()
    assert shown.startswith(f"Usage: {' '.join(('pubrelease', *args))} [OPTIONS] COMMAND")
    assert "Commands:" in shown and len(shown.splitlines()) > 5
