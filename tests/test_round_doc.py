"""docs/round.md, the organiser's round, runs as written: its commands in order, in one folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "round.md"
BLOCK = re.compile(r"^```(sh|py)\n(.*?)^```", re.S | re.M)


def test_the_round_runs_as_documented(tmp_path: Path) -> None:
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert [kind for kind, _ in blocks] == ["sh", "sh", "sh", "py", "sh", "sh", "sh", "sh"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    outputs = []
    for kind, code in blocks:
        command = ["bash", "-euo", "pipefail", "-c", code] if kind == "sh" else [sys.executable]
        result = subprocess.run(
            command,
            input=code.encode() if kind == "py" else None,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, (code, result.stdout, result.stderr)
        outputs.append(result.stdout.decode())
    manifest = (tmp_path / "issued" / "manifest.csv").read_text(encoding="utf-8")
    assert len(manifest.splitlines()) == 6  # five speakers over two rounds
    chase = outputs[4].splitlines()
    assert chase[0] == "speaker_name\toutcome\taction"
    assert sorted(chase[1:]) == [
        "Ada Lovelace\tvalid\tcountersign",
        "Alan Turing\tincomplete\task to complete",
        "Barbara Liskov\tmissing\tchase",
        "Edsger Dijkstra\tmissing\tchase",
        "Grace Hopper\tmissing\tchase",
    ]
    assert "session" in (tmp_path / "audit.csv").read_text(encoding="utf-8").splitlines()[0]
    assert len(list((tmp_path / "reminders").glob("*.eml"))) == 4
    assert '"countersigned": true' in outputs[6]
    with zipfile.ZipFile(tmp_path / "releases.zip") as bundle:
        assert sorted(bundle.namelist()) == [
            "SHA256SUMS", "audit.json", "index.csv", "releases/ada.pdf"
        ]  # fmt: skip
    assert "every file matches its SHA-256" in outputs[7]


def test_help_walks_through_the_round_and_every_command_has_help() -> None:
    from tests.test_cli import run

    result = run("--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    steps = ["fill --roster", "audit returns", "remind returns", "countersign returns", "bundle"]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    for command in ("fill", "parse", "audit", "remind", "countersign", "bundle", "demo"):
        assert run(command, "--help").returncode == 0, command
