"""A font of only the glyphs one subset keeps, read from the file glyph by glyph.

A subset of a TrueType font is made by HarfBuzz from a face of the tables it reads
(:mod:`.shaping`). For a font of a few hundred kilobytes those tables are read once
per process. A CJK font's outlines are 10-17 MB (``glyf`` and ``gvar``): reading them
cost 10-18 ms of page faults per font at its first subset, and kept 37 MB resident for
the three CJK fonts of a mixed roster. For such a font, :class:`SparseOutlines` reads
instead, for each subset, the few glyphs it keeps (their components too) with
``os.pread`` (a seek and a read on Windows) and makes a small font of them, renumbered
``0..k-1`` in their order: ``glyf``, ``loca``, ``hmtx``, ``gvar`` and ``HVAR`` of ``k``
glyphs, the other tables as they are. HarfBuzz subsets (and instances) that font
whole; since it keeps the glyphs in the same order, the subset is the same, byte for
byte, as one of the whole font, and glyph ``order[i]`` becomes glyph ``i``.

Nothing of the outlines stays in memory between subsets (the kernel's page cache
holds the file, as it holds the mapped file HarfBuzz shapes with).
"""

from __future__ import annotations

import os
import struct
from array import array
from pathlib import Path

__all__ = ["PER_GLYPH", "SparseOutlines", "table_records"]

PER_GLYPH = frozenset({"glyf", "loca", "hmtx", "gvar", "HVAR"})
"""Tables made anew for each subset; the others are read once."""

_PREAD = getattr(os, "pread", None)
"""``os.pread``, which Windows lacks."""

_ARGS_ARE_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80


def table_records(path: Path, index: int) -> dict[str, tuple[int, int]]:
    """Each table of font ``index`` of the file (a collection's too): offset and length."""
    with path.open("rb") as file:
        header = file.read(12)
        if header[:4] == b"ttcf":
            file.seek(12 + 4 * index)
            (offset,) = struct.unpack(">I", file.read(4))
            file.seek(offset)
            header = file.read(12)
        (count,) = struct.unpack(">H", header[4:6])
        records = file.read(16 * count)
    where: dict[str, tuple[int, int]] = {}
    for i in range(count):
        raw, _checksum, offset, length = struct.unpack_from(">4sIII", records, 16 * i)
        where[raw.decode("latin-1")] = (offset, length)
    return where


def _big_endian(data: bytes, long: bool) -> array[int]:
    """``data`` as unsigned 32-bit (``long``) or 16-bit big-endian numbers, widened to
    32 bits (a short ``loca`` or ``gvar`` offset counts words: doubled)."""
    values = array("I" if long else "H", data)
    if array("H", b"\x00\x01")[0] != 1:  # a little-endian machine
        values.byteswap()
    return values if long else array("I", [2 * v for v in values])


def _components(data: bytes) -> list[tuple[int, int]]:
    """Where each component glyph id of a composite glyph is, and the id."""
    found: list[tuple[int, int]] = []
    pos = 10
    while pos + 4 <= len(data):
        flags, gid = struct.unpack_from(">HH", data, pos)
        found.append((pos + 2, gid))
        pos += 8 if flags & _ARGS_ARE_WORDS else 6
        if flags & _SCALE:
            pos += 2
        elif flags & _XY_SCALE:
            pos += 4
        elif flags & _TWO_BY_TWO:
            pos += 8
        if not flags & _MORE:
            break
    return found


def _index_map(data: bytes, offset: int) -> tuple[int, int, list[int]]:
    """A ``DeltaSetIndexMap`` at ``offset`` of ``data``: entry size, inner bits, entries."""
    form, entry_format = data[offset], data[offset + 1]
    if form == 0:
        (count,) = struct.unpack_from(">H", data, offset + 2)
        start = offset + 4
    else:
        (count,) = struct.unpack_from(">I", data, offset + 2)
        start = offset + 6
    size = ((entry_format >> 4) & 3) + 1
    entries = [
        int.from_bytes(data[start + size * i : start + size * (i + 1)], "big") for i in range(count)
    ]
    return size, (entry_format & 0xF) + 1, entries


class SparseOutlines:
    """Tables of one TrueType font (of a file or a collection), read per subset glyph by
    glyph; made once per font (a few hundred kilobytes: ``loca``, ``gvar``'s offsets,
    ``hmtx``, ``HVAR`` and the small tables)."""

    def __init__(
        self,
        path: Path,
        index: int,
        tables: dict[str, bytes],
        where: dict[str, tuple[int, int]],
    ) -> None:
        """``tables``: the tables a subset reads but :data:`PER_GLYPH`, as read;
        ``where``: every table's offset and length (:func:`table_records`)."""
        self._file = path.open("rb", buffering=0)
        self._fd = self._file.fileno()
        read = self._read
        head = tables["head"]
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.tables = dict(tables)
        self.tables["head"] = head[:50] + b"\x00\x01" + head[52:]  # loca is written long
        self._loca = _big_endian(read(*where["loca"]), long_loca)
        self._glyf = where["glyf"][0]
        self._metrics = struct.unpack_from(">H", tables["hhea"], 34)[0]
        self._hmtx = read(*where["hmtx"])
        self._hvar = read(*where["HVAR"]) if "HVAR" in where else None
        self._maps: list[tuple[int, int, list[int]] | None] = []
        """``HVAR``'s advance, left and right side bearing maps, read once."""
        if self._hvar is not None:
            maps = struct.unpack_from(">III", self._hvar, 8)
            self._maps = [_index_map(self._hvar, at) if at else None for at in maps]
        self._gvar: tuple[bytes, int, array[int], bytes] | None = None
        """``gvar``'s first 8 bytes, where its glyph data starts, each glyph's offset, and
        the shared tuples."""
        if "gvar" in where:
            at, _ = where["gvar"]
            header = read(at, 20)
            axes, shared, shared_at, glyphs, flags, data_at = struct.unpack_from(
                ">HHIHHI", header, 4
            )
            size = 4 if flags & 1 else 2
            offsets = _big_endian(read(at + 20, size * (glyphs + 1)), bool(flags & 1))
            shared_tuples = read(at + shared_at, 2 * axes * shared)
            self._gvar = (header[:8], at + data_at, offsets, shared_tuples)

    def _read(self, offset: int, length: int) -> bytes:
        """``length`` bytes at ``offset`` of the file (one ``pread``; where there is none,
        Windows, a seek and a read: callers hold the font's subset lock)."""
        if length <= 0:
            return b""
        if _PREAD is not None:
            data: bytes = _PREAD(self._fd, length, offset)
            return data
        self._file.seek(offset)
        return self._file.read(length) or b""

    def close(self) -> None:
        self._file.close()

    def glyphs(self, gids: set[int]) -> dict[int, bytes]:
        """The ``glyf`` data of ``gids`` and of their components, by glyph id."""
        loca, glyf = self._loca, self._glyf
        last = len(loca) - 1
        found: dict[int, bytes] = {}
        todo = list(gids)
        while todo:
            gid = todo.pop()
            if gid in found or not 0 <= gid < last:
                continue
            data = found[gid] = self._read(glyf + loca[gid], loca[gid + 1] - loca[gid])
            if len(data) >= 10 and data[0] & 0x80:  # numberOfContours < 0: composite
                todo.extend(component for _, component in _components(data))
        return found

    def font_tables(
        self, gids: set[int], *, advance_variations: bool = True
    ) -> tuple[dict[str, bytes], list[int]]:
        """The tables of a font of ``gids`` and their components, and the old glyph id of
        each of its glyphs (ascending: ``order[i]`` is glyph ``i``).

        ``advance_variations=False`` leaves ``HVAR`` out (copying its variation store was
        half of the time): a subset's glyphs and metrics come from ``gvar`` alone (its
        phantom points), only a shaper reads ``HVAR``."""
        glyphs = self.glyphs(gids)
        order = sorted(glyphs)
        new = {gid: i for i, gid in enumerate(order)}
        count = len(order)
        loca = array("I", [0])
        datas: list[bytes] = []
        end = 0
        for gid in order:
            data = glyphs[gid]
            if len(data) >= 10 and data[0] & 0x80:
                patched = bytearray(data)
                for at, component in _components(data):
                    struct.pack_into(">H", patched, at, new[component])
                data = bytes(patched)
            datas.append(data)
            end += len(data)
            loca.append(end)
        tables = dict(self.tables)
        tables["glyf"] = b"".join(datas)
        tables["loca"] = _to_big_endian(loca)
        tables["hmtx"] = self._metrics_of(order)
        hhea, maxp = tables["hhea"], tables["maxp"]
        tables["hhea"] = hhea[:34] + struct.pack(">H", count) + hhea[36:]
        tables["maxp"] = maxp[:4] + struct.pack(">H", count) + maxp[6:]
        if self._gvar is not None:
            tables["gvar"] = self._variations_of(order)
        if self._hvar is not None and advance_variations:
            tables["HVAR"] = self._advance_variations_of(order)
        return tables, order

    def _metrics_of(self, order: list[int]) -> bytes:
        """``hmtx`` of the glyphs of ``order``, each with its advance and left side bearing."""
        hmtx, metrics = self._hmtx, self._metrics
        out: list[bytes] = []
        for gid in order:
            if gid < metrics:
                out.append(hmtx[4 * gid : 4 * gid + 4])
            else:  # the last advance, and a bearing of its own
                bearing = 4 * metrics + 2 * (gid - metrics)
                out.append(hmtx[4 * metrics - 4 : 4 * metrics - 2] + hmtx[bearing : bearing + 2])
        return b"".join(out)

    def _variations_of(self, order: list[int]) -> bytes:
        """``gvar`` of the glyphs of ``order`` (long offsets), the shared tuples as they are."""
        assert self._gvar is not None
        start, data_at, offsets, shared = self._gvar
        ends = array("I", [0])
        parts: list[bytes] = []
        end = 0
        for gid in order:
            data = self._read(data_at + offsets[gid], offsets[gid + 1] - offsets[gid])
            parts.append(data)
            end += len(data)
            ends.append(end)
        count = len(order)
        shared_at = 20 + 4 * (count + 1)
        # version, axisCount and sharedTupleCount as they are; glyphCount, long offsets
        header = start + struct.pack(">IHHI", shared_at, count, 1, shared_at + len(shared))
        return header + _to_big_endian(ends) + shared + b"".join(parts)

    def _advance_variations_of(self, order: list[int]) -> bytes:
        """``HVAR`` with maps from the new glyph ids to the old ones' delta sets: the item
        variation store as it is, the maps appended (the old ones left unreferenced)."""
        assert self._hvar is not None
        hvar = self._hvar
        out = bytearray(hvar)
        offsets = [struct.unpack_from(">I", hvar, 4)[0]]
        for which, found in enumerate(self._maps):
            if found is not None:
                size, inner_bits, entries = found
                last = len(entries) - 1
                chosen = [entries[min(gid, last)] for gid in order]
            elif which == 0:  # advances without a map: delta set (0, glyph id)
                size, inner_bits, chosen = 2, 16, order
            else:
                offsets.append(0)
                continue
            offsets.append(len(out))
            out += struct.pack(">BBH", 0, ((size - 1) << 4) | (inner_bits - 1), len(chosen))
            out += b"".join(entry.to_bytes(size, "big") for entry in chosen)
        struct.pack_into(">IIII", out, 4, *offsets)
        return bytes(out)


def _to_big_endian(values: array[int]) -> bytes:
    if array("H", b"\x00\x01")[0] != 1:
        values = array("I", values)
        values.byteswap()
    return values.tobytes()
