"""A ``cmap`` for a subset TrueType font: each character to the glyph that draws it.

A release's fonts are HarfBuzz subsets without a ``cmap`` (:mod:`.shaping`): a PDF
viewer reads glyph ids from the page and text from the ``ToUnicode`` map, never the
font's own table. A program that draws the pages into a new PDF does not copy the map:
MuPDF's ``mutool convert`` (its PDF output device, ``pdf_add_to_unicode``) writes a new
one from the font's ``cmap`` through FreeType, and with none it writes none, so the
copy's text reads as control characters. :func:`with_cmap` adds the table to a
subset: for each glyph that is the font's own glyph for one character, that character.
A glyph that stands for no character of its own (an Arabic letter's joined form, a
ligature, a conjunct) has no place in a ``cmap``, and such a copy loses its text.

The table is added to the file as it is: one more directory record, the table at the
end, the other tables' bytes untouched (so their checksums too), ``OS/2``'s first and
last character and ``head``'s ``checkSumAdjustment`` set anew.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import struct
from collections.abc import Iterator, Sequence

from .instanced import Assembled, sfnt_checksum

__all__ = ["adding_cmaps", "assembled_with_cmap", "cmap_table", "with_cmap", "without_cmaps"]

_ADDING: contextvars.ContextVar[bool] = contextvars.ContextVar("_ADDING", default=True)


@contextlib.contextmanager
def without_cmaps() -> Iterator[None]:
    """Inside it, a release's subsets are embedded as ``fill`` embedded them before they
    had a ``cmap`` (``parse`` recognises such a release by filling it again so)."""
    token = _ADDING.set(False)
    try:
        yield
    finally:
        _ADDING.reset(token)


def adding_cmaps() -> bool:
    """Whether a release's TrueType subsets get a ``cmap`` (not inside :func:`without_cmaps`)."""
    return _ADDING.get()


_PADDING = (b"", b"\x00", b"\x00\x00", b"\x00\x00\x00")


def _format4(pairs: Sequence[tuple[int, int]]) -> bytes:
    """A format 4 subtable of ``pairs`` (below U+FFFF): a segment a character (a
    release's few dozen characters rarely run on), then the closing segment; every
    ``idRangeOffset`` 0."""
    codes = [char for char, _ in pairs]
    codes.append(0xFFFF)
    count = len(codes)
    power = 1 << (count.bit_length() - 1)
    return struct.pack(
        f">7H{count}HH{count}H{count}H{2 * count}x",
        4, 16 + 8 * count, 0, 2 * count, 2 * power, power.bit_length() - 1,
        2 * (count - power), *codes, 0, *codes,
        *[(gid - char) & 0xFFFF for char, gid in pairs], 1,
    )  # fmt: skip


def _format12(pairs: Sequence[tuple[int, int]]) -> bytes:
    """A format 12 subtable of ``pairs``: a group a character."""
    count = len(pairs)
    return struct.pack(
        f">HHIII{3 * count}I", 12, 0, 16 + 12 * count, 0, count,
        *[v for char, gid in pairs for v in (char, char, gid)],
    )  # fmt: skip


def cmap_table(pairs: Sequence[tuple[int, int]]) -> bytes:
    """A ``cmap`` of ``pairs``, (character, glyph id) sorted by character, each character
    once and none U+FFFF: a Windows Unicode BMP subtable (format 4) of those below
    U+FFFF and, if any is above, a Windows Unicode full subtable (format 12) of all."""
    if not pairs or pairs[-1][0] < 0xFFFF:
        return _ONE_SUBTABLE + _format4(pairs)
    bmp = _format4([p for p in pairs if p[0] < 0xFFFF])
    return _TWO_SUBTABLES + struct.pack(">I", 20 + len(bmp)) + bmp + _format12(pairs)


_ONE_SUBTABLE = struct.pack(">HHHHI", 0, 1, 3, 1, 12)
"""The ``cmap`` header of one subtable: (3, 1), right after it."""
_TWO_SUBTABLES = struct.pack(">HHHHIHH", 0, 2, 3, 1, 20, 3, 10)
"""The ``cmap`` header of two subtables, (3, 1) after it and (3, 10) at an offset to add."""


def assembled_with_cmap(tables: Assembled, pairs: Sequence[tuple[int, int]]) -> bytes:
    """:func:`with_cmap` of the program of assembled ``tables`` (:mod:`.instanced`),
    written with the ``cmap`` at once: the same bytes, without the program to read."""
    chars = (min(pairs[0][0], 0xFFFF) << 16) | min(pairs[-1][0], 0xFFFF) if pairs else None
    return tables.program(cmap_table(pairs), chars)


def with_cmap(program: bytes, pairs: Sequence[tuple[int, int]]) -> bytes:
    """The TrueType file ``program`` (which has no ``cmap``) with a ``cmap`` of ``pairs``
    (:func:`cmap_table`), its ``OS/2`` first and last characters those of ``pairs``."""
    cmap = cmap_table(pairs)
    version, count = struct.unpack_from(">IH", program)
    fields = list(struct.unpack_from(f">{4 * count}I", program, 12))
    tags = fields[0::4]
    if _CMAP in tags:
        raise ValueError("the font already has a cmap")
    size = len(program) + (-len(program) % 4)
    fields[2::4] = [offset + 16 for offset in fields[2::4]]  # one more record before them
    at = 4 * bisect.bisect(tags, _CMAP)
    fields[at:at] = (_CMAP, sfnt_checksum(cmap), size + 16, len(cmap))
    tags.insert(at // 4, _CMAP)
    patches: list[tuple[int, bytes]] = []  # (offset in program, its four new bytes)
    if _OS2 in tags and pairs:
        os2 = 4 * tags.index(_OS2)
        if fields[os2 + 3] >= 68:
            offset = fields[os2 + 2] + 48  # usFirstCharIndex, usLastCharIndex: one word
            (old,) = struct.unpack_from(">I", program, offset)
            new = (min(pairs[0][0], 0xFFFF) << 16) | min(pairs[-1][0], 0xFFFF)
            fields[os2 + 1] = (fields[os2 + 1] - old + new) & 0xFFFFFFFF
            patches.append((offset, struct.pack(">I", new)))
    count += 1
    power = 1 << (count.bit_length() - 1)
    words = (
        version,
        (count << 16) | 16 * power,
        ((power.bit_length() - 1) << 16) | 16 * (count - power),
    )
    header = struct.pack(f">3I{4 * count}I", *words, *fields)
    # the file's sum: its directory's words and each table's (head's with the field 0)
    total = sum(words) + sum(fields) + sum(fields[1::4])
    head = fields[4 * tags.index(_HEAD) + 2] - 16  # its checkSumAdjustment is 8 bytes in
    patches.append((head + 8, struct.pack(">I", (0xB1B0AFBA - total) & 0xFFFFFFFF)))
    view = memoryview(program)  # slices of it are not copies
    parts: list[bytes | memoryview] = [header]
    done = 12 + 16 * (count - 1)
    for offset, data in sorted(patches):
        parts += (view[done:offset], data)
        done = offset + 4
    parts += (view[done:], _PADDING[-len(program) % 4], cmap, _PADDING[-len(cmap) % 4])
    return b"".join(parts)


_CMAP = int.from_bytes(b"cmap", "big")
_OS2 = int.from_bytes(b"OS/2", "big")
_HEAD = int.from_bytes(b"head", "big")
