"""The record cache as an input: entries written by someone else are never obeyed.

An entry's digest guards against damage, not against a hand-made entry (anyone who can
write the cache can compute it); these entries are well sealed and still refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pubrelease import fill
from pubrelease.auditing.audit import audit
from pubrelease.auditing.cache import MAGIC, decode
from pubrelease.demo import SEED_RELEASES


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
