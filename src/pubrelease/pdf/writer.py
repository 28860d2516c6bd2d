"""Writing PDF files and incremental updates from numbered object bodies.

A template is written once as a whole document; every filled release is that
template's bytes, untouched, followed by one incremental update (ISO 32000-1,
7.5.6) holding only the objects that filling changes or adds.

The update's cross-reference section is of the kind the file's last one is: a table
after a table, a stream (7.5.8) after a stream. PDFium, pypdf, qpdf and MuPDF read a
table whose ``/Prev`` is a stream, but pdftk ("failed to read page tree") and
Ghostscript (which repairs the file and loses the update) do not: a conference's form
saved with a cross-reference stream (pdf-lib's and Acrobat's way) was, once filled,
a file pdftk could not fill and Ghostscript could not print.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["TrailerInfo", "read_trailer", "write_document", "write_update"]

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@dataclass(frozen=True, slots=True)
class TrailerInfo:
    """What an incremental update needs from the file it extends."""

    startxref: int
    size: int
    root: int
    info: int | None
    file_id: str
    """The first element of ``/ID``, as hex digits."""
    xref_stream: bool = False
    """Whether the file's last cross-reference section is a stream."""


def _objects(objects: Mapping[int, bytes], start: int) -> tuple[list[bytes], dict[int, int]]:
    chunks: list[bytes] = []
    offsets: dict[int, int] = {}
    pos = start
    for number in sorted(objects):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
        offsets[number] = pos
        pos += len(chunk)
        chunks.append(chunk)
    return chunks, offsets


def _xref(offsets: dict[int, int], *, with_free_head: bool) -> bytes:
    numbers = sorted(offsets)
    lines = [b"xref\n"]
    if with_free_head:
        lines.append(b"0 1\n0000000000 65535 f \n")
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        lines.append(b"%d %d\n" % (numbers[i], j - i + 1))
        lines.extend(b"%010d 00000 n \n" % offsets[n] for n in numbers[i : j + 1])
        i = j + 1
    return b"".join(lines)


def _trailer(fields: str, xref_at: int) -> bytes:
    return f"trailer\n<< {fields} >>\nstartxref\n{xref_at}\n%%EOF\n".encode("latin-1")


def write_document(objects: Mapping[int, bytes], *, root: int, info: int, file_id: str) -> bytes:
    """A whole PDF file from object bodies numbered 1..n without gaps."""
    if sorted(objects) != list(range(1, len(objects) + 1)):
        raise ValueError("objects must be numbered 1..n")
    chunks, offsets = _objects(objects, len(HEADER))
    body = HEADER + b"".join(chunks)
    trailer = (
        f"/Size {len(objects) + 1} /Root {root} 0 R /Info {info} 0 R /ID [<{file_id}> <{file_id}>]"
    )
    return body + _xref(offsets, with_free_head=True) + _trailer(trailer, len(body))


def write_update(
    base: bytes, trailer: TrailerInfo, objects: Mapping[int, bytes], *, update_id: str
) -> bytes:
    """``base`` followed by an incremental update that replaces or adds ``objects``."""
    sep = b"" if base.endswith(b"\n") else b"\n"
    chunks, offsets = _objects(objects, len(base) + len(sep))
    xref_at = len(base) + len(sep) + sum(len(c) for c in chunks)
    size = max(trailer.size, max(objects, default=0) + 1)
    info = f" /Info {trailer.info} 0 R" if trailer.info is not None else ""
    if trailer.xref_stream:  # (the stream is an object of its own: the next number)
        offsets[size] = xref_at
        size += 1
    fields = (
        f"/Size {size} /Root {trailer.root} 0 R{info} /Prev {trailer.startxref} "
        f"/ID [<{trailer.file_id}> <{update_id}>]"
    )
    if trailer.xref_stream:
        section = _xref_stream(offsets, size - 1, fields)
        end = b"startxref\n%d\n%%%%EOF\n" % xref_at
        return b"".join([base, sep, *chunks, section, end])
    return b"".join(
        [base, sep, *chunks, _xref(offsets, with_free_head=False), _trailer(fields, xref_at)]
    )


def _xref_stream(offsets: dict[int, int], number: int, fields: str) -> bytes:
    """Cross-reference stream object ``number`` (7.5.8) for ``offsets`` (itself among
    them), its dictionary holding the trailer's ``fields``; not compressed."""
    numbers = sorted(offsets)
    index: list[int] = []
    for n in numbers:
        if index and index[-2] + index[-1] == n:
            index[-1] += 1
        else:
            index += [n, 1]
    rows = b"".join(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in numbers)
    head = (
        f"<< /Type /XRef /W [1 4 2] /Index [{' '.join(map(str, index))}] {fields} "
        f"/Length {len(rows)} >>"
    )
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (
        number,
        head.encode("latin-1"),
        rows,
    )


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)


def read_trailer(data: bytes) -> TrailerInfo:
    """The last trailer of a file this module wrote (a classic xref table)."""
    tail = data[-4096:]
    match = _STARTXREF.search(tail)
    trailers = list(_TRAILER.finditer(tail))
    if match is None or not trailers:
        raise ValueError("no classic trailer at the end of the file")
    text = trailers[-1].group(1).decode("latin-1")

    def ref(key: str) -> int | None:
        found = re.search(rf"/{key}\s+(\d+)\s+0\s+R", text)
        return int(found.group(1)) if found else None

    size = re.search(r"/Size\s+(\d+)", text)
    file_id = re.search(r"/ID\s*\[\s*<([0-9A-Fa-f]*)>", text)
    root = ref("Root")
    if size is None or root is None or file_id is None:
        raise ValueError("trailer lacks /Size, /Root or /ID")
    return TrailerInfo(int(match.group(1)), int(size.group(1)), root, ref("Info"), file_id.group(1))
