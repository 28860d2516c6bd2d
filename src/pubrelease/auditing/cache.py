"""A cache of records, so that re-auditing a folder reads only new or changed files.

Each entry is one file's record (and its signature-block picture, when one was
made), keyed by the SHA-256 of the file's bytes, the version of pubrelease (its
version number and a digest of its code, so that a changed reader never serves
a stale verdict) and the digest of the form definition. The key holds no path:
a return that is renamed, moved or copied is still found.

Entries are written by the workers as each file is done, each one atomically (a
temporary file renamed into place), so an interrupted audit resumes where it
stopped. An entry carries a digest of its own contents: one cut short by a crash
or damaged on disk does not match and is read again and rewritten. Entries are
decoded by an unpickler that only builds pubrelease's record types, so a cache
directory cannot make the audit run code.

Beside the records, the cache remembers the SHA-256 it found for a local file read
before: by its path, its device and inode, its size and its modification and change
times (:meth:`RecordCache.known`). A file whose state is unchanged is not read and
hashed again: a re-audit of an archive reads two small entries a file, not the file.
Only where such a state stands for the file's bytes (:mod:`.filestate`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import importlib.metadata
import io
import math
import os
import pickle
import re
import stat
import sys
import tempfile
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..files import open_regular
from ..reading.trust import TrustRoots
from ..record import Record
from ..slotstate import quick_state
from .filestate import vouches

__all__ = [
    "Entry",
    "RecordCache",
    "check_writable",
    "code_version",
    "reading_environment",
    "sweep",
]

MAGIC = b"pubrelease-record-cache 2\n"
KNOWN = b"pubrelease-file-state 1\n"
"""How an entry of :meth:`RecordCache.known` begins."""
_DIGEST = 32
MAX_ENTRY = 64 * 1024 * 1024
"""Bytes an entry may have: a record and a signature block's picture are far smaller. A
larger file at an entry's place is not read (it once took the reader's whole memory, and
the return it stood for was reported unreadable): its return is read and the entry
rewritten."""


@quick_state
@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """What the cache holds for one file."""

    record: Record
    """What the file shows, as ``read`` made it: no verdict yet."""
    picture: bytes | None
    """PNG of the signature block, or ``None`` when none was made."""
    pictured: bool
    """Whether a picture was asked for when the entry was made (``None`` may mean "no block")."""
    read_at: float = 0.0
    """When the reading began (seconds since the epoch)."""
    turns: tuple[float, ...] | None = ()
    """The instants at which the reading of its signatures may change (a certificate
    expires...: :mod:`pubrelease.reading.verdicttimes`), None when not known: it serves
    only while none lies between :attr:`read_at` and now (:meth:`serves_at`)."""

    def serves_at(self, now: float) -> bool:
        """Whether the reading stands at ``now`` (seconds since the epoch)."""
        if self.turns is None:
            return False
        early, late = sorted((self.read_at, now))
        return not any(early <= instant <= late for instant in self.turns)


@functools.cache
def code_version() -> str:
    """pubrelease's version, a digest of its code and bundled data (the date words and
    fonts a reading uses), and the versions of the libraries it runs on (a newer PDFium
    or OpenCV may read a file otherwise)."""
    try:
        number = importlib.metadata.version("pubrelease")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        number = "unknown"
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(number.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".j2", ".pdf", ".json", ".ttf") and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0")
            digest.update(path.read_bytes())
    for library in _libraries():
        digest.update(library.encode() + b"\0")
    return f"{number}+{digest.hexdigest()[:16]}"


def reading_environment() -> str:
    """A digest of what a reading depends on besides pubrelease's code and the libraries
    it requires (:func:`code_version`): whether Tesseract can run and the language packs it
    finds (a scan read with none is unreadable; a box OCR cannot read is left unchecked),
    and the font files values are drawn in (``PUBRELEASE_FONTS``, the packaged and the
    system's: the drawings a return is compared with are made in them), each by its path,
    size and modification time. A cache entry made in another setup is not served here
    (review of session 64: a scan cached while the packs were missing stayed unreadable
    after they were installed)."""
    import importlib.util

    from ..pdf.fonts import font_files
    from ..reading.ocr.packs import language_files

    digest = hashlib.sha256(b"tesserocr" if importlib.util.find_spec("tesserocr") else b"none")
    for path in (*language_files(), *font_files()):
        try:
            info = path.stat()
            state = f"{info.st_size} {info.st_mtime_ns}"
        except OSError:
            state = "missing"
        digest.update(os.fsencode(path) + b"\0" + state.encode() + b"\0")
    return digest.hexdigest()[:16]


def _libraries() -> list[str]:
    """``name==version`` of each library pubrelease requires to run (not its extras)."""
    try:
        wanted = importlib.metadata.requires("pubrelease") or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return []
    out = []
    for spec in wanted:
        if ";" in spec:  # an extra's (dask, dev): not the reading's
            continue
        name = re.split(r"[\s<>=!~\[(]", spec, maxsplit=1)[0]
        try:
            out.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name}==")
    return sorted(out)


_STANDARD = {
    "builtins": frozenset({"tuple", "list", "dict", "frozenset", "set"}),
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
}


class _Unpickler(pickle.Unpickler):
    """Builds only pubrelease's own record types and the standard ones records use.

    An entry's digest is no seal against a hand-made one (anyone who can write the cache
    can compute it), so what an entry may name is all that stands between a cache directory
    and the audit's processes: a plain name (no dotted path, which the unpickler would
    follow from a module to whatever it imported: ``os.system``), of a data class or enum
    defined in a pubrelease module already loaded (none is imported on an entry's word:
    ``pubrelease.__main__`` would run the command). No function, and no class whose
    constructor does more than hold values, can be named.
    """

    def find_class(self, module: str, name: str) -> type:
        if "." not in name and name in _STANDARD.get(module, ()):
            found: type = super().find_class(module, name)
            return found
        loaded = sys.modules.get(module) if module.startswith("pubrelease.") else None
        kind = getattr(loaded, name, None) if loaded is not None and "." not in name else None
        if (
            isinstance(kind, type)
            and kind.__module__ == module
            and (dataclasses.is_dataclass(kind) or issubclass(kind, enum.Enum))
        ):
            return kind
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a record cache")


def _sealed(key: str, payload: bytes) -> bytes:
    """The digest an entry carries: of its key and its contents, so that an entry copied
    over another file's is not taken for that file's."""
    return hashlib.sha256(key.encode() + b"\0" + payload).digest()


def encode(key: str, entry: Entry) -> bytes:
    payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + _sealed(key, payload) + payload


def decode(key: str, data: bytes) -> Entry | None:
    """The entry of ``key``, or ``None`` when ``data`` is not a whole, intact entry made
    for that key."""
    if not data.startswith(MAGIC):
        return None
    digest = data[len(MAGIC) : len(MAGIC) + _DIGEST]
    payload = data[len(MAGIC) + _DIGEST :]
    if _sealed(key, payload) != digest:
        return None
    try:
        entry = _Unpickler(io.BytesIO(payload)).load()
        whole = isinstance(entry, Entry) and _well_formed(entry, Entry)
    except Exception:  # damaged in a way the digest did not catch: recompute
        return None
    return entry if whole else None


@functools.cache
def _hints(kind: type) -> tuple[tuple[str, Any], ...]:
    return tuple((f.name, typing.get_type_hints(kind)[f.name]) for f in dataclasses.fields(kind))


def _well_formed(value: object, hint: Any) -> bool:
    """Whether ``value`` is what the annotation ``hint`` says, all the way down.

    A decoded entry's objects were built without their constructors (field by field,
    from what the entry says): one holding a number where a name goes, or text where a
    date goes, would make the audit fail on it later instead of reading the file again.
    """
    return _checker(hint)(value)


@functools.cache
def _checker(hint: Any) -> Callable[[object], bool]:
    """:func:`_well_formed` for one annotation, made once: a re-audit checks every entry it
    takes, and reading the annotations anew for each value cost more than the rest of
    taking an entry."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        either = tuple(_checker(arg) for arg in args)
        if len(either) == 2:  # (most: a value or None)
            first, second = either
            return lambda value: first(value) or second(value)
        return lambda value: any(check(value) for check in either)
    if hint is type(None):
        return lambda value: value is None
    if hint is typing.Any:
        return lambda value: True
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(map(each, value))
        items = tuple(_checker(arg) for arg in args)
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(items)
            and all(check(item) for check, item in zip(items, value, strict=True))
        )
    if origin in (list, frozenset, set):
        member = _checker(args[0])
        return lambda value: isinstance(value, origin) and all(map(member, value))
    if origin is dict:
        key, item = _checker(args[0]), _checker(args[1])
        return lambda value: (
            isinstance(value, dict) and all(key(k) and item(v) for k, v in value.items())
        )
    if not isinstance(hint, type):  # a form of annotation records do not use: not trusted
        return lambda value: False
    if hint is float:  # (a NaN made the JSON report invalid: no reading makes one)
        return lambda value: (
            isinstance(value, float | int) and not isinstance(value, bool) and math.isfinite(value)
        )
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    loose = hint in (str, bytes)  # (a subclass of text is text)
    member_of = issubclass(hint, enum.Enum)  # (a member of a subclass is no member)
    fields = _hints(hint) if dataclasses.is_dataclass(hint) else ()
    checks: list[tuple[str, Callable[[object], bool]]] = []

    def check(value: object) -> bool:
        # exactly the type: a date is no datetime
        if type(value) is not hint and not (loose and isinstance(value, hint)):
            return member_of and isinstance(value, hint)
        if len(checks) < len(fields):  # (made when first used: a record type may name itself)
            checks[:] = [(name, _checker(h)) for name, h in fields]
        return all(field(getattr(value, name, None)) for name, field in checks)

    return check


def check_writable(directory: str | os.PathLike[str]) -> None:
    """Create ``directory`` if missing and write a file in it, or raise :class:`OSError`."""
    Path(directory).mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(prefix=".probe-", suffix=".tmp", dir=directory)
    os.close(fd)
    os.unlink(probe)


class RecordCache:
    """Records of files already read, in ``directory`` (created when missing)."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        form_digest: str,
        trust: TrustRoots | None = None,
    ) -> None:
        self.directory = Path(directory)
        # the trust roots decide a signature's verdict in the record: part of the key
        roots = hashlib.sha256(b"\0".join(sorted(trust.certificates if trust else ())))
        self._salt = (
            f"{code_version()}\0{reading_environment()}\0{form_digest}\0{roots.hexdigest()}"
        ).encode()
        # the audit checked it can write here (check_writable); if that changed since, the
        # files are read and not cached: a worker that could not start read none of them
        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)

    def key(self, data: bytes) -> str:
        """The entry's name for a file with these bytes."""
        return self.key_of(hashlib.sha256(data).digest())

    def key_of(self, content: bytes) -> str:
        """The entry's name for a file whose bytes have the SHA-256 ``content``."""
        return hashlib.sha256(content + b"\0" + self._salt).hexdigest()

    def _path(self, key: str, suffix: str = ".rec") -> Path:
        return self.directory / key[:2] / f"{key}{suffix}"

    @staticmethod
    def _state_key(path: str, info: os.stat_result) -> str:
        state = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        named = os.fsencode(os.path.abspath(path)) + b"\0" + repr(state).encode()
        return hashlib.sha256(b"file-state\0" + named).hexdigest()

    def known(self, path: str, info: os.stat_result) -> bytes | None:
        """The SHA-256 of the bytes of the local file ``path``, when :meth:`remember` was
        told them with the file in the state ``info`` (its :func:`os.fstat`); else None."""
        key = self._state_key(path, info)
        data = self._read(self._path(key, ".known"), len(KNOWN) + 2 * _DIGEST)
        if data is None or len(data) != len(KNOWN) + 2 * _DIGEST or not data.startswith(KNOWN):
            return None
        content = data[len(KNOWN) + _DIGEST :]
        return content if _sealed(key, content) == data[len(KNOWN) : -_DIGEST] else None

    def remember(self, path: str, info: os.stat_result, content: bytes, began: int) -> None:
        """Remember that the local file ``path``, in the state ``info`` (taken from the
        descriptor it was read through, before), had bytes of SHA-256 ``content``;
        ``began``: when the reading began (:func:`time.time_ns`). Not when that state does
        not stand for its bytes (:func:`.filestate.vouches`)."""
        if not vouches(info, began):
            return
        key = self._state_key(path, info)
        self._write(self._path(key, ".known"), KNOWN + _sealed(key, content) + content)

    def get(self, key: str) -> Entry | None:
        """The entry, or ``None`` when there is none or it is damaged (it will be rewritten)."""
        data = self._read(self._path(key), MAX_ENTRY)
        return None if data is None else decode(key, data)

    @staticmethod
    def _read(path: Path, most: int) -> bytes | None:
        """The bytes of the regular file ``path``, when it has at most ``most``."""
        try:  # a regular file only: a FIFO or a device put there would block or never end
            fd, info = open_regular(path)
        except OSError:
            return None
        try:
            if info.st_size > most:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(most + 1)
        except (OSError, MemoryError):  # (at the reader's memory cap: read the file instead)
            return None
        finally:
            os.close(fd)

    def put(self, key: str, entry: Entry) -> None:
        """Store ``entry`` atomically; a cache that cannot be written is not an audit failure."""
        self._write(self._path(key), encode(key, entry))

    def _write(self, target: Path, data: bytes) -> None:
        """``data`` written to a temporary file of :data:`TEMPORARY` and renamed to
        ``target``: a crash leaves it there, where :func:`sweep` finds it."""
        spare = self.directory / TEMPORARY
        if target.parent.is_symlink() or spare.is_symlink():  # a link may lead anywhere
            return
        try:
            target.parent.mkdir(exist_ok=True)
            spare.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=spare)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError:
            pass
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


TEMPORARY = ".pubrelease-writing"
"""The cache's folder of entries being written (each renamed into its place when whole),
named so that no folder of a user's is taken for it (``--cache ~`` has a ``tmp``)."""
ORPHANED = 3600.0
"""Seconds after which a file left in :data:`TEMPORARY` is taken for one a crash left
(an audit writing an entry now renames it within a second)."""


def sweep(directory: str | os.PathLike[str], now: float | None = None) -> int:
    """Remove the files of ``directory``'s :data:`TEMPORARY` folder older than
    :data:`ORPHANED` (a reader killed while it wrote an entry left them), at an audit's
    start; how many were removed. Only files named as :meth:`RecordCache._write` names
    them (``.*.tmp``): nothing else there is the cache's to remove."""
    spare = Path(directory) / TEMPORARY
    if spare.is_symlink():
        return 0
    now = time.time() if now is None else now
    removed = 0
    try:
        names = os.listdir(spare)
    except OSError:
        return 0
    for name in names:
        path = spare / name
        with contextlib.suppress(OSError):
            info = path.lstat()
            ours = name.startswith(".") and name.endswith(".tmp")
            if ours and stat.S_ISREG(info.st_mode) and now - info.st_mtime > ORPHANED:
                path.unlink()
                removed += 1
    return removed
