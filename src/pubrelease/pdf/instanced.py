"""Subsets of a large variable TrueType font, assembled from glyphs instanced once.

A subset of a CJK font (:class:`.outlines.SparseOutlines`) was made by HarfBuzz for
every release: it instanced each glyph at the regular weight (``gvar`` deltas), then
wrote the font. Most of a release's glyphs were instanced before (a family name, the
words of a title), and the rest of the work depends only on which glyphs are kept. So
:class:`InstancedGlyphs` keeps, per font, what HarfBuzz made of each glyph it met (its
``glyf`` bytes, advance, left side bearing, bounds), and :meth:`InstancedGlyphs.assemble`
writes the font HarfBuzz writes for a set of them, byte for byte: the same tables in
the same order, each field HarfBuzz computes from the glyphs (``head``'s bounds and
flags, ``hhea``'s extremes, ``maxp``'s counts, ``OS/2``'s average width, ``hmtx``'s long
metrics, the short ``loca``) computed the same way, the rest as HarfBuzz wrote it.

A glyph's instance depends on that glyph alone, so a font made here depends only on
the glyphs it holds, never on which releases came before (a test compares it with
HarfBuzz's own subset of the same glyphs). Only fonts of simple glyphs, under 128 kB of
them, are assembled (the CJK fonts have no composite glyph); any other subset stays
HarfBuzz's.
"""

from __future__ import annotations

import math
import struct
from collections import OrderedDict
from collections.abc import Iterable
from itertools import accumulate, chain, repeat
from operator import and_, getitem, rshift
from typing import NamedTuple

__all__ = [
    "Assembled",
    "GlyphRecord",
    "InstancedGlyphs",
    "sfnt_checksum",
    "sfnt_file",
    "sfnt_tables",
]

KEPT_GLYPHS = 1024
"""Glyphs kept per font, the least recently used forgotten first: 1.4 kB each with their
numbers, so 1.5 MB at most per font and 6 MB for the four CJK fonts, whatever the batch
(the glyphs that recur, a family name's, a title's words, are a few hundred; a rare
ideograph of a given name is met once)."""


class GlyphRecord(NamedTuple):
    """One glyph as HarfBuzz instanced it."""

    data: bytes
    """Its ``glyf`` bytes padded to an even length, as a short ``loca`` has them (empty
    for a glyph without contours)."""
    advance: int
    lsb: int
    sums: tuple[int, int]
    """The checksums of ``data`` at an offset of 0 and of 2 modulo 4 of ``glyf``."""
    drawn: tuple[int, int, int, int, int, int, int, int, int, bool] | None
    """``xMin, yMin, xMax, yMax``, the left and right side bearings, the extent, the
    points, the contours, and whether ``xMin`` is the left side bearing; ``None`` for
    an empty glyph."""


def sfnt_tables(program: bytes) -> dict[str, bytes]:
    """The tables of a TrueType file, by tag."""
    (count,) = struct.unpack_from(">H", program, 4)
    fields = struct.unpack_from(">" + "4sIII" * count, program, 12)  # one call, not one a table
    return {
        tag.decode("latin-1"): program[offset : offset + length]
        for tag, offset, length in zip(fields[0::4], fields[2::4], fields[3::4], strict=True)
    }


def sfnt_file(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of ``tables`` for HarfBuzz to read (checksums left zero: it does
    not check them); a face of it reads its tables in C, not through a callback."""
    count = len(tables)
    tags = sorted(tables)
    datas = [tables[tag] for tag in tags]
    sizes = [len(data) for data in datas]
    padded = [size + (-size % 4) for size in sizes]
    offsets = accumulate(padded, initial=12 + 16 * count)
    # the records (tag, checksum 0, offset, length) in one pack, each table padded after them
    records = zip([tag.encode("latin-1") for tag in tags], repeat(0), offsets, sizes, strict=False)
    header = struct.pack(">IHHHH" + "4sIII" * count, 0x00010000, count, 0, 0, 0,
                         *chain.from_iterable(records))  # fmt: skip
    return b"".join([header, *map(bytes.ljust, datas, padded, repeat(b"\0"))])


def sfnt_checksum(data: bytes) -> int:
    """The sfnt checksum of ``data`` (padded to four bytes)."""
    data += _PADDING[-len(data) % 4]
    return int(sum(struct.unpack(f">{len(data) // 4}I", data))) & 0xFFFFFFFF


def _round_float(value: float) -> int:
    """C's ``roundf`` of a double made a float (HarfBuzz's average width)."""
    single: float = struct.unpack("f", struct.pack("f", value))[0]
    return math.floor(single + 0.5) if single >= 0 else -math.floor(-single + 0.5)


_TABLES = frozenset({"OS/2", "glyf", "head", "hhea", "hmtx", "loca", "maxp"})
"""The tables of HarfBuzz's subset of a sparse font (the only ones written here)."""

SHORT_LOCA = 0x1FFFF
"""HarfBuzz writes a short ``loca`` when the padded glyphs are shorter than this; only
such fonts are assembled here (a release's glyphs are some tens of kilobytes)."""


class InstancedGlyphs:
    """The glyphs of one font that HarfBuzz has instanced, and fonts made of them."""

    def __init__(self, limit: int = KEPT_GLYPHS) -> None:
        self._limit = limit
        self._glyphs: OrderedDict[int, GlyphRecord] = OrderedDict()
        self._template: _Template | None = None

    def known(self, gids: Iterable[int]) -> tuple[dict[int, GlyphRecord], list[int]]:
        """The records of ``gids`` met before, and the glyph ids never met (or forgotten)."""
        glyphs = self._glyphs
        found: dict[int, GlyphRecord] = {}
        missing: list[int] = []
        for gid in gids:
            record = glyphs.get(gid)
            if record is None:
                missing.append(gid)
            else:
                glyphs.move_to_end(gid)
                found[gid] = record
        return found, missing

    def learn(self, program: bytes, order: list[int]) -> dict[int, GlyphRecord] | None:
        """Keep the glyphs of a HarfBuzz subset (glyph ``i`` of it is glyph ``order[i]``)
        and return them; ``None`` (nothing kept) if the subset is not one this class
        writes again: a composite glyph, a long ``loca``, another set of tables."""
        tables = sfnt_tables(program)
        if set(tables) != _TABLES:
            return None
        head, hhea, glyf, hmtx = tables["head"], tables["hhea"], tables["glyf"], tables["hmtx"]
        count = len(order)
        if struct.unpack_from(">h", head, 50)[0] != 0:
            return None
        if struct.unpack_from(">H", tables["maxp"], 4)[0] != count:
            return None
        loca = struct.unpack(f">{count + 1}H", tables["loca"])
        (long_metrics,) = struct.unpack_from(">H", hhea, 34)
        # every glyph's advance and bearing in one unpack: the long metrics, then the
        # bearings of the glyphs that take the last advance
        metrics = struct.unpack_from(f">{'Hh' * long_metrics}{count - long_metrics}h", hmtx)
        advances = [*metrics[0 : 2 * long_metrics : 2], *repeat(metrics[2 * long_metrics - 2],
                    count - long_metrics)]  # fmt: skip
        lsbs = metrics[1 : 2 * long_metrics : 2] + metrics[2 * long_metrics :]
        learned: dict[int, GlyphRecord] = {}
        unpack, make = struct.unpack_from, tuple.__new__
        for i, gid in enumerate(order):
            advance, lsb = advances[i], lsbs[i]
            data = glyf[2 * loca[i] : 2 * loca[i + 1]]
            if not data:
                learned[gid] = make(GlyphRecord, (b"", advance, lsb, (0, 0), None))
                continue
            contours, left, bottom, right, top = unpack(">hhhhh", data)
            if contours < 0:
                return None
            (points,) = unpack(">H", data, 8 + 2 * contours)
            width = right - left
            drawn = (
                left, bottom, right, top, lsb, advance - lsb - width, lsb + width,
                points + 1, contours, lsb == left,
            )  # fmt: skip
            # the checksums of the data at an offset of 0 and of 2 modulo 4: the sums of its
            # even and odd 16-bit words (the high halves of one are the low halves of the
            # other), each of its bytes' sums (no number made for every word)
            high = (sum(data[0::4]) << 8) + sum(data[1::4])
            low = (sum(data[2::4]) << 8) + sum(data[3::4])
            sums = (((high << 16) + low) & 0xFFFFFFFF, ((low << 16) + high) & 0xFFFFFFFF)
            learned[gid] = make(GlyphRecord, (data, advance, lsb, sums, drawn))
        if self._template is None:
            self._template = _Template.of(tables)
        glyphs = self._glyphs
        for gid, record in learned.items():
            glyphs[gid] = record
            glyphs.move_to_end(gid)
        while len(glyphs) > self._limit:
            glyphs.popitem(last=False)
        return learned

    def assemble(self, records: list[GlyphRecord]) -> bytes | None:
        """The TrueType file HarfBuzz writes for these glyphs (glyph ``i`` is
        ``records[i]``), at the instance they were made at; ``None`` if it would need a
        long ``loca``."""
        tables = self.tables(records)
        return None if tables is None else tables.program()

    def tables(self, records: list[GlyphRecord]) -> Assembled | None:
        """The tables of :meth:`assemble`'s file, to write with or without a ``cmap``.

        Checksums are sums of big-endian 32-bit words, so each is the template's (its
        computed fields zeroed) plus what those fields add, and ``glyf``'s the sum of its
        glyphs' at their offsets: no table is read again to sum it."""
        template = self._template
        assert template is not None, "learn() a HarfBuzz subset first"
        count = len(records)
        # the records' fields, each as a tuple (one pass in C, not one per field)
        # (map() with C functions rather than comprehensions: a comprehension is a function
        # called, and a release's font has a few glyphs)
        datas, advances, lsbs, sums_of, drawns = zip(*records, strict=True)
        glyf = b"".join(datas)
        if len(glyf) >= SHORT_LOCA:  # every glyph's data is of even length
            return None
        offsets = list(accumulate(map(rshift, map(len, datas), repeat(1)), initial=0))
        glyf_sum = sum(map(getitem, sums_of, map(and_, offsets, repeat(1))))
        loca = struct.pack(f">{count + 1}H", *offsets)
        loca_sum = (sum(offsets[0::2]) << 16) + sum(offsets[1::2])

        bearings = list(map(and_, lsbs, repeat(0xFFFF)))
        last = advances[-1]
        if advances.count(last) == count:  # one advance for all (CJK): one long metric
            long_metrics = 1
        else:
            long_metrics = count
            while long_metrics > 1 and advances[long_metrics - 2] == last:
                long_metrics -= 1
        pairs = zip(advances[:long_metrics], lsbs[:long_metrics], strict=True)
        hmtx = struct.pack(f">{'Hh' * long_metrics}{count - long_metrics}h",
                           *chain.from_iterable(pairs), *lsbs[long_metrics:])  # fmt: skip
        short = bearings[long_metrics:]
        hmtx_sum = (
            (sum(advances[:long_metrics]) << 16)
            + sum(bearings[:long_metrics])
            + (sum(short[0::2]) << 16)
            + sum(short[1::2])
        )

        drawn = list(filter(None, drawns))  # a glyph's bounds, a tuple, or None
        if drawn:
            left, bottom, right, top, lsb, rsb, extent, points, contours, is_lsb = zip(
                *drawn, strict=True
            )
            box = (min(left), min(bottom), max(right), max(top))
            flags = template.flags | 2 if all(is_lsb) else template.flags & ~2
            bearing = (min(lsb), min(rsb), max(extent))
            most = (max(points), max(contours))
        else:  # HarfBuzz's starting values (a font of empty glyphs: never one with .notdef)
            box = (0x7FFF, 0x7FFF, -0x7FFF, -0x7FFF)
            flags, bearing, most = template.flags, template.bearing, (0, 0)
        widest = max(advances)
        widths = list(filter(None, advances))
        average = _round_float(sum(widths) / len(widths)) if widths else 0

        sums = template.sums
        b0, b1, b2, b3 = box
        l0, l1, l2 = bearing
        # the tables' data in the order the face builder writes them (by length, then tag)
        # and their checksums; head's is its template's, plus its computed fields
        placed = sorted(
            (
                (96, b"OS/2", template.os2(average), sums["OS/2"] + average),
                (len(glyf), b"glyf", glyf, glyf_sum),
                (_HEAD_SIZE, b"head", b"", sums["head"] + (flags << 16)
                 + ((b0 & 0xFFFF) << 16) + (b1 & 0xFFFF) + ((b2 & 0xFFFF) << 16) + (b3 & 0xFFFF)),
                (36, b"hhea", template.hhea(widest, bearing, long_metrics),
                 sums["hhea"] + widest + long_metrics + ((l0 & 0xFFFF) << 16) + (l1 & 0xFFFF)
                 + ((l2 & 0xFFFF) << 16)),
                (len(hmtx), b"hmtx", hmtx, hmtx_sum),
                (len(loca), b"loca", loca, loca_sum),
                (32, b"maxp", template.maxp(count, *most),
                 sums["maxp"] + (count << 16) + most[0] + (most[1] << 16)),
            )
        )  # fmt: skip
        return Assembled(placed, template, flags, box)


class Assembled(NamedTuple):
    """The tables of a subset as :meth:`InstancedGlyphs.tables` computed them: the file
    HarfBuzz writes of them, or that file with a ``cmap`` (:meth:`program`)."""

    placed: list[tuple[int, bytes, bytes, int]]
    """Each table's length, tag, data and checksum, in the order the face builder writes
    them (by length, then tag); ``head``'s data is empty: it holds the file's checksum."""
    template: _Template
    flags: int
    box: tuple[int, int, int, int]

    def program(self, cmap: bytes | None = None, chars: int | None = None) -> bytes:
        """The TrueType file of the tables; with ``cmap``, that table after the others and
        ``OS/2``'s first and last characters ``chars`` (one word; ``None``: as they are),
        what :func:`.charmap.with_cmap` makes of the file without it, byte for byte.

        Its ``head``'s ``checkSumAdjustment`` is the sum of the directory's words and of
        the tables' checksums (``head``'s with the field 0): no table is read to sum it."""
        placed = self.placed
        if cmap is None:
            directory, header, total = _DIRECTORY
        else:
            directory, header, total = _DIRECTORY_CMAP
            placed = [*placed, (len(cmap), b"cmap", cmap, sfnt_checksum(cmap))]
            if chars is not None:
                at = [entry[1] for entry in placed].index(b"OS/2")
                size, tag, data, checksum = placed[at]
                (old,) = _WORD.unpack_from(data, 64)
                data = data[:64] + _WORD.pack(chars) + data[68:]
                placed[at] = (size, tag, data, checksum - old + chars)
        sizes, tags, datas, sums = zip(*placed, strict=True)
        padded = [(size + 3) & ~3 for size in sizes]
        offsets = list(accumulate(padded, initial=12 + 16 * len(tags)))
        del offsets[-1]
        checksums = list(map(and_, sums, repeat(0xFFFFFFFF)))
        # the records (tag, checksum, offset, length), then the tables' own data
        total += _TAGS_SUM[len(tags)] + 2 * sum(checksums) + sum(offsets) + sum(sizes)
        head = self.template.head((0xB1B0AFBA - total) & 0xFFFFFFFF, self.flags, self.box)
        records = sorted(zip(tags, checksums, offsets, sizes, strict=True))
        body = [directory.pack(*header, *chain.from_iterable(records))]
        body += map(bytes.ljust, datas, padded, repeat(b"\0"))
        body[tags.index(b"head") + 1] = head + b"\0\0"  # 54 bytes: padded to 56
        return b"".join(body)


class _Template(NamedTuple):
    """``head``, ``hhea``, ``maxp`` and ``OS/2`` as HarfBuzz wrote them for one font, and
    their checksums with the fields :meth:`InstancedGlyphs.assemble` computes zeroed."""

    tables: dict[str, bytes]
    sums: dict[str, int]
    flags: int
    bearing: tuple[int, int, int]

    @classmethod
    def of(cls, tables: dict[str, bytes]) -> _Template:
        zeroed = {tag: bytearray(tables[tag]) for tag in ("head", "hhea", "maxp", "OS/2")}
        for tag, start, end in _COMPUTED:
            zeroed[tag][start:end] = bytes(end - start)
        sums = {tag: sfnt_checksum(bytes(data)) for tag, data in zeroed.items()}
        (flags,) = struct.unpack_from(">H", tables["head"], 16)
        bearing = struct.unpack_from(">hhh", tables["hhea"], 12)
        return cls({tag: bytes(data) for tag, data in zeroed.items()}, sums, flags, bearing)

    def head(self, adjustment: int, flags: int, box: tuple[int, int, int, int]) -> bytes:
        head = self.tables["head"]
        return b"".join((
            head[:8], struct.pack(">I", adjustment), head[12:16], struct.pack(">H", flags),
            head[18:36], struct.pack(">hhhh", *box), head[44:],
        ))  # fmt: skip

    def hhea(self, widest: int, bearing: tuple[int, int, int], long_metrics: int) -> bytes:
        hhea = self.tables["hhea"]
        return b"".join((
            hhea[:10], struct.pack(">Hhhh", widest, *bearing), hhea[18:34],
            struct.pack(">H", long_metrics), hhea[36:],
        ))  # fmt: skip

    def maxp(self, count: int, points: int, contours: int) -> bytes:
        maxp = self.tables["maxp"]  # the composite counts stay 0: no composite glyph here
        return maxp[:4] + struct.pack(">HHH", count, points, contours) + maxp[10:]

    def os2(self, average: int) -> bytes:
        os2 = self.tables["OS/2"]
        return os2[:2] + struct.pack(">H", average) + os2[4:]


_COMPUTED = (
    ("head", 8, 12),  # checkSumAdjustment
    ("head", 16, 18),  # flags
    ("head", 36, 44),  # xMin, yMin, xMax, yMax
    ("head", 50, 52),  # indexToLocFormat
    ("hhea", 10, 18),  # advanceWidthMax, minLeftSideBearing, minRightSideBearing, xMaxExtent
    ("hhea", 34, 36),  # numberOfHMetrics
    ("maxp", 4, 14),  # numGlyphs, maxPoints, maxContours, maxComposite{Points,Contours}
    ("maxp", 28, 32),  # maxComponentElements, maxComponentDepth
    ("OS/2", 2, 4),  # xAvgCharWidth
)
"""The fields of the template tables that :meth:`InstancedGlyphs.assemble` writes."""


_TAGS = (b"OS/2", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp")
"""The tables :meth:`InstancedGlyphs.assemble` writes, in the order of their records."""
_TAGS_CMAP = (b"OS/2", b"cmap", *_TAGS[1:])
"""Those and a ``cmap``, in the order of their records."""
_TAGS_SUM = {
    len(tags): sum(int.from_bytes(tag, "big") for tag in tags) for tags in (_TAGS, _TAGS_CMAP)
}
"""The sum of the tags of the directory's records, by their number."""
_DIRECTORY = (
    struct.Struct(">IHHHH" + "4sIII" * 7),
    (0x00010000, 7, 64, 2, 48),
    0x00010000 + (7 << 16) + 64 + (2 << 16) + 48,
)
"""The directory's format, its header (sfnt version, 7 tables, searchRange 64,
entrySelector 2, rangeShift 48) before the records, and the sum of its words."""
_DIRECTORY_CMAP = (
    struct.Struct(">IHHHH" + "4sIII" * 8),
    (0x00010000, 8, 128, 3, 0),
    0x00010000 + (8 << 16) + 128 + (3 << 16),
)
"""The same with a ``cmap``: 8 tables, searchRange 128, entrySelector 3, rangeShift 0."""
_WORD = struct.Struct(">I")


_PADDING = (b"", b"\x00", b"\x00\x00", b"\x00\x00\x00")
_HEAD_SIZE = 54
