"""Writing outputs safely: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .errors import OutputExistsError, OutputPathError

__all__ = [
    "check_output",
    "csv_cell",
    "csv_lines",
    "is_stream",
    "open_atomic",
    "open_regular",
    "publish",
    "read_regular",
    "rows_csv",
    "spreadsheet_safe",
    "write_atomic",
]

STDOUT = "-"


def check_output(
    path: str | os.PathLike[str], *, overwrite: bool = False, stream: bool = False
) -> None:
    """Fail now, before any work, if ``path`` cannot be written as an output.

    ``-`` (standard output) is always fine. Otherwise the folder must exist, the path
    must not be a folder or a symbolic link (an output never follows or replaces a
    link), and an existing file needs ``overwrite``. A named pipe or a device is no file
    to replace (``--force`` once put a file in place of ``/dev/null``): a ``stream``
    (written line by line, :func:`is_stream`) is written into it as it is; any other
    output is refused there.
    """
    if str(path) == STDOUT:
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_symlink():
        raise OutputPathError(
            "is a symbolic link; give the file it points to (outputs never follow or "
            "replace a link)",
            file=str(target),
        )
    if not folder.is_dir():
        raise OutputPathError("no such folder for the output", file=str(target))
    if target.is_dir():
        raise OutputPathError("is a folder; give a file name", file=str(target))
    if target.exists() and not target.is_file():
        if stream and is_stream(target):
            return
        raise OutputPathError(
            "is not a regular file (a named pipe, a device, a socket): this output is "
            "written whole to a file; give a file name, or '-' for standard output",
            file=str(target),
        )
    if target.exists() and not overwrite:
        raise OutputExistsError("exists; pass --force to replace it", file=str(target))
    if not os.access(folder, os.W_OK):
        raise OutputPathError("cannot write in this folder", file=str(target))


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a named pipe or a character device (``/dev/null``, a
    terminal): written into, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file ``path``, open for reading, and its state (the
    :func:`os.fstat` of that descriptor). A FIFO, device, socket or folder raises
    :class:`OSError` saying what it is, without blocking (the file is opened non-blocking
    and checked before anything is read); the caller closes the descriptor."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode)
                else "a folder" if stat.S_ISDIR(mode)
                else "not a regular file"
            )  # fmt: skip
            raise OSError(errno.EINVAL, f"not a regular file ({kind}); skipped")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, read once through one open descriptor
    (:func:`open_regular`: a FIFO, device, socket or folder raises :class:`OSError`)."""
    fd, _ = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    Without ``overwrite``, an existing ``path`` raises :class:`OutputExistsError`
    (checked at the moment of linking, so a file that appears meanwhile is safe too).
    """
    with open_atomic(path, overwrite=overwrite) as handle:
        handle.write(data)
    return Path(path)


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through, in pieces: it appears whole when the block ends.

    Same rules as :func:`write_atomic`; if the block raises, nothing appears.
    """
    target = Path(path)
    if target.is_symlink():
        raise OutputPathError(
            "is a symbolic link; outputs never follow or replace a link", file=str(target)
        )
    if not overwrite and target.exists():
        raise OutputExistsError(
            "exists; pass --force (overwrite=True) to replace it", file=str(target)
        )
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError as exc:
        raise OutputPathError("no such folder for the output", file=str(target)) from exc
    except (PermissionError, NotADirectoryError) as exc:
        raise OutputPathError(f"cannot write here: {exc.strerror}", file=str(target)) from exc
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        publish(Path(tmp), target, overwrite=overwrite)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(source: Path, target: Path, *, overwrite: bool) -> None:
    """Move the finished file ``source`` to ``target`` in one step."""
    if overwrite:
        os.replace(source, target)
        return
    try:
        os.link(source, target)
    except FileExistsError as exc:
        raise OutputExistsError(
            "exists; pass --force (overwrite=True) to replace it", file=str(target)
        ) from exc
    except OSError:  # no hard links here (some network and FAT file systems)
        if target.exists():
            raise OutputExistsError(
                "exists; pass --force (overwrite=True) to replace it", file=str(target)
            ) from None
        os.rename(source, target)
        return
    os.unlink(source)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading ``= + - @`` (or tab, CR) gets a ``'``.

    Numbers and booleans pass through; only text can turn into a formula.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: findings as ``severity code: message`` lines, signatures and
    an audit trail by their summary, extra values as ``key: value`` lines, text made inert."""
    if isinstance(value, list):
        value = "\n".join(
            f["summary"]
            if isinstance(f, dict) and "summary" in f
            else f"{f['severity']} {f['code']}: {f['message']}"
            if isinstance(f, dict)
            else str(f)
            for f in value
        )
    elif isinstance(value, dict) and "summary" in value:
        value = value["summary"]
    elif isinstance(value, dict):  # a form's extra values: one "key: value" line each
        value = "\n".join(f"{k}: {'' if v is None else v}" for k, v in value.items())
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    return spreadsheet_safe(value)


def rows_csv(rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> str:
    """CSV text with a header row, every cell passed through :func:`csv_cell`."""
    return "".join(csv_lines(rows, columns))


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> Iterator[str]:
    """:func:`rows_csv` a row at a time, for outputs written as they are made."""
    buffer = io.StringIO(newline="")
    wanted = list(columns)
    writer = csv.DictWriter(buffer, fieldnames=wanted, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items() if k in wanted})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
