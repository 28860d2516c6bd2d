"""An audit's outputs, its record cache and its readers where a review (session 64) broke
them: an output written into a folder given as a ``file://`` URL, a refused audit that
still emptied its stream, a named pipe replaced by a file, Ctrl-C answered by the
readers' tracebacks, cached verdicts that outlived the certificate or the OCR setup they
rested on, half-written entries left for ever, a fresh report's returns not sliceable,
and a form found by another path taken for another form.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from pubrelease import fill, load_form
from pubrelease.auditing.audit import audit
from pubrelease.auditing.cache import ORPHANED, TEMPORARY, Entry, RecordCache
from pubrelease.auditing.work import form_digest
from pubrelease.files import is_stream
from pubrelease.reading.trust import load_trust

from .pki import _cert, _name, _write
from .signed import key, release
from .test_audit_scale import audit_under_way, make_folder, run


def test_a_folder_given_as_a_file_url_keeps_the_outputs_out(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    url = folder.as_uri()
    for args in (
        ["--jsonl", str(folder / "r000.pdf"), "--force"],
        ["--json", str(folder / "report.json")],
        ["--csv", str(folder / "sub" / "report.csv")],
    ):
        done = run("audit", url, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "inside the audited folder" in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_refused_audit_leaves_its_stream_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    stream = tmp_path / "out.jsonl"
    done = run("audit", str(folder), "--jsonl", str(stream), "--cache", str(folder / "c"))
    assert done.returncode == 2 and "inside the audited folder" in done.stderr
    assert not stream.exists()  # (it was created empty, and then blocked the right command)
    stream.write_text('{"kept": true}\n', encoding="utf-8")
    not_a_folder = tmp_path / "roster.csv"
    not_a_folder.write_text("speaker_name\n", encoding="utf-8")
    for cache in (folder / "c", not_a_folder / "c"):
        done = run("audit", str(folder), "--jsonl", str(stream), "--cache", str(cache), "--force")
        assert done.returncode == 2, done.stderr
        assert stream.read_text(encoding="utf-8") == '{"kept": true}\n'


def test_the_stream_goes_into_a_named_pipe_and_a_report_refuses_one(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    lines: list[str] = []

    def follow() -> None:
        with open(pipe, encoding="utf-8") as handle:  # (blocks until the audit opens it)
            lines.extend(handle)

    reader = threading.Thread(target=follow)
    reader.start()
    done = run("audit", str(folder), "--jsonl", str(pipe))  # (no --force: nothing replaced)
    reader.join(timeout=60)
    assert done.returncode == 1, done.stderr  # (a declined and a broken return: action)
    assert is_stream(pipe) and not pipe.is_file()
    assert sorted(Path(json.loads(line)["file"]).name for line in lines) == [
        "r000.pdf",
        "r001.pdf",
        "zz-broken.pdf",
    ]
    for args in (["--json", str(pipe)], ["--json", str(pipe), "--force"]):
        done = run("audit", str(folder), *args)
        assert done.returncode == 2 and "not a regular file" in done.stderr
        assert is_stream(pipe)
    assert is_stream("/dev/null")  # (asked, never written here: a device is a stream too)


def test_ctrl_c_stops_an_audit_with_one_line(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 240)
    process = audit_under_way(folder, cache, 1, subprocess.PIPE)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    _, err = process.communicate(timeout=60)
    assert len(list(cache.rglob("*.rec"))) < 241, "the audit ended before Ctrl-C"
    assert process.returncode == 130
    assert err.strip().splitlines() == ["pubrelease: interrupted"], err


def _short_lived(folder: Path, seconds: float) -> tuple[Path, Path, dt.datetime]:
    """A CA and a signer's certificate of it that expires ``seconds`` from now (their
    PEM and PKCS#12 files), and when it expires."""
    folder.mkdir()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ca_key, signer_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca_name = _name("Short-lived Test CA", None)
    year = dt.timedelta(days=365)
    ca = _cert(
        ca_name, ca_key, ca_name, ca_key, ca=True, start=now - year, end=now + year, serial=1
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(Encoding.PEM))
    end = now + dt.timedelta(seconds=seconds)
    subject = _name("Bohyung Han", "bhhan@example.org")
    cert = _cert(
        subject, signer_key, ca_name, ca_key, ca=False, start=now - year, end=end, serial=2
    )
    identity = _write(folder, "signer", "Bohyung Han", signer_key, cert, [ca])
    return folder / "ca.pem", identity.p12, end


def test_a_cached_signature_is_judged_again_once_its_certificate_expires(tmp_path: Path) -> None:
    from pubrelease.filling.certsign import sign_release

    ca, p12, expires = _short_lived(tmp_path / "pki", 8)
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    (folder / "signed.pdf").write_bytes(sign_release(fill(release()), key(p12)))
    trust = load_trust([ca])

    def signature(report: object) -> dict[str, object]:
        (item,) = report.returns  # type: ignore[attr-defined]
        (found,) = item.record.signatures
        return {"trusted": found.trusted, "problem": found.trust_problem}

    first = audit(folder, workers=1, cache=cache, trust=trust)
    (entry_path,) = cache.rglob("*.rec")
    from pubrelease.auditing.cache import decode

    entry = decode(entry_path.stem, entry_path.read_bytes())
    assert entry is not None and entry.turns is not None
    assert expires.timestamp() in entry.turns  # (the instant its verdict changes)
    before = signature(first)
    while dt.datetime.now(dt.UTC) <= expires + dt.timedelta(seconds=1):
        time.sleep(0.2)
    again = audit(folder, workers=1, cache=cache, trust=trust)
    fresh = audit(folder, workers=1, trust=trust)
    assert again.cached == 0
    assert signature(again) == signature(fresh)
    assert signature(fresh)["trusted"] is False
    assert "expired" in str(signature(fresh)["problem"])
    if before["trusted"]:  # (read within its 8 seconds: the usual case)
        assert first.cached == 0 and signature(again) != before
    # and an unsigned return's entry has nothing that turns
    plain = tmp_path / "plain"
    make_folder(plain, 2)
    audit(plain, workers=1, cache=tmp_path / "cache2")
    unsigned = [decode(p.stem, p.read_bytes()) for p in (tmp_path / "cache2").rglob("*.rec")]
    assert all(e is not None and e.turns == () for e in unsigned)


def test_an_entry_serves_only_while_nothing_its_reading_rests_on_turns() -> None:
    made = Entry(None, None, False)  # type: ignore[arg-type]  # (its record is not asked)
    timed = dataclasses.replace(made, read_at=1000.0, turns=(1500.0, 3000.0))
    assert timed.serves_at(1200.0) and timed.serves_at(1499.0)
    assert not timed.serves_at(1500.0) and not timed.serves_at(2000.0)
    assert timed.serves_at(200.0)  # (a clock set back, past no instant)
    assert dataclasses.replace(timed, read_at=1600.0).serves_at(1700.0)
    assert not dataclasses.replace(timed, read_at=1600.0).serves_at(1400.0)  # (set back)
    assert not dataclasses.replace(made, turns=None).serves_at(1.0)
    assert made.serves_at(1e12)


def test_the_ocr_setup_and_the_fonts_are_part_of_a_cache_entrys_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = RecordCache(tmp_path / "c", "form").key(b"a")
    empty = tmp_path / "no-packs"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    without_packs = RecordCache(tmp_path / "c", "form").key(b"a")
    (empty / "eng.traineddata").write_bytes(b"a language pack")
    with_one = RecordCache(tmp_path / "c", "form").key(b"a")
    monkeypatch.delenv("TESSDATA_PREFIX")
    font = tmp_path / "font.ttf"
    font.write_bytes(b"a font file")
    monkeypatch.setenv("PUBRELEASE_FONTS", str(font))
    with_a_font = RecordCache(tmp_path / "c", "form").key(b"a")
    assert len({here, without_packs, with_one, with_a_font}) == 4


def test_a_scan_cached_without_ocr_is_read_again_once_ocr_can_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from . import scans  # (a printed release scanned, as the paper tests make them)

    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    pages = scans.scanned(scans.printed(scans.release(), 150), angle=0.5, noise=4.0)
    (folder / "scan.pdf").write_bytes(scans.to_pdf(pages, 150))
    empty = tmp_path / "no-packs"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    blind = audit(folder, workers=1, cache=cache)
    assert blind.returns[0].record.status.value == "unreadable"
    monkeypatch.delenv("TESSDATA_PREFIX")
    seeing = audit(folder, workers=1, cache=cache)
    assert seeing.cached == 0
    assert seeing.returns[0].record.status.value != "unreadable"


def test_entries_a_crash_left_half_written_are_swept(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 2)
    audit(folder, workers=1, cache=cache)
    assert not [p for p in cache.rglob("*.tmp")]  # (each entry renamed into its place)
    spare = cache / TEMPORARY
    old, new = spare / ".old.tmp", spare / ".new.tmp"
    old.write_bytes(b"half an entry")
    new.write_bytes(b"an entry being written")
    long_ago = time.time() - ORPHANED - 60
    os.utime(old, (long_ago, long_ago))
    again = audit(folder, workers=1, cache=cache)
    assert again.cached == len(again.returns)
    assert not old.exists() and new.exists()


def test_a_fresh_reports_returns_slice(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    make_folder(folder, 3)
    report = audit(folder, workers=1)
    first_two = report.returns[0:2]
    assert [r.record.file for r in first_two] == [r.record.file for r in list(report.returns)[:2]]


def test_the_same_form_found_by_another_path_keeps_its_cache(tmp_path: Path) -> None:
    shipped = load_form()
    source = Path(shipped.definition.source)
    copy = tmp_path / "copy" / source.parent.name
    copy.parent.mkdir()
    import shutil

    shutil.copytree(source.parent, copy)
    assert form_digest(load_form(str(copy))) == form_digest(shipped)
    relative = os.path.relpath(source.parent, Path.cwd())
    assert form_digest(load_form(relative)) == form_digest(shipped)


def test_a_file_url_folder_reads_each_file_it_lists_whatever_its_name(tmp_path: Path) -> None:
    """fsspec lists a file:// folder's files by their names as they are: read with the
    URL's escapes decoded, ``p%41.pdf`` (a declined return) was read from ``pA.pdf`` (a
    valid one), and ``h#1.pdf`` was not found (review of session 64)."""
    folder = tmp_path / "returns"
    make_folder(folder, 2)  # r000 valid, r001 declined
    declined = (folder / "r001.pdf").read_bytes()
    for name in ("p%41.pdf", "h#1.pdf", "q?x.pdf", "sp ace.pdf", "caf%E9.pdf"):
        (folder / name).write_bytes(declined)
    (folder / "pA.pdf").write_bytes((folder / "r000.pdf").read_bytes())
    by_path = audit(folder, workers=1)
    by_url = audit(folder.as_uri(), workers=1)
    status = {Path(r.record.file).name: r.record.status.value for r in by_path.returns}
    assert {Path(r.record.file).name: r.record.status.value for r in by_url.returns} == status
    assert status["p%41.pdf"] == status["h#1.pdf"] == "declined" and status["pA.pdf"] == "valid"


def test_a_file_url_folder_named_with_a_percent_keeps_the_outputs_out(tmp_path: Path) -> None:
    folder = tmp_path / "pct%41dir"
    make_folder(folder, 2)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    done = run("audit", "file://" + str(folder), "--jsonl", str(folder / "r000.pdf"), "--force")
    assert done.returncode == 2 and "inside the audited folder" in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_sweep_removes_only_the_caches_own_leftovers(tmp_path: Path) -> None:
    from pubrelease.auditing.cache import sweep

    cache = tmp_path / "home"
    (cache / "tmp").mkdir(parents=True)
    (cache / TEMPORARY).mkdir()
    notes, mine, theirs = (
        cache / "tmp" / "notes.txt",
        cache / TEMPORARY / ".x1.tmp",
        cache / TEMPORARY / "keep.txt",
    )
    for path in (notes, mine, theirs):
        path.write_text("x", encoding="utf-8")
        os.utime(path, (time.time() - ORPHANED - 60,) * 2)
    assert sweep(cache) == 1
    assert notes.exists() and theirs.exists() and not mine.exists()


def test_an_audit_of_no_return_makes_an_empty_stream_and_a_failed_one_none(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    stream = tmp_path / "out.jsonl"
    done = run("audit", str(empty), "--jsonl", str(stream))
    assert done.returncode == 0, done.stderr
    assert stream.read_bytes() == b""


def test_an_output_in_the_forms_folder_is_refused(tmp_path: Path) -> None:
    import shutil

    form = tmp_path / "myform"
    shutil.copytree(Path(load_form().definition.source).parent, form)
    folder = tmp_path / "returns"
    make_folder(folder, 2)
    toml = (form / "form.toml").read_bytes()
    done = run(
        "audit", str(folder), "--form", str(form), "--jsonl", str(form / "form.toml"), "--force"
    )
    assert done.returncode == 2 and "inside the form's folder" in done.stderr
    assert (form / "form.toml").read_bytes() == toml
