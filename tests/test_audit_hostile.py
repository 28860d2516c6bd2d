"""An audit attacked: its record cache as an input (entries written by someone else are
never obeyed), its folder, its outputs, its readers killed.

An entry's digest guards against damage, not against a hand-made entry (anyone who can
write the cache can compute it); these entries are well sealed and still refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pubrelease import Consent, Record, fill
from pubrelease.auditing.audit import audit
from pubrelease.auditing.cache import MAGIC, Entry, decode, encode
from pubrelease.certsig import Certification, Revocation, Signature, SignerRole
from pubrelease.demo import SEED_RELEASES
from pubrelease.record import (
    AuditTrail,
    Finding,
    Severity,
    Source,
    Status,
    ValueEvidence,
    ValueSource,
)

from .helpers import interruptible


def _text(value: str | bytes) -> bytes:
    if isinstance(value, bytes):  # SHORT_BINBYTES
        return b"C" + bytes([len(value)]) + value
    data = value.encode()  # SHORT_BINUNICODE
    return b"\x8c" + bytes([len(data)]) + data


def _call(module: str, name: str, *args: str | bytes) -> bytes:
    """A protocol-4 pickle that calls ``module``'s ``name`` (a dotted path is followed
    by the standard unpickler) with ``args``: no class of ours, only names."""
    body = b"".join(_text(a) for a in args)
    return b"\x80\x04" + _text(module) + _text(name) + b"\x93(" + body + b"tR."


def _sealed(key: str, payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(key.encode() + b"\0" + payload).digest() + payload


def test_an_entry_cannot_reach_a_function_through_a_module_of_ours(tmp_path: Path) -> None:
    key = "k" * 64
    touched = tmp_path / "pwned"
    # os.system, reached as an attribute of a pubrelease module that imported os
    payload = _call("pubrelease.files", "os.system", f"touch {touched}")
    assert decode(key, _sealed(key, payload)) is None
    assert not touched.exists()


def test_an_entry_cannot_call_a_function_of_ours(tmp_path: Path) -> None:
    import pubrelease.files  # noqa: F401  (loaded, as in any audit)

    key = "k" * 64
    written = tmp_path / "written"
    entry = _call("pubrelease.files", "write_atomic", str(written), b"data")
    assert decode(key, _sealed(key, entry)) is None
    assert not written.exists()


def test_a_hand_sealed_entry_in_a_shared_cache_runs_nothing(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    first = audit(folder, workers=1, cache=cache)
    touched = tmp_path / "pwned"
    for entry in cache.rglob("*.rec"):  # named by its key: all a forger needs to seal it
        payload = _call("pubrelease.files", "os.system", f"touch {touched}")
        entry.write_bytes(_sealed(entry.stem, payload))
    again = audit(folder, workers=1, cache=cache)
    assert not touched.exists()
    assert again.cached == 0 and again.to_dict() == first.to_dict()


def test_the_entries_audits_write_are_read_back(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    (folder / "b.pdf").write_bytes(fill(SEED_RELEASES[1], flatten=True))
    first = audit(folder, workers=1, cache=cache, pictures=True)
    for entry in cache.rglob("*.rec"):
        assert decode(entry.stem, entry.read_bytes()) is not None
    again = audit(folder, workers=1, cache=cache, pictures=True)
    assert again.cached == 2 and again.to_dict() == first.to_dict()


def _forged(entry: Entry, **values: object) -> Entry:
    """``entry`` with values its record's constructor would not be given (set as an
    unpickler sets them: field by field, no check)."""
    record = dataclasses.replace(entry.record)
    for name, value in values.items():
        object.__setattr__(record, name, value)
    return Entry(record, entry.picture, entry.pictured)


@pytest.mark.parametrize(
    "values",
    [
        {"speaker_name": 42},
        {"findings": "not findings"},
        {"sign_date": "2020-09-23"},
        {"sign_date": dt.datetime(2020, 9, 23, 12, 0)},
        {"evidence": (1, 2)},
        {"observations": 5},
        {"consent": "accept"},
        {"extra": {"k": 3}},
        {"signed": 1},
    ],
    ids=str,
)
def test_an_entry_whose_values_are_of_the_wrong_kind_is_read_again(
    tmp_path: Path, values: dict[str, object]
) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    first = audit(folder, workers=1, cache=cache)
    for path in cache.rglob("*.rec"):
        entry = decode(path.stem, path.read_bytes())
        assert entry is not None
        path.write_bytes(encode(path.stem, _forged(entry, **values)))
    again = audit(folder, workers=1, cache=cache)  # not a crash of the whole audit
    assert again.cached == 0 and again.to_dict() == first.to_dict()


def test_an_entry_with_every_kind_of_value_a_record_holds_is_read_back() -> None:
    when = dt.datetime(2020, 9, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    signature = Signature(
        "sig", SignerRole.SPEAKER, "A", None, when, None, True, False, None, "untrusted",
        Revocation.NOT_CHECKED, Certification.FILL_FORMS, False, 1, 1000, ("page 2",),
    )  # fmt: skip
    trail = AuditTrail((3,), "Audit trail", ("a@b.c",), ("10.0.0.1",), ("2020-09-23",), "text")
    note = Finding("ocr-unsure", Severity.WARNING, "unsure", "speaker_name", ("A", "B"))
    record = Record(
        "a.pdf", "icml-2020", Source.OCR, speaker_name="A", effective_date=dt.date(2020, 9, 23),
        consent=Consent.ACCEPT, signed=True, status=Status.VALID, findings=(note,),
        extra={"x": None, "y": "z"}, observations=(note,), signatures=(signature,),
        audit_trail=trail, evidence=(ValueEvidence("speaker_name", ValueSource.OCR, 1, "A"),),
    )  # fmt: skip
    entry = Entry(record, b"\x89PNG", True)
    assert decode("k" * 64, encode("k" * 64, entry)) == entry


def _as_a_user() -> list[str] | None:
    """A command prefix whose permission checks are an ordinary user's (root reads
    everything): none needed when not root, ``unshare -U`` for root where it works."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "-U", "true"], capture_output=True, check=False)
    return [unshare, "-U"] if probe.returncode == 0 else None


def test_a_subfolder_that_cannot_be_listed_is_reported_not_skipped(tmp_path: Path) -> None:
    prefix = _as_a_user()
    if prefix is None:
        pytest.skip("no way to run as a user who cannot read a folder")
    folder = tmp_path / "returns"
    closed = folder / "closed"
    closed.mkdir(parents=True)
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    (closed / "b.pdf").write_bytes(fill(SEED_RELEASES[1]))
    closed.chmod(0)
    try:
        command = [sys.executable, "-m", "pubrelease", "audit", str(folder), "--jsonl", "-"]
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        closed.chmod(0o755)
    assert done.returncode == 1, done.stderr
    rows = {json.loads(line)["file"]: json.loads(line) for line in done.stdout.splitlines()}
    assert rows[str(closed)]["status"] == "unreadable"
    assert "cannot list this folder" in json.dumps(rows[str(closed)])


def test_a_huge_file_in_an_entrys_place_is_not_read(tmp_path: Path) -> None:
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    first = audit(folder, workers=1, cache=cache)
    for path in cache.rglob("*.rec"):
        os.truncate(path, 3 * 1024**3)  # sparse: larger than a reader's memory cap
    again = audit(folder, workers=1, cache=cache)  # the return is not "unreadable"
    assert again.cached == 0 and again.to_dict() == first.to_dict()
    assert all(p.stat().st_size < 1024**2 for p in cache.rglob("*.rec"))  # rewritten


def test_jsonl_with_force_replaces_a_hard_link_not_the_file_it_shares(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    data = fill(SEED_RELEASES[0])
    (folder / "a.pdf").write_bytes(data)
    roster = tmp_path / "roster.csv"
    roster.write_text("speaker_name,event_title,event_date\nA,B,2020-07-15\n", encoding="utf-8")
    kept = roster.read_bytes()
    for name, source in (("to-roster.jsonl", roster), ("to-return.jsonl", folder / "a.pdf")):
        os.link(source, tmp_path / name)
        command = [sys.executable, "-m", "pubrelease", "audit", str(folder), "--roster"]
        done = subprocess.run(
            [*command, str(roster), "--jsonl", str(tmp_path / name), "--force"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        assert json.loads((tmp_path / name).read_text(encoding="utf-8"))["file"].endswith("a.pdf")
    assert roster.read_bytes() == kept  # inputs are never modified
    assert (folder / "a.pdf").read_bytes() == data


def test_a_link_to_a_folder_is_not_followed_but_listed_as_ignored(tmp_path: Path) -> None:
    elsewhere, folder = tmp_path / "elsewhere", tmp_path / "returns"
    elsewhere.mkdir()
    folder.mkdir()
    (elsewhere / "b.pdf").write_bytes(fill(SEED_RELEASES[1]))
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    (folder / "linked").symlink_to(elsewhere)
    (folder / "loop").symlink_to(".")
    report = audit(folder, workers=1)
    assert [Path(r.record.file).name for r in report.returns] == ["a.pdf"]
    assert report.ignored == (str(folder / "linked"), str(folder / "loop"))


def test_a_newer_library_under_the_reader_is_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from pubrelease.auditing.cache import code_version

    now = code_version.__wrapped__()  # type: ignore[attr-defined]
    assert code_version.__wrapped__() == now  # type: ignore[attr-defined]
    real = importlib.metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "pypdfium2" else real(name)

    monkeypatch.setattr(importlib.metadata, "version", upgraded)
    assert code_version.__wrapped__() != now  # type: ignore[attr-defined]


def test_ctrl_c_is_its_own_exit_code_and_the_audit_resumes(tmp_path: Path) -> None:
    import signal
    import time

    from .test_audit_scale import make_folder

    folder, cache = tmp_path / "returns", tmp_path / "cache"
    # (enough files that the audit cannot end between the second entry and the Ctrl-C on
    # a loaded machine: with ten it did, in CI, and exited 1 with its summary)
    make_folder(folder, 60)
    command = [sys.executable, "-m", "pubrelease", "audit", str(folder), "--workers", "1"]
    process = subprocess.Popen(
        [*command, "--cache", str(cache), "--json", str(tmp_path / "a.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.rglob("*.rec"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # as Ctrl-C does
    _, stderr = process.communicate(timeout=60)
    # not 1, which says the audit ran and found problems
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["pubrelease: interrupted"]
    assert not (tmp_path / "a.json").exists()  # the reports are written at the end only
    resumed = audit(folder, workers=1, cache=cache)
    assert resumed.cached >= 2
    assert resumed.to_dict() == audit(folder, workers=1).to_dict()


def test_a_folder_given_as_a_file_url_keeps_the_cache_out_of_it(tmp_path: Path) -> None:
    from pubrelease.auditing.audit import AuditSetupError

    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(fill(SEED_RELEASES[0]))
    url = folder.as_uri()
    for inside in (folder / "cache", f"{url}/cache"):
        with pytest.raises(AuditSetupError, match="inside the audited folder"):
            audit(url, workers=1, cache=inside)
    with pytest.raises(AuditSetupError, match="not a URL"):  # a folder named 's3:' here
        audit(folder, workers=1, cache="s3://bucket/cache")
    assert sorted(p.name for p in folder.iterdir()) == ["a.pdf"]


_REAL_READ = sys.modules["pubrelease.reading.read"].read


def _slow_first(path: object, **kwargs: object) -> object:
    """Stands in for ``read`` in the (forked) readers: the first file takes its time."""
    import time

    if Path(str(getattr(path, "name", path))).name.startswith("a-slow"):
        time.sleep(20)
    return _REAL_READ(path, **kwargs)


@pytest.mark.skipif(sys.platform != "linux", reason="readers are forked")
def test_a_reader_killed_while_it_waits_for_a_path_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import signal
    import threading
    import time

    from .test_audit_scale import make_folder, signed

    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 8)
    # bytes of its own: a copy of another file could be found in the cache, not read
    (folder / "a-slow.pdf").write_bytes(fill(signed("Slow Speaker")))
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "read", _slow_first)

    def kill_the_readers() -> None:
        # the slow file holds up the results: the other reader reads a few paths ahead
        # (pool.AHEAD) and then waits for its next one; both are killed then
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(cache.rglob("*.rec"))) < 5:
            time.sleep(0.05)
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_the_readers)
    killer.start()
    report = audit(folder, workers=2, cache=cache)  # not BrokenPipeError
    killer.join()
    names = [Path(r.record.file).name for r in report.returns]
    assert names == ["a-slow.pdf", *(f"r{i:03d}.pdf" for i in range(8)), "zz-broken.pdf"]
    slow = report.returns[0].record
    assert slow.status.value == "unreadable" and "crashed" in slow.findings[0].message
    assert [r.record.status.value for r in report.returns][2:4] == ["declined", "valid"]


def test_jsonl_to_a_reader_that_goes_away_ends_quietly(tmp_path: Path) -> None:
    from .test_audit_scale import make_folder

    folder = tmp_path / "returns"
    make_folder(folder, 6)
    command = [sys.executable, "-m", "pubrelease", "audit", str(folder), "--workers", "1"]
    process = subprocess.Popen(
        [*command, "--jsonl", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # as `| head -1` does, then it is gone
    process.stdout.close()
    stderr = process.stderr.read()
    process.wait(timeout=120)
    assert json.loads(first)["file"].endswith("r000.pdf")
    # as a command killed by SIGPIPE, and no "Broken pipe" error (exit 2: bad input)
    assert process.returncode == 141 and stderr == ""
