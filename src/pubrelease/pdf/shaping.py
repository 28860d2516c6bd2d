"""Font faces loaded once per process: HarfBuzz shaping and HarfBuzz subsetting.

A :class:`FontFace` holds a font file's blob, its HarfBuzz face and font, and
(after the first subset) a second face of only the tables a subset reads: the
outlines, metrics and variations, without ``cmap`` and the layout tables. A
subset of that face costs about a tenth of a millisecond even for a CJK font of
30,000 glyphs, with no per-font preparation (HarfBuzz's ``subset_preprocess``
took 20-75 ms per CJK font, and a subset of the whole face walks its ``cmap``
of 40,000 entries, 1-3 ms). Shaping gives glyph ids, advances and offsets in
font units; subsetting keeps the glyphs a release draws, pinned to the regular
instance of a variable font, and says what each old glyph id became.
"""

from __future__ import annotations

import functools
import struct
import threading
from collections import OrderedDict
from collections.abc import Collection, Set
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, attrgetter, itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import uharfbuzz as hb

from .instanced import Assembled, InstancedGlyphs, sfnt_file
from .outlines import PER_GLYPH, SparseOutlines, table_records

__all__ = ["FontFace", "Glyph", "Subset", "load_face"]

_DROP = (
    "GSUB",
    "GPOS",
    "GDEF",
    "BASE",
    "JSTF",
    "MATH",
    "STAT",
    "fvar",
    "gvar",
    "cvar",
    "avar",
    "HVAR",
    "VVAR",
    "MVAR",
    "vhea",
    "vmtx",
    "VORG",
    "DSIG",
    "meta",
    "kern",
    "morx",
    "mort",
    "feat",
    "trak",
    "ltag",
    "COLR",
    "CPAL",
    "SVG",
    "sbix",
    "CBDT",
    "CBLC",
    "EBDT",
    "EBLC",
    "EBSC",
    "cmap",
    "post",
    "name",
    "hdmx",
    "LTSH",
    "PCLT",
    "VDMX",
    "gasp",
)
"""Tables a PDF viewer never reads from an embedded font (it gets glyph ids, not text)."""


REGULAR_WEIGHT = 400.0

RECENT_SUBSETS = 8
"""Subsets kept per font (a speaker's name and signature recur; a CJK subset is a few
kilobytes, a Latin or Arabic one tens): memory stays flat."""

GLYPH_FACTS = 4096
"""Characters' glyphs, glyphs' advances and extents kept per font: a Latin font's all
fit, a CJK font's are forgotten and asked of HarfBuzz again (a call of a microsecond)
once this many have come, so a batch of names each with ideographs of its own keeps
its memory flat."""


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


_DROP_TAGS = frozenset(_tag(name) for name in _DROP)

_VARIATIONS = frozenset({"fvar", "avar", "gvar", "cvar", "HVAR", "VVAR", "MVAR"})
"""Tables a subset reads to pin a variable font's axes (and then drops)."""

_UNREAD = frozenset(_DROP) - _VARIATIONS
"""Tables the subset's source face leaves out. Without ``cmap`` the subset maps no
character (nor did it before: ``cmap`` is dropped), so its ``OS/2`` says so
(``usFirstCharIndex`` 0xFFFF, no Unicode ranges); its glyphs and metrics are the same.
A release's font gets a ``cmap`` of its own glyphs' characters afterwards
(:mod:`.charmap`)."""


SPARSE_OUTLINES = 4 * 1024 * 1024
"""A TrueType font whose ``glyf`` and ``gvar`` together are larger than this (a CJK
font's are 10-17 MB) is never read whole: each subset reads its own glyphs
(:class:`.outlines.SparseOutlines`)."""


def _sfnt_tables(
    path: Path,
    index: int,
    where: dict[str, tuple[int, int]] | None = None,
    *,
    skip: Set[str] = frozenset(),
) -> dict[str, bytes]:
    """The tables of font ``index`` of the file, but :data:`_UNREAD` and ``skip``, read from
    the file (not from the mapped blob, whose pages would then be resident twice)."""
    where = table_records(path, index) if where is None else where
    tables: dict[str, bytes] = {}
    with path.open("rb") as file:
        for tag, (offset, length) in where.items():
            if tag.rstrip() not in _UNREAD and tag not in skip:  # "SVG " is listed as "SVG"
                file.seek(offset)
                tables[tag] = file.read(length)
    return tables


def _tables_face(tables: dict[str, bytes]) -> Any:
    """A HarfBuzz face of ``tables``."""
    tags = list(tables)
    # HarfBuzz refers to each returned bytes object without a reference of its own:
    # the closures keep ``tables`` alive as long as the face
    face = hb.Face.create_for_tables(lambda _face, tag, _data: tables.get(tag), None)
    face.set_get_table_tags_func(lambda _face, _data: tags, None)
    return face


class _Source(NamedTuple):
    """What every subset of one font starts from, made at its first subset."""

    face: Any
    """A HarfBuzz face of the tables a subset reads (:func:`_sfnt_tables`), or ``None``
    when ``sparse`` makes one per subset."""
    sparse: SparseOutlines | None
    instanced: InstancedGlyphs | None
    """With ``sparse``, for a font used away from its default instance: the glyphs
    HarfBuzz has instanced, that later subsets reuse (:func:`_assembled`)."""
    input: Any
    """The subset input, made once (tables to drop, flags, axes pinned: 35-55 us a
    subset to build again); each subset sets its glyphs (under :attr:`FontFace._lock`)."""


def _make_source(path: Path, index: int, whole: Any, location: dict[str, float]) -> _Source:
    """``whole``: the font's HarfBuzz face (its axes are those of every face made here)."""
    where = table_records(path, index)
    outlines = sum(where.get(tag, (0, 0))[1] for tag in ("glyf", "gvar"))
    sparse: SparseOutlines | None = None
    face: Any = None
    if "glyf" in where and outlines > SPARSE_OUTLINES:
        tables = _sfnt_tables(path, index, where, skip=PER_GLYPH)
        tags = [*tables, *(tag for tag in PER_GLYPH if tag in where)]
        sparse = SparseOutlines(path, index, tables, where)
    else:
        tables = _sfnt_tables(path, index, where)
        tags = list(tables)
        face = _tables_face(tables)
    inp = hb.SubsetInput()
    inp.drop_table_tag_set.update(_tag(tag) for tag in tags if _tag(tag) in _DROP_TAGS)
    inp.flags = _FLAGS
    for axis in whole.axis_infos:
        value = location.get(axis.tag)
        if value is None:
            inp.pin_axis_to_default(whole, axis.tag)
        else:
            inp.pin_axis_location(whole, axis.tag, value)
    # HarfBuzz computes the bounds and metrics InstancedGlyphs writes only when it moves
    # the glyphs from the default instance (the CJK fonts' default is Thin)
    moved = any(location.get(axis.tag, axis.default_value) != axis.default_value
                for axis in whole.axis_infos)  # fmt: skip
    return _Source(face, sparse, InstancedGlyphs() if sparse and moved else None, inp)


_FLAGS = (
    hb.SubsetFlags.NO_HINTING
    | hb.SubsetFlags.NOTDEF_OUTLINE
    | hb.SubsetFlags.NO_LAYOUT_CLOSURE
    | hb.SubsetFlags.DESUBROUTINIZE
    | hb.SubsetFlags.CFF_IDENTITY_CHARSET
)


_IDS = attrgetter("codepoint", "cluster")
_POSITION = attrgetter("position")
_MOVES = itemgetter(2, 0, 1)
"""A glyph info's id and cluster; a glyph position's advance and offsets."""


class Glyph(NamedTuple):
    """One shaped glyph, in font units; ``cluster`` is the index of its first character."""

    gid: int
    cluster: int
    advance: int
    dx: int
    dy: int


class Subset:
    """A subset font program and where each glyph went."""

    __slots__ = ("_program", "cff", "cmapped", "filed", "new_gid", "tables")

    def __init__(
        self,
        program: bytes | None,
        cff: bool,
        new_gid: dict[int, int],
        tables: Assembled | None = None,
    ) -> None:
        self._program = program
        self.cff = cff
        self.new_gid = new_gid
        """Old glyph id to glyph id in the subset (the CID, as both are written Identity)."""
        self.tables = tables
        """For a subset assembled from glyphs instanced once (:func:`_assembled`), its
        tables: a release embeds them with a ``cmap`` (:func:`.charmap.assembled_with_cmap`),
        and the program without it is written only when asked for."""
        self.cmapped: tuple[list[tuple[int, int]], bytes] | None = None
        """The last (character, glyph) pairs the program was written with a ``cmap`` of
        (:attr:`.fonts.GlyphSubset.program`), and that program."""
        self.filed: tuple[bytes, bytes] | None = None
        """The last program embedded of the subset's tables, and its stream object."""

    @property
    def program(self) -> bytes:
        """A TrueType file, or a bare CFF font program when ``cff``."""
        program = self._program
        if program is None:
            assert self.tables is not None, "a subset has a program or its tables"
            program = self._program = self.tables.program()
        return program

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Subset):
            return NotImplemented
        return (self.program, self.cff, self.new_gid) == (other.program, other.cff, other.new_gid)

    def __repr__(self) -> str:
        return f"Subset({len(self.program)} bytes, cff={self.cff}, {len(self.new_gid)} glyphs)"


@dataclass(eq=False)
class FontFace:
    """One font of a file (or of a collection), ready to shape and subset."""

    path: Path
    index: int
    blob: Any
    face: Any
    font: Any
    upem: int
    cff: bool
    postscript_name: str
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    location: dict[str, float]
    """Where a variable font is used (and subset): its regular weight."""
    _source: _Source | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _advances: dict[int, int] = field(default_factory=dict)
    _nominals: dict[str, int | None] = field(default_factory=dict)
    _extents: dict[int, tuple[int, int]] = field(default_factory=dict)
    _subsets: OrderedDict[frozenset[int], Subset] = field(default_factory=OrderedDict)

    def covers(self, char: str) -> bool:
        """The font's ``cmap`` maps ``char`` (asked of HarfBuzz: a set of a CJK font's
        45,000 characters cost 3 ms to build at load, for a few dozen questions)."""
        return bool(self.font.get_nominal_glyph(ord(char)))

    def nominal(self, char: str) -> int | None:
        """The font's own glyph for ``char`` (its ``cmap``), if it has one."""
        cache = self._nominals
        if char in cache:
            return cache[char]
        gid = self.font.get_nominal_glyph(ord(char))
        if len(cache) >= GLYPH_FACTS:
            cache.clear()
        found = cache[char] = int(gid) if gid else None
        return found

    def advance(self, gid: int) -> int:
        """The glyph's own advance width (``hmtx``), in font units."""
        cache = self._advances
        found = cache.get(gid)
        if found is None:
            if len(cache) >= GLYPH_FACTS:
                cache.clear()
            found = cache[gid] = int(self.font.get_glyph_h_advance(gid))
        return found

    def advances(self, gids: Collection[int]) -> list[int]:
        """:meth:`advance` of each of ``gids``, in one call."""
        cache = self._advances
        try:
            return [cache[gid] for gid in gids]
        except KeyError:
            return [self.advance(gid) for gid in gids]

    def extent(self, gid: int) -> tuple[int, int]:
        """The glyph's ink from its origin, lowest and highest, in font units (0, 0 for
        a glyph that draws nothing)."""
        cache = self._extents
        found = cache.get(gid)
        if found is None:
            got = self.font.get_glyph_extents(gid)
            found = (0, 0) if got is None else (got.y_bearing + got.height, got.y_bearing)
            if len(cache) >= GLYPH_FACTS:
                cache.clear()
            cache[gid] = found
        return found

    def buffer(
        self,
        codepoints: list[int],
        start: int,
        end: int,
        *,
        rtl: bool,
        features: dict[str, bool] | None = None,
    ) -> Any:
        """The HarfBuzz buffer of ``codepoints[start:end]`` shaped in one direction (the
        rest is context): what :meth:`shape` reads, for callers that read it directly."""
        buf = hb.Buffer()
        buf.add_codepoints(codepoints, start, end - start)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(self.font, buf, features or {})
        return buf

    def text_buffer(self, text: str, *, features: dict[str, bool] | None = None) -> Any:
        """The HarfBuzz buffer of all of ``text`` shaped left to right: the buffer
        :meth:`buffer` gives for its code points, made without a list of them (HarfBuzz
        reads the string; half the time for a title of a hundred characters)."""
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "ltr"
        hb.shape(self.font, buf, features or {})
        return buf

    def shape(
        self,
        codepoints: list[int],
        start: int,
        end: int,
        *,
        rtl: bool,
        features: dict[str, bool] | None = None,
        infos: list[Any] | None = None,
    ) -> list[Glyph]:
        """Shape ``codepoints[start:end]`` (the rest is context) in one direction.

        Glyphs come in drawing order, left to right; clusters index ``codepoints``.
        ``infos``, if given, gets HarfBuzz's glyph infos, in the same order (their flags
        say where the text may be broken).
        """
        buf = self.buffer(codepoints, start, end, rtl=rtl, features=features)
        got = buf.glyph_infos
        if infos is not None:
            infos.extend(got)
        # tuple.__new__ makes the named tuple without the Python-level __new__ of
        # namedtuple (half the cost of this method), of (glyph id, cluster) and (advance,
        # dx, dy) of position (dx, dy, advance, y advance): all of it in C, no Python step
        # a glyph
        moves = map(_MOVES, map(_POSITION, buf.glyph_positions))
        return list(map(tuple.__new__, repeat(Glyph), map(add, map(_IDS, got), moves)))

    def subset(self, gids: set[int]) -> Subset:
        """A font program holding ``gids`` (and ``.notdef``), at the default instance.

        The last :data:`RECENT_SUBSETS` are kept by glyph set: a name that recurs (a
        speaker with several talks, a signature beside the name) is subset once.
        """
        key = frozenset(gids)
        cache = self._subsets
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
        found = cache[key] = self._subset(gids)
        if len(cache) > RECENT_SUBSETS:
            cache.popitem(last=False)
        return found

    def _subset(self, gids: set[int]) -> Subset:
        with self._lock:  # one subset input per font, its glyphs set for each subset
            source = self._source
            if source is None:
                source = _make_source(self.path, self.index, self.face, self.location)
                self._source = source
            if source.instanced is not None:
                found = _assembled(source, gids | {0})
                if found is not None:
                    return found
            inp = source.input
            glyphs = inp.glyph_set
            glyphs.clear()
            order: list[int] | None = None
            if source.sparse is not None:  # a font of these glyphs alone, kept whole
                tables, order = source.sparse.font_tables(gids | {0})
                face = _tables_face(tables)
                glyphs.add_range(0, len(order) - 1)
            else:
                face = source.face
                glyphs.update(gids)
                glyphs.add(0)
            plan = hb.SubsetPlan(face, inp)
        if order is None:
            mapping = dict(plan.old_to_new_glyph_mapping)
        else:  # glyph i of the sparse font is glyph order[i], and stays glyph i
            mapping = dict(zip(order, range(len(order)), strict=True))
        out = plan.execute()
        table = out.reference_table("CFF ") if self.cff else out.blob
        program = bytes(table.data)
        return Subset(program, self.cff, mapping)


def _sparse_program(source: _Source, tables: dict[str, bytes], count: int) -> bytes:
    """HarfBuzz's subset of a sparse font of ``count`` glyphs, all of them kept (a face
    of a file of the tables: a fifth faster to subset than one that asks for them)."""
    inp = source.input
    inp.glyph_set.clear()
    inp.glyph_set.add_range(0, count - 1)
    face = hb.Face(hb.Blob(sfnt_file(tables)))
    return bytes(hb.SubsetPlan(face, inp).execute().blob.data)


def _assembled(source: _Source, gids: set[int]) -> Subset | None:
    """The subset of a sparse font made of glyphs instanced once
    (:class:`.instanced.InstancedGlyphs`): HarfBuzz instances only the glyphs no
    subset has met before. ``None`` for a set with a composite glyph (HarfBuzz
    subsets those whole, as it always did). Called under the font's lock."""
    sparse, instanced = source.sparse, source.instanced
    assert sparse is not None and instanced is not None
    wanted = sorted(gids)
    records, missing = instanced.known(wanted)
    if missing:
        # the missing glyphs and .notdef (HarfBuzz fails a font of empty glyphs alone)
        asked = set(missing) | {0}
        tables, order = sparse.font_tables(asked, advance_variations=False)
        if order != sorted(asked):  # components joined (or a glyph id beyond the font)
            return None
        learned = instanced.learn(_sparse_program(source, tables, len(order)), order)
        if learned is None:
            return None
        records.update(learned)
    assembled = instanced.tables([records[gid] for gid in wanted])
    if assembled is None:  # too many glyphs for a short loca
        return None
    return Subset(None, False, {gid: i for i, gid in enumerate(wanted)}, assembled)


@functools.lru_cache(maxsize=64)
def load_face(path: Path, index: int = 0) -> FontFace:
    """The font ``index`` of the file at ``path``, read once per process.

    Raises ``ValueError`` for a file HarfBuzz cannot use as an outline font.
    """
    try:  # mapped, not read: a CJK font is 17 MB, of which a release touches a few pages
        blob = hb.Blob.from_file_path(str(path))
    except hb.HarfBuzzError as exc:
        raise OSError(f"{path}: cannot be read ({exc})") from exc
    face = hb.Face(blob, index)
    tags = set(face.table_tags)
    if "glyf" not in tags and "CFF " not in tags:
        raise ValueError(f"{path}: neither TrueType nor CFF outlines")
    font = hb.Font(face)
    location = {
        axis.tag: min(max(REGULAR_WEIGHT, axis.min_value), axis.max_value)
        for axis in face.axis_infos
        if axis.tag == "wght"
    }
    if location:
        font.set_variations(location)
    upem = face.upem
    scale = 1000.0 / upem
    head = face.reference_table("head").data
    x_min, y_min, x_max, y_max = struct.unpack(">hhhh", bytes(head[36:44]))
    extents = font.get_font_extents("ltr")
    cap = font.get_metric_position(hb.OTMetricsTag.CAP_HEIGHT) or extents.ascender
    name = face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME) or path.stem
    if location:  # the default instance's name may be another weight's ("-Thin")
        name = name.split("-")[0] + "-Regular"
    return FontFace(
        path=path,
        index=index,
        blob=blob,
        face=face,
        font=font,
        upem=upem,
        cff="glyf" not in tags,
        postscript_name="".join(c for c in name if c.isalnum() or c == "-"),
        bbox=(
            round(x_min * scale),
            round(y_min * scale),
            round(x_max * scale),
            round(y_max * scale),
        ),
        ascent=round(extents.ascender * scale),
        descent=round(extents.descender * scale),
        cap_height=round(cap * scale),
        location=location,
    )
