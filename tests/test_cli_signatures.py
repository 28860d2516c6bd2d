"""Certificate signatures through the command line: ``parse --trust``, ``audit --trust``,
``fill --sign``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from .pki import PASSPHRASE, Pki
from .signed import signed_set
from .test_cli import run

Expected = dict[str, tuple[str, bool, str | None]]


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> tuple[Path, Expected]:
    folder = tmp_path_factory.mktemp("returns")
    return folder, signed_set(folder, pki)


def test_parse_with_trust_gives_each_return_its_status(
    returns: tuple[Path, Expected], pki: Pki
) -> None:
    folder, expected = returns
    for name, (status, countersigned, code) in expected.items():
        done = run("parse", str(folder / name), "--trust", str(pki.ca_pem))
        (record,) = json.loads(done.stdout)  # parse prints an array
        assert record["status"] == status, (name, record["findings"])
        assert record["countersigned"] is countersigned, name
        assert record["signatures"], name
        if code is not None:
            assert code in {f["code"] for f in record["findings"]}, name
        assert done.returncode == (0 if status == "valid" else 1), name


def test_audit_with_trust_reports_the_signatures(
    returns: tuple[Path, Expected], pki: Pki, tmp_path: Path
) -> None:
    folder, expected = returns
    reports = tmp_path / "reports"
    reports.mkdir()
    done = run(
        "audit",
        str(folder),
        "--trust",
        str(pki.folder / "ca.pem"),
        "--workers",
        "2",
        "--json",
        str(reports / "a.json"),
        "--csv",
        str(reports / "a.csv"),
        "--html",
        str(reports / "a.html"),
    )
    assert done.returncode == 1, done.stderr
    report = json.loads((reports / "a.json").read_text())
    got = {Path(r["file"]).name: r for r in report["returns"]}
    for name, (status, countersigned, _) in expected.items():
        assert got[name]["status"] == status, (name, got[name]["findings"])
        assert got[name]["countersigned"] is countersigned
    rows = {
        Path(r["file"]).name: r
        for r in csv.DictReader(io.StringIO((reports / "a.csv").read_text()))
    }
    assert "speaker Bohyung Han <bhhan@example.org>" in rows["signed.pdf"]["signatures"]
    assert "BROKEN" in rows["byte-changed.pdf"]["signatures"]
    assert "audit trail, page 3" in rows["e-signed.pdf"]["audit_trail"]
    assert got["e-signed.pdf"]["audit_trail"]["ip_addresses"] == ["203.0.113.45", "2001:db8::1"]
    html = (reports / "a.html").read_text()
    assert "certificate: countersigner David Blei" in html


def test_fill_sign_returns_a_signed_release(pki: Pki, tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    env = {"PUBRELEASE_KEY_PASSPHRASE": PASSPHRASE.decode()}
    done = run(
        "fill",
        "--name",
        "Bohyung Han",
        "--title",
        "A Talk",
        "--event-date",
        "2020-07-15",
        "--accept",
        "--signature",
        "Bohyung Han",
        "--sign-date",
        dt.date.today().isoformat(),
        "--sign",
        str(pki.speaker.p12),
        "-o",
        str(out),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    parsed = run("parse", str(out), "--trust", str(pki.ca_pem))
    (record,) = json.loads(parsed.stdout)
    assert record["status"] == "valid", record["findings"]
    assert record["signatures"][0]["trusted"] is True
    pair = tmp_path / "pair.pdf"
    done = run(
        "fill",
        "--name",
        "Bohyung Han",
        "--title",
        "A Talk",
        "--event-date",
        "2020-07-15",
        "--sign",
        str(pki.speaker.key),
        "--sign-cert",
        str(pki.speaker.cert),
        "-o",
        str(pair),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(run("parse", str(pair)).stdout)[0]["signatures"][0]["intact"] is True


def test_fill_sign_errors_are_one_line_and_exit_2(pki: Pki, tmp_path: Path) -> None:
    base = ["fill", "--name", "A", "--title", "T", "--event-date", "2020-07-15"]
    wrong = run(
        *base,
        "--sign",
        str(pki.speaker.p12),
        "-o",
        str(tmp_path / "x.pdf"),
        env={"PUBRELEASE_KEY_PASSPHRASE": "wrong"},
    )
    assert wrong.returncode == 2
    assert wrong.stderr.decode().count("\n") == 1 and "speaker.p12" in wrong.stderr.decode()
    no_tty = run(*base, "--sign", str(pki.speaker.p12), "-o", str(tmp_path / "y.pdf"))
    assert no_tty.returncode == 2 and "PUBRELEASE_KEY_PASSPHRASE" in no_tty.stderr.decode()
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
    bad_trust = run("parse", str(tmp_path / "x.pdf"), "--trust", str(pki.speaker.key))
    assert bad_trust.returncode == 2


def test_countersign_sign_adds_the_conference_certificate(pki: Pki, tmp_path: Path) -> None:
    from pubrelease import fill
    from pubrelease.filling.certsign import sign_release

    from .signed import key, release

    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "typed.pdf").write_bytes(fill(release()))
    (folder / "signed.pdf").write_bytes(sign_release(fill(release()), key(pki.speaker.p12)))
    env = {"PUBRELEASE_KEY_PASSPHRASE": PASSPHRASE.decode()}
    done = run(
        "countersign", str(folder), "--name", "David Blei", "--sign", str(pki.conference.p12),
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout, done.stderr)
    for name, certifying in (("typed.pdf", True), ("signed.pdf", False)):
        (record,) = json.loads(run("parse", str(folder / name), "--trust", str(pki.ca_pem)).stdout)
        assert record["status"] == "valid", (name, record["findings"])
        assert record["countersigned"] is True
        conference = record["signatures"][-1]
        assert conference["role"] == "countersigner" and conference["trusted"] is True
        assert conference["certification"] == "no-changes"
        assert conference["certifying"] is certifying
