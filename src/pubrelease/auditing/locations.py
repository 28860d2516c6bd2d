"""Where returns live: a local folder, or an ``fsspec`` URL (``s3://bucket/returns``…).

The audit lists a location once, lazily, and the engines' workers read each file
themselves from the path or URL they are given: the parent never holds the files'
bytes, and a cluster's workers read from storage they can reach. URLs need
``fsspec`` and the filesystem's own package (``s3fs``, ``gcsfs``…), imported only
when a URL is given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..display import file_name
from ..files import read_regular

__all__ = [
    "count_pdfs",
    "is_folder",
    "is_url",
    "is_within",
    "listing",
    "local_path",
    "modified",
    "read_bytes",
    "shown",
]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(location: str) -> bool:
    """True for ``scheme://…`` (``file://`` included), false for a plain path."""
    return bool(_URL.match(location))


def _filesystem(location: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise OSError(f"{location}: reading URLs needs fsspec (pip install fsspec)") from exc
    try:
        fs, path = fsspec.core.url_to_fs(location)
    except (ImportError, ValueError) as exc:  # s3:// without s3fs, an unknown protocol
        raise OSError(f"{location}: cannot read this URL: {exc}") from exc
    return fs, path


def is_folder(location: str) -> bool:
    """Whether the path or URL is a folder (a URL whose folder is missing, or that names a
    file, was audited as an empty folder: no returns, exit 0)."""
    if not is_url(location):
        return os.path.isdir(location)
    fs, path = _filesystem(location)
    try:
        return bool(fs.isdir(path))
    except (OSError, ValueError):
        return False


def _is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def listing(location: str) -> Iterator[tuple[str, bool]]:
    """``(path or URL, is_pdf)`` for every file under ``location``, recursively, in a stable order.

    Folders, local or behind a URL, are walked one directory at a time (only one directory's names
    are held at once), sorted by name within each; a local link to a folder is given (as no
    PDF) and not followed. A local folder that cannot be listed (no permission) is given as a
    file to read: its reading fails and names it, where skipping it would leave out, unsaid,
    every return it holds.
    """
    if not is_url(location):
        unlisted: list[OSError] = []
        for root, dirs, files in os.walk(location, onerror=unlisted.append):
            yield from _unlisted(unlisted)
            dirs.sort()
            files.sort()
            for name in files:
                yield os.path.join(root, name), _is_pdf(name)
            # links to folders are not followed (loops, other trees), but named: not PDFs
            # (listed as ignored), where leaving them out said nothing of their returns
            links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
            for name in links:
                yield os.path.join(root, name), False
        yield from _unlisted(unlisted)
        return
    fs, root = _filesystem(location)
    protocol = location.split("://", 1)[0]
    for directory, dirs, files in fs.walk(root):
        dirs.sort()  # walked top-down, in place: subfolders in name order
        for name in sorted(files):
            path = f"{directory.rstrip('/')}/{name}"
            if is_url(path):  # a filesystem that names files by their whole URL (http)
                url = path
            elif protocol == "file":
                url = f"file://{path}"
            else:
                url = f"{protocol}://{path.lstrip('/')}"
            yield url, _is_pdf(name)


def _unlisted(errors: list[OSError]) -> Iterator[tuple[str, bool]]:
    for error in errors:
        if error.filename is not None:
            yield os.fsdecode(error.filename), True
    errors.clear()


def count_pdfs(location: str) -> int:
    """How many PDFs :func:`listing` will give (a first, cheap walk for a progress bar)."""
    return sum(1 for _, pdf in listing(location) if pdf)


def read_bytes(location: str) -> bytes:
    """The whole file at a path or URL; a local FIFO, device or folder raises ``OSError``
    (one behind a ``file://`` URL too: it held a reader for four times its limit)."""
    local = local_path(location)
    if not is_url(local):
        return read_regular(local)
    fs, path = _filesystem(location)
    data: bytes = fs.cat_file(path)
    return data


def modified(location: str) -> float:
    """Modification time (seconds since the epoch), 0.0 when unknown."""
    try:
        if not is_url(location):
            return os.stat(location).st_mtime
        fs, path = _filesystem(location)
        info = fs.info(path)
    except (OSError, ValueError):
        return 0.0
    stamp = info.get("mtime", info.get("LastModified", info.get("created")))
    if stamp is None:
        return 0.0
    if hasattr(stamp, "timestamp"):
        return float(stamp.timestamp())
    try:
        return float(stamp)
    except (TypeError, ValueError):
        return 0.0


def shown(location: str) -> tuple[str, bool]:
    """A path or URL as it can be shown and written, and whether its bytes were not UTF-8
    (shown escaped, a URL's as a path's: a file:// folder's file named ``\xff.pdf`` stopped
    the audit, not encodable in a report)."""
    return file_name(location)


def local_path(location: str) -> str:
    """A ``file://`` URL as the local path it names, as ``fsspec`` (which lists the folder
    and names its files so) takes it: the rest of the URL as it is, no escape decoded
    (``file:///a%41`` is the folder named ``a%41``: read decoded, a file listed as
    ``p%41.pdf`` was read from ``pA.pdf``, review of session 64), a relative one against
    this process's folder; anything else as it is."""
    if not location.startswith("file://"):
        return location
    rest = location[len("file://") :]
    return rest if rest.startswith("/") else os.path.abspath(rest)


def is_within(inner: str, outer: str) -> bool:
    """True when the local path ``inner`` is ``outer`` or lies below it (links resolved)."""
    if is_url(inner) or is_url(outer):
        return inner.rstrip("/") == outer.rstrip("/") or inner.startswith(outer.rstrip("/") + "/")
    a, b = Path(inner).resolve(), Path(outer).resolve()
    return a == b or b in a.parents
