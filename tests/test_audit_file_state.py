"""A re-audit takes unchanged files by their state, and its readers take paths in batches.

The record cache remembers the SHA-256 of a local file it read, by the file's path and
state (device, inode, size, modification and change times): an unchanged file is not
read and hashed again. These tests check that what the state vouches for is only ever
the file's own bytes: a file rewritten in place with its size and modification time
put back, a file changed just before it was read, an entry of another file's copied
over, all are read again. And that a reader given a batch of cached paths that dies on
one of them loses no other.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from pubrelease import fill
from pubrelease.auditing import filestate, work
from pubrelease.auditing.audit import AuditReport, audit

from .test_audit_scale import make_folder, signed

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="readers are forked")


def _settled_at_once(monkeypatch: pytest.MonkeyPatch, folder: Path | None = None) -> None:
    """Files count as settled as soon as they are written, on a file system whose change
    times the kernel keeps (the readers are forked with it): the tests' files are seconds
    old, not the archive's days, and the tests' folder may be on tmpfs."""
    monkeypatch.setattr(filestate, "SETTLED_NS", 0)
    kind = filestate._filesystem(os.stat(folder or Path.cwd()).st_dev)
    monkeypatch.setattr(filestate, "KEPT_BY_KERNEL", filestate.KEPT_BY_KERNEL | {kind})


def _audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, workers: int = 1
) -> tuple[Path, Path, AuditReport]:
    """A folder of ``count`` returns (and a broken file) audited once with a cache, its
    files counted as settled: the folder, the cache and the report."""
    _settled_at_once(monkeypatch, tmp_path)
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, count)
    return folder, cache, audit(folder, workers=workers, cache=cache)


def _never_read(self: filestate.Opened) -> bytes:
    raise OSError("the file was read")


def test_a_re_audit_takes_unchanged_files_by_their_state_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache, first = _audited(tmp_path, monkeypatch, 6, workers=2)
    assert len(list(cache.rglob("*.known"))) == len(first.returns) == 7
    # (the readers are forked with it: a file read would be unreadable)
    monkeypatch.setattr(filestate.Opened, "read", _never_read)
    monkeypatch.setattr(work, "read_bytes", _never_read)
    again = audit(folder, workers=2, cache=cache)
    assert again.cached == 7
    assert again.to_dict() == first.to_dict()


def test_a_file_rewritten_with_its_size_and_time_put_back_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change time, which no program can set, tells it apart."""
    folder, cache, first = _audited(tmp_path, monkeypatch, 2)
    target = folder / "r000.pdf"
    assert first.returns[0].record.speaker_name == "Speaker 000"
    before = target.stat()
    other = fill(signed("Ann Other"))
    assert len(other) <= before.st_size
    # another return, padded after its end to the same size (PDF readers allow it)
    target.write_bytes(other + b"\n" * (before.st_size - len(other)))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = audit(folder, workers=1, cache=cache)
    assert again.returns[0].record.speaker_name == "Ann Other"
    assert again.cached == len(again.returns) - 1


def test_a_file_changed_just_before_it_was_read_is_not_remembered(tmp_path: Path) -> None:
    """A write in the same tick of the file system's clock, or through a shared memory
    mapping, may leave its state as it was: a file changed less than ``SETTLED_NS``
    before it is read gets no state entry (its record is cached all the same, by its
    bytes)."""
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 2)
    first = audit(folder, workers=1, cache=cache)
    assert not list(cache.rglob("*.known"))
    assert len(list(cache.rglob("*.rec"))) == len(first.returns)
    assert audit(folder, workers=1, cache=cache).cached == len(first.returns)


def test_a_state_entry_copied_over_another_files_is_not_taken_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache, first = _audited(tmp_path, monkeypatch, 3)
    known = sorted(cache.rglob("*.known"))
    assert len(known) == 4
    for path in known[1:]:  # every entry says what the first says: sealed by its own key
        path.write_bytes(known[0].read_bytes())
    (known[0].parent / "garbage").write_bytes(b"x")
    known[0].write_bytes(b"pubrelease-file-state 1\n" + b"\0" * 64)
    again = audit(folder, workers=2, cache=cache)
    assert again.to_dict() == first.to_dict()
    assert again.cached == 4


def _dies_on_the_new_file(path: object, **kwargs: object) -> object:
    """Stands in for ``read`` in the (forked) readers: the reader dies on one file."""
    if Path(str(getattr(path, "name", path))).name == "r020-new.pdf":
        os._exit(3)
    return _REAL_READ(path, **kwargs)


_REAL_READ = sys.modules["pubrelease.reading.read"].read


def test_a_reader_that_dies_in_a_batch_of_cached_paths_loses_none_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers taking records from the cache are given paths several at a time
    (``pool.BATCH``): the one that dies on a file is replaced, and the paths it held after
    that file are read by the new one, each once, in the folder's order."""
    folder, cache = tmp_path / "returns", tmp_path / "cache"
    make_folder(folder, 40)
    first = audit(folder, workers=2, cache=cache)
    (folder / "r020-new.pdf").write_bytes(fill(signed("Speaker New")))
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "read", _dies_on_the_new_file)
    again = audit(folder, workers=2, cache=cache)
    names = [Path(r.record.file).name for r in again.returns]
    assert names == sorted(names) and len(names) == len(set(names)) == 42
    died = again.returns[names.index("r020-new.pdf")].record
    assert died.status.value == "unreadable"
    assert "the reader stopped (exit code 3)" in died.findings[0].message
    assert again.cached == 41
    kept = [r.to_dict() for r in again.returns if Path(r.record.file).name != "r020-new.pdf"]
    assert kept == [r.to_dict() for r in first.returns]


def test_a_state_stands_for_bytes_only_where_the_kernel_keeps_change_times(
    tmp_path: Path,
) -> None:
    """tmpfs (writes through a shared mapping change no time), FUSE (rclone and sshfs
    report the modification time as the change time), SMB, FAT: never."""
    settled = 10**20  # (a reading long after any change)
    for kind in ("tmpfs", "fuse.rclone", "fuse.sshfs", "cifs", "vfat", None):
        assert kind not in filestate.KEPT_BY_KERNEL
    shm = Path("/dev/shm")
    if shm.is_dir() and filestate._filesystem(shm.stat().st_dev) == "tmpfs":
        probe = shm / f"pubrelease-probe-{os.getpid()}"
        probe.write_bytes(b"x")
        try:
            assert not filestate.vouches(probe.stat(), settled)
        finally:
            probe.unlink()
    here = (tmp_path / "x.pdf").resolve()
    here.write_bytes(b"x")
    kind = filestate._filesystem(here.stat().st_dev)
    assert filestate.vouches(here.stat(), settled) is (kind in filestate.KEPT_BY_KERNEL)
    assert not filestate.vouches(here.stat(), here.stat().st_ctime_ns + 10**9)  # too fresh


def _switched_while_read(self: filestate.Opened) -> bytes:
    """Stands in for ``Opened.read`` in the (forked) readers: the link is switched to
    the other return between the opening and the reading, and back after."""
    link = Path(os.environ["SWITCHED_LINK"])
    link.unlink()
    link.symlink_to(os.environ["SWITCHED_TO"])
    try:
        return _REAL_OPENED_READ(self)
    finally:
        link.unlink()
        link.symlink_to(os.environ["SWITCHED_FROM"])


_REAL_OPENED_READ = filestate.Opened.read


def test_a_link_switched_between_a_look_and_a_read_cannot_pair_two_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state and the bytes come from one descriptor: a link switched to another file
    after the file was opened neither changes the bytes read nor lends its state to them
    (it did, with the state taken by a look at the path before its opening)."""
    _settled_at_once(monkeypatch, tmp_path)
    folder, cache, store = tmp_path / "returns", tmp_path / "cache", tmp_path / "store"
    store.mkdir()
    (store / "a.pdf").write_bytes(fill(signed("Speaker Aye")))
    (store / "b.pdf").write_bytes(fill(signed("Speaker Bee")))
    folder.mkdir()
    link = folder / "x.pdf"
    link.symlink_to(store / "a.pdf")
    monkeypatch.setenv("SWITCHED_LINK", str(link))
    monkeypatch.setenv("SWITCHED_FROM", str(store / "a.pdf"))
    monkeypatch.setenv("SWITCHED_TO", str(store / "b.pdf"))
    monkeypatch.setattr(filestate.Opened, "read", _switched_while_read)
    first = audit(folder, workers=1, cache=cache)
    assert first.returns[0].record.speaker_name == "Speaker Aye"
    monkeypatch.setattr(filestate.Opened, "read", _REAL_OPENED_READ)
    again = audit(folder, workers=1, cache=cache)
    assert (again.cached, again.returns[0].record.speaker_name) == (1, "Speaker Aye")
    link.unlink()
    link.symlink_to(store / "b.pdf")
    assert audit(folder, workers=1, cache=cache).returns[0].record.speaker_name == "Speaker Bee"
