"""Reminders: .eml messages for the people to chase, sent to a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from tests.smtpserver import smtp_server
from tests.speakers import speaker_fills
from tests.test_cli import SCRIPT

ROSTER = (
    "speaker_name,event_title,event_date,email,session\n"
    "Ada Lovelace,Engines,2026-12-10,ada@example.org,A\n"
    "Alan Turing,Machines,2026-12-10,alan@example.org,B\n"
    "Grace Hopper,Compilers,2026-12-10,grace@example.org,C\n"
    "Nobody Known,Silence,2026-12-10,,D\n"
)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pubrelease"]
    return subprocess.run(
        [*command, *args], capture_output=True, env={**os.environ, **(env or {})}, timeout=300
    )


def _round(tmp_path: Path) -> tuple[Path, Path, Path]:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    issued = tmp_path / "issued"
    result = run("fill", "--roster", str(roster), "--out-dir", str(issued))
    assert result.returncode == 0, result.stderr
    returns = tmp_path / "returns"
    returns.mkdir()
    speaker_fills(issued / "Ada_Lovelace.pdf", returns / "ada.pdf", signature="Ada Lovelace")
    shutil.copy(issued / "Alan_Turing.pdf", returns / "alan.pdf")  # sent back unsigned
    return roster, issued, returns


def _messages(folder: Path) -> dict[str, EmailMessage]:
    out = {}
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        out[str(message["To"])] = message
    return out


def test_dry_run_writes_one_message_per_person_to_chase(tmp_path: Path) -> None:
    _, issued, returns = _round(tmp_path)
    out = tmp_path / "reminders"
    result = run(
        "remind", str(returns), "--roster", str(issued / "manifest.csv"),
        "--from", "ICML Publications <pubs@icml.example>",
        "--releases", str(issued), "--out-dir", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # Nobody Known has no address
    assert b"manifest.csv:5:email: no email address to remind" in result.stderr
    assert b"none sent (dry run" in result.stdout
    messages = _messages(out)
    assert sorted(messages) == [
        "Alan Turing <alan@example.org>",
        "Grace Hopper <grace@example.org>",
    ]
    grace = messages["Grace Hopper <grace@example.org>"]
    assert grace["Subject"] == 'Your publishing release for "Compilers"'
    assert grace["From"] == "ICML Publications <pubs@icml.example>"
    body = grace.get_body(preferencelist=("plain",))
    assert body is not None and "have not received" in body.get_content()
    (attachment,) = list(grace.iter_attachments())
    assert attachment.get_filename() == "Grace_Hopper.pdf"
    assert attachment.get_content() == (issued / "Grace_Hopper.pdf").read_bytes()
    alan = messages["Alan Turing <alan@example.org>"]
    alan_body = alan.get_body(preferencelist=("plain",))
    assert alan_body is not None and "not complete" in alan_body.get_content()


def test_an_edited_template_and_links(tmp_path: Path) -> None:
    roster, issued, returns = _round(tmp_path)
    template = tmp_path / "reminder.txt"
    assert run("remind", "--write-template", str(template)).returncode == 0
    text = template.read_text(encoding="utf-8")
    text = text.replace("Dear $speaker_name", "Hello $speaker_name (session $session)")
    template.write_text(text, encoding="utf-8")
    out = tmp_path / "r"
    result = run(
        "remind", str(returns), "--roster", str(issued / "manifest.csv"),
        "--from", "pubs@icml.example", "--template", str(template), "--releases", str(issued),
        "--link", "https://icml.example/releases/", "--out-dir", str(out),
    )  # fmt: skip
    assert result.returncode == 1
    grace = _messages(out)["Grace Hopper <grace@example.org>"]
    content = grace.get_body(preferencelist=("plain",))
    assert content is not None
    assert "Hello Grace Hopper (session C)" in content.get_content()
    assert "https://icml.example/releases/Grace_Hopper.pdf" in content.get_content()
    assert list(grace.iter_attachments()) == []
    template.write_text("Subject: x\n\n$no_such_column\n", encoding="utf-8")
    bad = run(
        "remind", str(returns), "--roster", str(roster), "--from", "pubs@icml.example",
        "--template", str(template), "--out-dir", str(tmp_path / "bad"),
    )  # fmt: skip
    assert bad.returncode == 2 and b"unknown placeholder" in bad.stderr


def test_sending_through_a_real_smtp_server_with_starttls_and_login(tmp_path: Path) -> None:
    _, issued, returns = _round(tmp_path)
    with smtp_server(tmp_path, user="pubs", password="s3cret") as (port, cafile, mailbox):
        common = [
            "remind", str(returns), "--roster", str(issued / "manifest.csv"),
            "--from", "pubs@icml.example", "--releases", str(issued),
            "--send", "--smtp", f"127.0.0.1:{port}", "--smtp-cafile", str(cafile),
        ]  # fmt: skip
        wrong = run(
            *common, "--out-dir", str(tmp_path / "wrong"),
            env={"PUBRELEASE_SMTP_USER": "pubs", "PUBRELEASE_SMTP_PASSWORD": "nope"},
        )  # fmt: skip
        assert wrong.returncode == 2
        assert b"cannot send through 127.0.0.1" in wrong.stderr
        assert mailbox.messages == []
        result = run(
            *common, "--out-dir", str(tmp_path / "sent"),
            env={"PUBRELEASE_SMTP_USER": "pubs", "PUBRELEASE_SMTP_PASSWORD": "s3cret"},
        )  # fmt: skip
        assert result.returncode == 1, result.stderr  # one person has no address
        assert f"sent 2 message(s) through 127.0.0.1:{port}".encode() in result.stdout
    assert mailbox.logins == ["pubs"]
    assert sorted(r for _, rcpts, _ in mailbox.messages for r in rcpts) == [
        "alan@example.org",
        "grace@example.org",
    ]
    for sender, _, data in mailbox.messages:
        assert sender == "pubs@icml.example"
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        assert len(list(message.iter_attachments())) == 1
