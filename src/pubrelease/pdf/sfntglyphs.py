"""A TrueType program's glyphs read from its tables one by one, as they are asked for.

fontTools reads a whole ``glyf`` table (a record per glyph) and ``hmtx`` table (a pair
per glyph) before any one glyph is had. A printer's subset of a value font keeps the
font's glyph ids, so Ghostscript's copy of DejaVu Sans has some 800 glyph records, tens
of them with an outline, and reading them all was most of the proof of its outlines
(:mod:`.outlineproof`: a millisecond of a print's reading).

:class:`Glyphs` and :class:`Metrics` stand in for fontTools' ``glyf`` and ``hmtx``
tables where :mod:`.glyphshapes` reads them: glyphs are named by their ids
(:func:`name_of`), each record is sliced out of ``glyf`` by ``loca`` when it is first
asked for and decompiled by fontTools' own :class:`~fontTools.ttLib.tables._g_l_y_f.Glyph`
(components, coordinates, instructions read as fontTools reads them). Tables are checked
as fontTools checks them before any glyph is read (a ``loca`` that runs backwards or past
``glyf``, a ``hmtx`` too short for ``maxp``'s count: refused), so a program is read no
more loosely than before.
"""

from __future__ import annotations

import struct
from typing import Any

__all__ = [
    "HINTING_TABLES",
    "Glyphs",
    "Identity",
    "Metrics",
    "Tables",
    "cmap_kinds",
    "name_of",
    "plain",
    "tables",
    "tags",
]

Identity = tuple[bytes, int, tuple[Any, ...]]
"""A glyph as a renderer draws it, whatever its id (:meth:`Glyphs.identity`)."""
Tables = dict[str, bytes]
"""A program's tables by tag (``"glyf"``, ``"cvt "``)."""
HINTING_TABLES = ("fpgm", "prep", "cvt ")
"""The tables a TrueType program's hinting runs (its functions, its control value
program, its control values)."""


def _records(program: bytes) -> list[tuple[bytes, int, int]]:
    """The table records a program's directory lists, as far as ``program`` holds them:
    each table's tag, offset and length."""
    count = min(int.from_bytes(program[4:6], "big"), max(0, len(program) - 12) // 16)
    out = []
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", program, 12 + 16 * index)
        out.append((tag, offset, length))
    return out


def plain(program: bytes) -> bool:
    """Whether a TrueType program's table directory is plain: a TrueType outline font
    (not a collection, not CFF), each table once and inside the file. fontTools keeps
    the last of two records of one table, FreeType the first: a font could show one
    ``glyf`` to us and another to viewers."""
    if len(program) < 12 or program[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return False
    if len(program) < 12 + 16 * int.from_bytes(program[4:6], "big"):
        return False
    found: set[bytes] = set()
    for tag, offset, length in _records(program):
        if tag in found or offset + length > len(program):
            return False
        found.add(tag)
    return True


def tables(program: bytes) -> Tables:
    """The tables of a plain TrueType program (:func:`plain`: each table once, inside
    the file)."""
    return {tag.decode("latin-1"): program[o : o + n] for tag, o, n in _records(program)}


def tags(program: bytes) -> set[str]:
    """The tags of the tables a program's directory lists (none for data that is no
    single font's program: a collection, a fragment)."""
    if len(program) < 12 or program[:4] == b"ttcf":
        return set()
    return {tag.decode("latin-1") for tag, _, _ in _records(program)}


def cmap_kinds(program: bytes) -> set[tuple[int, int]] | None:
    """The (platform, encoding) of every subtable the ``cmap`` tables a program's
    directory lists say they hold (of each, when it lists more than one; of what can be
    read of a table cut short): what fontTools can find there, and perhaps more. None
    for data that is not a plain TrueType or OpenType program (a collection, a WOFF
    file, which fontTools and FreeType unpack): not said here."""
    if len(program) < 12 or program[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        return None
    out: set[tuple[int, int]] = set()
    for tag, offset, _ in _records(program):
        if tag != b"cmap":
            continue
        subtables = int.from_bytes(program[offset + 2 : offset + 4], "big")
        for at in range(offset + 4, min(offset + 4 + 8 * subtables, len(program) - 3), 8):
            out.add(struct.unpack_from(">HH", program, at))
    return out


def name_of(gid: int) -> str:
    """The name a glyph is known by in :class:`Glyphs` (its id)."""
    return str(gid)


def _gid(name: str) -> int:
    return int(name)


class Glyphs:
    """A program's ``glyf`` table as :mod:`.glyphshapes` reads fontTools' (see the
    module): ``glyphs[name]`` its record not yet decompiled, ``self[name]`` decompiled."""

    extended = False  # (fontTools' flag: 24-bit glyph ids, never in a TrueType program)

    def __init__(self, found: Tables) -> None:
        head, maxp = found["head"], found["maxp"]
        if len(head) < 54 or len(maxp) < 6:
            raise ValueError("a 'head' or 'maxp' table too short")
        self.units_per_em = int.from_bytes(head[18:20], "big")
        self.count = int.from_bytes(maxp[4:6], "big")
        long_offsets = int.from_bytes(head[50:52], "big", signed=True)
        loca, self._data = found["loca"], found["glyf"]
        size = 4 if long_offsets else 2
        entries = len(loca) // size
        if entries < self.count + 1:
            raise ValueError("a 'loca' table shorter than 'maxp' counts glyphs")
        import numpy as np

        offsets = np.frombuffer(loca, dtype=">u4" if long_offsets else ">u2", count=entries)
        offsets = offsets.astype(np.int64) * (1 if long_offsets else 2)
        # (fontTools refuses a record that runs backwards or past the table: so here)
        if (np.diff(offsets) < 0).any():
            raise ValueError("a 'loca' table that runs backwards")
        self.loca: list[int] = offsets.tolist()
        if self.loca[-1] > len(self._data):
            raise ValueError("a 'loca' table that runs past 'glyf'")
        self.glyphs = _Records(self)
        self.metrics = Metrics(found, self.count)
        """The program's ``hmtx`` table, read as this one is."""
        self.hinting = {tag: found[tag] for tag in HINTING_TABLES if tag in found}
        """The program's hinting programs and control values (``fpgm``, ``prep``,
        ``cvt ``), by tag, as stored."""
        self.maxp = maxp

    def empty(self, gid: int) -> bool:
        """Whether glyph ``gid`` has no record at all (no outline, no instructions)."""
        return self.loca[gid] == self.loca[gid + 1]

    def record(self, gid: int) -> bytes:
        return self._data[self.loca[gid] : self.loca[gid + 1]]

    def identity(self, gid: int, depth: int = 0) -> Identity | None:
        """What glyph ``gid`` is, whatever its id in this program: its record and side
        bearing, and for a composite glyph the identities of its components in place of
        their ids (a printer's subsets of one font number an "é" and the "e" it is made
        of differently in each print). Equal identities, the same glyph as a renderer
        draws it. None for a record not read here (nested deeper than 8, cut short)."""
        record = self.record(gid)
        bearing = self.metrics[name_of(gid)][1]
        found = _components(record, self.count)
        if not found:
            return (record, bearing, ()) if found is not None else None
        if depth >= 8:
            return None
        plain, parts = bytearray(record), []
        for at, part in found:
            identity = self.identity(part, depth + 1)
            if identity is None:
                return None
            parts.append(identity)
            plain[at : at + 2] = bytes(2)
        return bytes(plain), bearing, tuple(parts)

    def parts(self, gid: int, depth: int = 0) -> set[int]:
        """The ids of the glyphs a composite glyph is made of, at every depth (to 8)."""
        found = _components(self.record(gid), self.count) if depth < 8 else None
        out = set()
        for _, part in found or ():
            out.add(part)
            out |= self.parts(part, depth + 1)
        return out

    def getGlyphName(self, gid: int) -> str:  # (fontTools' name: it calls this)
        if not 0 <= gid < self.count:
            raise ValueError(f"a component of glyph id {gid}, beyond the program's glyphs")
        return name_of(gid)

    def __getitem__(self, name: str) -> Any:
        glyph = self.glyphs[name]
        glyph.expand(self)
        return glyph


def _components(record: bytes, count: int) -> list[tuple[int, int]] | None:
    """Where a composite glyph's record names each component and its id (none for a
    simple glyph); None when it is cut short or names a glyph beyond ``count``."""
    if len(record) < 10 or int.from_bytes(record[:2], "big") < 0x8000:
        return []
    out, at, more = [], 10, True
    while more:
        if at + 4 > len(record):
            return None
        flags = int.from_bytes(record[at : at + 2], "big")
        part = int.from_bytes(record[at + 2 : at + 4], "big")
        if part >= count:
            return None
        out.append((at + 2, part))
        at += 4 + (4 if flags & _WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        more = bool(flags & _MORE)
    return out


_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080
"""A component's flags that say how long its record is (ARG_1_AND_2_ARE_WORDS,
WE_HAVE_A_SCALE, X_AND_Y_SCALE, TWO_BY_TWO) and that another follows (MORE_COMPONENTS)."""


class _Records(dict[str, Any]):
    """Glyph name -> fontTools' ``Glyph`` of its record, made when first asked for."""

    def __init__(self, glyphs: Glyphs) -> None:
        super().__init__()
        self._glyphs = glyphs

    def __missing__(self, name: str) -> Any:
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        gid = _gid(name)
        if not 0 <= gid < self._glyphs.count:
            raise KeyError(name)
        glyph = self[name] = Glyph(self._glyphs.record(gid))
        return glyph


class Metrics:
    """A program's ``hmtx`` table as :mod:`.glyphshapes` reads fontTools':
    ``self[name]`` is the glyph's (advance, left side bearing)."""

    def __init__(self, found: Tables, count: int) -> None:
        hhea, self._data = found["hhea"], found["hmtx"]
        if len(hhea) < 36:
            raise ValueError("a 'hhea' table too short")
        self._long = min(int.from_bytes(hhea[34:36], "big"), count)
        if not self._long or len(self._data) < 4 * self._long + 2 * (count - self._long):
            raise ValueError("a 'hmtx' table too short")
        self._count = count

    def __getitem__(self, name: str) -> tuple[int, int]:
        gid = _gid(name)
        if not 0 <= gid < self._count:
            raise KeyError(name)
        if gid < self._long:
            advance, bearing = struct.unpack_from(">Hh", self._data, 4 * gid)
            return advance, bearing
        advance = int.from_bytes(self._data[4 * self._long - 4 : 4 * self._long - 2], "big")
        start = 4 * self._long + 2 * (gid - self._long)
        return advance, int.from_bytes(self._data[start : start + 2], "big", signed=True)
