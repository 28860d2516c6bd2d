"""Embedded TrueType fonts that draw, for each code, a font we ship's own glyph of what it reads.

A return printed again to PDF (Ghostscript's ``pdfwrite``, poppler's ``pdftocairo``)
embeds new subsets of the fonts it drew: the DejaVu Sans ``fill`` draws values in comes
back as ``RRSFTT+DejaVuSans``, other bytes, other glyph ids. No rule of
:mod:`..reading.vouching` knows those bytes, so every value box of such a return was read
by OCR (about half of its parse).

The outlines can be proved instead. A font named like one we ship (the bundled DejaVu
Sans, the packaged Noto fonts: :func:`.fonts.bundled_font`, :func:`.fonts.packaged_fonts`)
draws what its text layer reads when, for every code that can draw a glyph with ink, the
``/ToUnicode`` map reads a text whose glyph in the font we ship has exactly that outline
(the same points, curves and contours after components are placed, at the same
``unitsPerEm``). Then the glyphs shown are that font's shapes of the characters read, as
with our own program (:attr:`.tounicode.FontCheck.reads_as_drawn`).

What could make the same outlines look otherwise is refused: hinting (``fpgm``, ``prep``,
``cvt``, a glyph's instructions can move points as it is rasterised), variations
(``gvar``, ``fvar``), colour layers and bitmaps, a ``CFF`` program, vertical writing.
Which glyph a code draws is taken as every viewer may take it: through ``/CIDToGIDMap``
for a Type 0 font (``Identity-H``); for a simple TrueType font (no ``/Differences``),
every ``cmap`` the program has (the (3,1) one by the encoding's character, the (3,0) and
(1,0) ones by the code) and its glyph names, each glyph any of them gives having to be
right.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import re
import struct
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple

from fontTools.ttLib import TTFont
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .drawninstance import drawn_at, file_of, instanced, variants
from .glyphshapes import (
    Shape,
    ShapeKey,
    components,
    glyph_shape,
    instructed,
    moved_by,
    same_shape,
    shape_key,
    simple_shape,
    simply_instructed,
)
from .tounicode import plain_map

__all__ = [
    "NOT_PROVED",
    "SHIFT",
    "SUBSET_TAG",
    "Proof",
    "embedded_program",
    "gid_of",
    "glyph_shape",
    "glyphs_set",
    "hb_font",
    "instructed",
    "pair_gap",
    "prove",
    "quiet_fonttools",
    "reference_font",
    "reference_shape",
    "same_shape",
    "shipped_fonts",
    "type0_program",
]

MAX_GLYPHS = 4096
"""Glyphs with ink compared per font, at most (a printer's subset of a value font has
tens; more is not proved)."""

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
"""The tag a subset's ``/BaseFont`` starts with (``RRSFTT+DejaVuSans``)."""
_CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_HINTING = ("fpgm", "prep", "cvt ")
_REFUSED = (
    *("CFF ", "CFF2", "gvar", "fvar", "vmtx", "vhea"),
    *("COLR", "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "bdat", "bloc"),
)
"""Tables that make a glyph drawn otherwise than its outline by some renderer (colour
layers: poppler's cairo output draws COLR's; bitmaps; variations) or that are not read."""


def _get(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


class Proof(NamedTuple):
    """What the outlines of a font named like one we ship say (:func:`prove`)."""

    proved: bool
    """Every code that can draw ink draws that font's outline of its text (the module)."""
    misdrawn: frozenset[str] = frozenset()
    """Texts read for codes whose glyph is not that font's outline of them, in a font
    most of whose glyphs are (a copy of it with a few glyphs changed: a "k" emptied, a
    "c" read as "k"); none for a font that is not mostly that font's outlines."""


NOT_PROVED = Proof(False)


def prove(font: DictionaryObject, read: dict[int, str]) -> Proof:
    """Whether ``font`` (its ``/ToUnicode`` map read as ``read``) draws, for every code
    that can draw ink, the outline a font we ship of its name has for the text read (see
    the module; not when that cannot be shown), and the texts it draws otherwise (see
    :class:`Proof`)."""
    name = SUBSET_TAG.sub("", str(font.get("/BaseFont", "")).lstrip("/"))
    references = shipped_fonts().get(name)
    if not references or not read:
        return NOT_PROVED
    to_unicode = _get(font.get("/ToUnicode"))
    if not isinstance(to_unicode, StreamObject) or not plain_map(to_unicode.get_data()):
        return NOT_PROVED
    try:
        with quiet_fonttools():
            return _proved(font, read, references)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a damaged or unusual program: not proved
        return NOT_PROVED


@contextlib.contextmanager
def quiet_fonttools() -> Iterator[None]:
    """fontTools' warnings about a printer's tables ("too much 'hmtx' data") silenced."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _proved(
    font: DictionaryObject, read: dict[int, str], references: tuple[tuple[str, int], ...]
) -> Proof:
    found = _drawn(font, read)
    if found is None:
        return NOT_PROVED
    embedded, codes = found
    if any(tag in embedded for tag in (*_REFUSED, *_HINTING)) or "glyf" not in embedded:
        return NOT_PROVED  # (a hinted copy: pdf-lib's, LibreOffice's; never a printer's)
    best = NOT_PROVED
    for path, number in references:
        proved, misdrawn, matched = _compared(embedded, codes, path, number)
        if proved:
            return Proof(True)
        if (
            misdrawn
            and matched >= 2 * len(misdrawn)
            and (not best.misdrawn or misdrawn < best.misdrawn)
        ):
            best = Proof(False, misdrawn)  # (a few glyphs of that font changed)
    return best


def _drawn(
    font: DictionaryObject, read: dict[int, str]
) -> tuple[TTFont, list[tuple[str, set[int]]]] | None:
    """The font's program (read by fontTools) and, for each code that may draw
    something, (the text it is read as, the glyph ids it may draw); None when the font
    is not of a kind proved."""
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        return _type0(font, read)
    if subtype == "/TrueType":
        return _simple(font, read)
    return None


def _plain_sfnt(program: bytes) -> bool:
    """Whether a TrueType program's table directory is plain: a TrueType outline font
    (not a collection, not CFF), each table once and inside the file. fontTools keeps
    the last of two records of one table, FreeType the first: a font could show one
    ``glyf`` to us and another to viewers."""
    if len(program) < 12 or program[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return False
    count = int.from_bytes(program[4:6], "big")
    if len(program) < 12 + 16 * count:
        return False
    tags = set()
    for index in range(count):
        record = program[12 + 16 * index : 28 + 16 * index]
        offset = int.from_bytes(record[8:12], "big")
        length = int.from_bytes(record[12:16], "big")
        if record[:4] in tags or offset + length > len(program):
            return False
        tags.add(record[:4])
    return True


def embedded_program(descriptor: Any) -> bytes | None:
    """The TrueType program a font descriptor embeds (``/FontFile2``), when its table
    directory is plain (:func:`_plain_sfnt`); None otherwise."""
    descriptor = _get(descriptor)
    if not isinstance(descriptor, DictionaryObject):
        return None
    if "/FontFile" in descriptor or "/FontFile3" in descriptor:
        return None
    stream = _get(descriptor.get("/FontFile2"))
    data = stream.get_data() if isinstance(stream, StreamObject) else None
    return data if data is not None and _plain_sfnt(data) else None


def _type0(
    font: DictionaryObject, read: dict[int, str]
) -> tuple[TTFont, list[tuple[str, set[int]]]] | None:
    found = type0_program(font)
    if found is None:
        return None
    cid_font, program, table = found
    info = _get(cid_font.get("/CIDSystemInfo"))
    if not isinstance(info, DictionaryObject) or str(info.get("/Ordering")) != "Identity":
        return None  # (another ordering may be drawn through the program's own cmap)
    tt = TTFont(io.BytesIO(program), lazy=True)
    glyphs = int(tt["maxp"].numGlyphs)
    # every CID that can reach a glyph: the map's entries, or (identity) every glyph id
    reach = len(table) // 2 if table is not None else glyphs
    if reach > 65536:
        return None
    gids = range(reach) if table is None else struct.unpack(f">{reach}H", table[: 2 * reach])
    # (.notdef, unread, is left out: what an unmapped code draws anyway)
    codes = [(read.get(cid, ""), {gid}) for cid, gid in enumerate(gids) if gid or cid in read]
    # a code read beyond the map draws .notdef (glyph 0)
    codes.extend((text, {0}) for cid, text in read.items() if cid >= reach)
    return tt, codes


def type0_program(font: DictionaryObject) -> tuple[DictionaryObject, bytes, bytes | None] | None:
    """A Type 0 font's one ``CIDFontType2`` descendant, its embedded TrueType program
    (:func:`embedded_program`) and its ``/CIDToGIDMap`` table (None for the identity),
    its codes being CIDs (``Identity-H``); None for any other kind of font or map."""
    if font.get("/Subtype") != "/Type0" or str(font.get("/Encoding")) != "/Identity-H":
        return None
    kids = _get(font.get("/DescendantFonts"))
    if not isinstance(kids, ArrayObject) or len(kids) != 1:
        return None
    cid_font = _get(kids[0])
    if not isinstance(cid_font, DictionaryObject) or cid_font.get("/Subtype") != "/CIDFontType2":
        return None
    program = embedded_program(cid_font.get("/FontDescriptor"))
    if program is None:
        return None
    mapping = _get(cid_font.get("/CIDToGIDMap"))
    if isinstance(mapping, StreamObject):  # (an odd byte at its end: viewers differ)
        return (cid_font, program, t) if len(t := mapping.get_data()) % 2 == 0 else None
    if mapping is not None and str(mapping) != "/Identity":
        return None
    return cid_font, program, None


def gid_of(table: bytes | None, cid: int) -> int:
    """The glyph id ``/CIDToGIDMap`` ``table`` (None: the identity) gives ``cid``."""
    return cid if table is None else int.from_bytes(table[2 * cid : 2 * cid + 2], "big")


def _simple(
    font: DictionaryObject, read: dict[int, str]
) -> tuple[TTFont, list[tuple[str, set[int]]]] | None:
    encoding = _get(font.get("/Encoding"))
    if isinstance(encoding, DictionaryObject):
        if "/Differences" in encoding:
            return None
        encoding = encoding.get("/BaseEncoding")
    codec = _CODECS.get(str(encoding))
    if codec is None:
        return None
    program = embedded_program(font.get("/FontDescriptor"))
    if program is None:
        return None
    tt = TTFont(io.BytesIO(program), lazy=True)
    # every way a viewer may look a code up in each map: raw, by its character (in a
    # Unicode map), behind the symbol prefixes (in a symbol map), by the Mac Roman code
    # of its character (in a Mac map)
    maps = [
        (
            table.cmap,
            table.isUnicode(),
            table.platformID == 3 and table.platEncID == 0,
            table.platformID == 1,
        )
        for table in (tt["cmap"].tables if "cmap" in tt else [])
    ]
    order = tt.getGlyphOrder()
    position = {glyph: index for index, glyph in enumerate(order)}
    from fontTools.agl import UV2AGL

    codes: list[tuple[str, set[int]]] = []
    for code, char in enumerate(_code_chars(codec)):
        text = read.get(code, char)
        chars = [c for c in {char, text} if len(c) == 1]
        names = {UV2AGL[ord(c)] for c in chars if ord(c) in UV2AGL}  # looked up by name
        for cmap, unicode, symbol, mac in maps:
            found = cmap.get(code)
            if found is not None:
                names.add(found)
            for point in (
                *(ord(c) for c in chars if unicode),
                *((0xF000 + code, 0xF100 + code, 0xF200 + code) if symbol else ()),
                *(m[0] for c in chars if mac and (m := c.encode("mac_roman", errors="ignore"))),
            ):
                found = cmap.get(point)
                if found is not None:
                    names.add(found)
        if not maps:
            names.add(order[code] if code < len(order) else "")
        gids = {position[n] for n in names if n in position}
        if gids - {0} or code in read:
            codes.append((text, gids or {0}))
    return tt, codes


@functools.cache
def _code_chars(codec: str) -> tuple[str, ...]:
    """The character of each of the 256 codes in ``codec`` (``""`` for none)."""
    return tuple(bytes([code]).decode(codec, errors="ignore") for code in range(256))


def _compared(
    embedded: TTFont, codes: list[tuple[str, set[int]]], path: str, number: int
) -> tuple[bool, frozenset[str], int]:
    """Whether each code's glyphs in ``embedded`` are the outline the font at ``path``
    has for its text (hinting aside: whether a glyph carries instructions is part of it,
    whether the font has a hinting program is the caller's); the texts read whose glyph
    is not; how many texts' glyphs are.

    A glyph with ink that no text is read as must be a component of one that is, with
    the outline of a component of that font's glyph for its text (a printer's subset
    keeps the accent an "ë" is made of, under its own id): the same pieces our own
    program holds."""
    no = (False, frozenset[str](), 0)
    order = embedded.getGlyphOrder()
    glyf, hmtx = embedded["glyf"], embedded["hmtx"]
    loca = embedded["loca"].locations  # (the table's own array: indexed as the table is)
    upem = int(embedded["head"].unitsPerEm)
    reference = reference_font(path, number)
    if upem != reference["head"].unitsPerEm:
        return no
    slack = upem / SHIFT
    # (a code no map finds a glyph for draws .notdef: a box, or nothing, never a letter)
    notdef = glyph_shape(glyf, hmtx, order[0]) if order else None
    if notdef is None:
        return no
    proved = not len(notdef[0]) or same_shape(
        notdef, reference_shape(path, number, reference.getGlyphOrder()[0]), slack
    )
    unread: list[str] = []
    parts: dict[str, set[str]] = {}  # a component of a read glyph -> the font's it may be
    misdrawn: set[str] = set()
    right: set[str] = set()  # texts some code draws as that font does
    keys: dict[str, ShapeKey | None] = {}  # each glyph's bytes, for its outline kept
    matched = inked = 0
    for text, gids in codes:
        for gid in gids:
            if not 0 <= gid < len(order):
                return no
            if not text and loca[gid] == loca[gid + 1]:
                continue  # no outline at all, and no text read: nothing shown
            name = order[gid]
            if name not in keys:  # (before the glyph is decompiled: glyphshapes)
                keys[name] = shape_key(glyf, hmtx, name)
            drawn = simple_shape(glyf, hmtx, name, keys[name])
            if drawn is None:
                return no
            if not len(drawn[0]) and not text:
                continue  # an inkless glyph that no text is read as: nothing shown
            inked += 1
            if inked > MAX_GLYPHS:
                return no
            proved = proved and not simply_instructed(glyf, name, keys[name])
            if not text:
                unread.append(name)
                continue
            wanted = _reference_glyph(path, number, text)
            if wanted is None or not same_shape(
                drawn, reference_shape(path, number, wanted), slack
            ):
                if _unshaped(text):
                    misdrawn.add(text)
                proved = False
                continue
            matched += 1
            right.add(text)
            pieces = components(reference["glyf"], wanted)
            for part in components(glyf, name) if keys[name] is None else ():
                parts.setdefault(part, set()).update(pieces)
    proved = proved and all(
        (drawn := simple_shape(glyf, hmtx, name, keys.get(name))) is not None
        and any(
            same_shape(drawn, reference_shape(path, number, piece), slack)
            for piece in parts.get(name, ())
        )
        for name in unread
    )
    # (a text some code draws rightly and another not cannot be told apart in a box by
    # what it reads: Ghostscript's print of its own print reads the boxes ☐ ☒ as "6")
    return proved, frozenset(misdrawn - right), matched


def _unshaped(text: str) -> bool:
    """Whether ``text`` is drawn by its own glyph whatever stands beside it, so that a
    glyph other than the font's own for it is another drawing: printable characters of
    Latin, Greek and Cyrillic, their extensions, punctuation and symbols (not the
    scripts whose letters take other forms in context, nor a control code, which
    :mod:`.tounicode`'s readers name)."""
    return bool(text.strip()) and all(
        c.isprintable() and c != "\ufffd" and (ord(c) < 0x0530 or 0x1E00 <= ord(c) < 0x27C0)
        for c in text
    )


SHIFT = 64
"""A glyph may stand moved from the reference's by 1/64 em at most, each way
(Ghostscript moves some by a unit of 2048 to start them at their side bearing): more
along the line moves it toward its neighbours ("rn" drawn as "m"), up or down changes
what it is (a comma raised is a quote)."""


@functools.lru_cache(maxsize=4096)
def _reference_glyph(path: str, number: int, text: str) -> str | None:
    """The one glyph the font at ``path`` draws ``text`` with (its ``cmap``'s glyph for
    one character; HarfBuzz's one glyph for a ligature's characters), or None."""
    font = reference_font(path, number)
    if not text:
        return None
    if len(text) == 1:
        return (font.getBestCmap() or {}).get(ord(text))
    return _ligature(path, number, text)


@functools.lru_cache(maxsize=4096)
def reference_shape(path: str, number: int, name: str) -> Shape | None:
    font = reference_font(path, number)
    return glyph_shape(font["glyf"], font["hmtx"], name)


def _ligature(path: str, number: int, text: str) -> str | None:
    set_in = glyphs_set(path, number, text)
    if len(set_in) != 1:
        return None
    return str(reference_font(path, number).getGlyphOrder()[set_in[0][0]])


@functools.lru_cache(maxsize=16)
def reference_font(path: str, number: int) -> TTFont:
    """The font at ``path`` (``number`` in a collection), read by fontTools once: for a
    variable font, the instance ``fill`` draws, or its default one
    (:mod:`.drawninstance`)."""
    return instanced(path, number)


@functools.cache
def shipped_fonts() -> dict[str, tuple[tuple[str, int], ...]]:
    """PostScript name (as a ``/BaseFont`` gives it, e.g. ``DejaVuSans``) -> the fonts we
    ship of that name (the bundled one and the packaged ones; not the system's)."""
    from .fonts import bundled_font, packaged_fonts

    out: dict[str, list[tuple[str, int]]] = {}
    for source in (bundled_font(), *packaged_fonts()):
        try:
            font = TTFont(str(source.path), fontNumber=source.number, lazy=True)
            postscript = font["name"].getDebugName(6)
            # (a variable font as fill draws it, named as fill names it, and as shipped)
            found = variants(str(source.path), source.number, postscript) if postscript else []
        except Exception:  # an unreadable font: never a reference
            continue
        for name, path in found:
            out.setdefault(name, []).append((path, source.number))
    return {name: tuple(paths) for name, paths in out.items()}


@functools.lru_cache(maxsize=4096)
def pair_gap(font: str, first: str, second: str) -> tuple[float, float, float] | None:
    """Where the font we ship named ``font`` (a ``/BaseFont``, its subset tag aside) sets
    ``second`` after ``first``, kerned as HarfBuzz kerns them, in ems: the gap between
    their ink, and the width of each one's ink; None when it has no such font, or draws
    either with no ink, or the pair as other than two glyphs (a ligature). A pair of
    right-to-left letters set as their own glyphs (Hebrew) is measured as it stands,
    ``second`` on the left, the gap and widths from left to right; one set otherwise
    (joined, as Arabic letters are) is not measured."""
    references = shipped_fonts().get(SUBSET_TAG.sub("", font))
    if not references or not (first and second):
        return None
    path, number = references[0]
    set_in = glyphs_set(path, number, first + second)
    if len(set_in) != 2:
        return None
    reference = reference_font(path, number)
    glyf, hmtx = reference["glyf"], reference["hmtx"]
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in first + second):
        if not _right_to_left(path, number, first, second, set_in):
            return None  # (joined, as Arabic letters are: other glyphs than their own)
        first, second = second, first  # (HarfBuzz sets them in visual order: second left)
    inks = []
    for text in (first, second):
        name = _reference_glyph(path, number, text)
        if name is None or not glyf[name].numberOfContours:
            return None
        moved = moved_by(glyf, hmtx, name)
        inks.append((glyf[name].xMin + moved, glyf[name].xMax + moved))
    advance = set_in[0][1]
    upem = float(reference["head"].unitsPerEm)
    (left_a, right_a), (left_b, right_b) = inks
    return (
        (advance + left_b - right_a) / upem,
        (right_a - left_a) / upem,
        (right_b - left_b) / upem,
    )


def _right_to_left(
    path: str, number: int, first: str, second: str, set_in: tuple[tuple[int, int], ...]
) -> bool:
    """Whether ``first`` and ``second`` are set right to left as their own glyphs (the
    second the left one; a pair of Hebrew letters), as their glyphs ``set_in`` say."""
    cmap = reference_font(path, number).getBestCmap() or {}
    order = reference_font(path, number).getGlyphOrder()
    names = tuple(order[gid] if 0 <= gid < len(order) else "" for gid, _ in set_in)
    return first != second and names == (cmap.get(ord(second)), cmap.get(ord(first)))


@functools.lru_cache(maxsize=4096)
def glyphs_set(path: str, number: int, text: str) -> tuple[tuple[int, int], ...]:
    """The glyphs HarfBuzz sets ``text`` in with the font at ``path`` (its default
    features: joined, ligatures, kerned), in order: each one's id and advance, in font
    units."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb_font(path, number), buffer, {})
    return tuple(
        (info.codepoint, position.x_advance)
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    )


@functools.lru_cache(maxsize=8)
def hb_font(path: str, number: int) -> Any:
    """HarfBuzz's font of the font at ``path`` (``number`` in a collection), made once."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob.from_file_path(file_of(path)), number))
    location = drawn_at(path, number)
    if location:
        font.set_variations(location)
    return font
