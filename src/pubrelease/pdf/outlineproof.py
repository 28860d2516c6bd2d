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

What could make the same outlines look otherwise is refused: hinting other than that
font's own (``fpgm``, ``prep``, ``cvt``, a glyph's instructions can move points as it is
rasterised: a program that hints must carry that font's ``fpgm``, ``prep`` and ``cvt``
byte for byte, room for them in ``maxp``, and each glyph that font's instructions for
it, as pdf-lib's and LibreOffice's subsets do; a printer's have none), variations
(``gvar``, ``fvar``), colour layers and bitmaps, a ``CFF`` program, vertical writing.
Which glyph a code draws is taken as every viewer may take it (:mod:`.fontcodes`), each
glyph any way gives having to be right.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

from fontTools.ttLib import TTFont
from pypdf.generic import DictionaryObject, StreamObject

from .drawninstance import drawn_at, file_of, instanced, variants
from .fontcodes import drawn_codes, gid_of, identity_ordered, outlines, type0_program
from .glyphshapes import (
    Hinting,
    Shape,
    components,
    glyph_shape,
    hinting_of,
    instructed,
    moved_by,
    same_shape,
    shape_key,
    simple_shape,
    simply_instructed,
)
from .kept import Kept
from .quietlogs import held_back
from .sfntglyphs import HINTING_TABLES, Glyphs, Identity, name_of
from .tounicode import plain_map, resolved

__all__ = [
    "NOT_PROVED",
    "SHIFT",
    "SUBSET_TAG",
    "Proof",
    "glyph_shape",
    "glyphs_set",
    "hb_font",
    "instructed",
    "pair_gap",
    "prove",
    "proved_codes",
    "quiet_fonttools",
    "reference_font",
    "reference_glyph",
    "reference_shape",
    "same_shape",
    "shipped_fonts",
    "shipped_name",
]

MAX_GLYPHS = 4096
"""Glyphs with ink compared per font, at most (a printer's subset of a value font has
tens; more is not proved)."""

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
"""The tag a subset's ``/BaseFont`` starts with (``RRSFTT+DejaVuSans``)."""
_NUMBERED = re.compile(r"-[0-9]{1,4}$")
"""The suffix pdf-lib adds to the name of each font it embeds (``DejaVuSans-7098``: a
random number of up to four digits), instead of a subset tag."""


def shipped_name(base: str) -> str:
    """``base`` (a ``/BaseFont``, its slash or not) as the fonts we ship are named: its
    subset tag aside, and pdf-lib's number (:data:`_NUMBERED`) where the name without it
    is a font we ship. (The name only says which font we ship the outlines are compared
    with; what is proved is the outlines.)"""
    name = SUBSET_TAG.sub("", base.lstrip("/"))
    if name in shipped_fonts():
        return name
    bare = _NUMBERED.sub("", name)
    return bare if bare != name and bare in shipped_fonts() else name


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
    references = shipped_fonts().get(shipped_name(str(font.get("/BaseFont", ""))))
    if not references or not read:
        return NOT_PROVED
    to_unicode = resolved(font.get("/ToUnicode"))
    if not isinstance(to_unicode, StreamObject) or not plain_map(to_unicode.get_data()):
        return NOT_PROVED
    try:
        with quiet_fonttools():
            return _proved(font, read, references)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a damaged or unusual program: not proved
        return NOT_PROVED


def proved_codes(
    font: DictionaryObject, read: dict[int, str], codes: Iterable[int]
) -> frozenset[int]:
    """Of ``codes`` of a Type 0 font of two-byte codes named like one we ship, those each
    of which draws that font's outline of the text its map reads (one character drawn alone:
    Latin, Greek, Cyrillic, their signs and symbols, or a space), hinted as that font
    hints it or not at all: what :func:`prove` asks of every code that can draw ink,
    asked of each code alone, for a font it does not prove whole (MuPDF embeds the whole
    of DejaVu Sans, hundreds of its glyphs read by no map entry). A reading that uses
    only these codes shows what it reads, whatever the font's other codes draw."""
    references = shipped_fonts().get(shipped_name(str(font.get("/BaseFont", ""))))
    to_unicode = resolved(font.get("/ToUnicode"))
    if not references or not isinstance(to_unicode, StreamObject):
        return frozenset()
    if not plain_map(to_unicode.get_data()):
        return frozenset()
    try:
        with quiet_fonttools():
            return _codes_proved(font, read, frozenset(codes), references)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a damaged or unusual program: none proved
        return frozenset()


def _codes_proved(
    font: DictionaryObject,
    read: dict[int, str],
    codes: frozenset[int],
    references: tuple[tuple[str, int], ...],
) -> frozenset[int]:
    found = type0_program(font)
    if found is None or not identity_ordered(found[0]):
        return frozenset()
    glyphs = outlines(found[1])
    wanted = {
        cid: text
        for cid in codes
        if (text := read.get(cid, "")) == " " or (len(text) == 1 and _unshaped(text))
    }
    if glyphs is None or len(wanted) > MAX_GLYPHS:
        return frozenset()
    for path, number in references:
        if glyphs.units_per_em != reference_font(path, number)["head"].unitsPerEm:
            continue
        out, instructed = set(), False
        for cid, text in wanted.items():
            gid = gid_of(found[2], cid)
            if not 0 < gid < glyphs.count:
                continue
            seen = _seen(glyphs, gid, reference_glyph(path, number, text), path, number)
            if seen is not None and seen.right and not seen.hinted:
                out.add(cid)
                instructed = instructed or seen.instructed
        if out and (instructed or glyphs.hinting) and not _hinted_alike(glyphs, path, number):
            continue
        if out:
            return frozenset(out)
    return frozenset()


def quiet_fonttools() -> contextlib.AbstractContextManager[None]:
    """fontTools' warnings about a printer's tables ("too much 'hmtx' data") silenced."""
    return held_back("fontTools", logging.ERROR)


def _proved(
    font: DictionaryObject, read: dict[int, str], references: tuple[tuple[str, int], ...]
) -> Proof:
    found = drawn_codes(font, read)
    if found is None:
        return NOT_PROVED
    glyphs, codes = found
    best = NOT_PROVED
    for path, number in references:
        proved, misdrawn, matched = _compared(glyphs, codes, path, number)
        if proved:
            return Proof(True)
        if (
            misdrawn
            and matched >= 2 * len(misdrawn)
            and (not best.misdrawn or misdrawn < best.misdrawn)
        ):
            best = Proof(False, misdrawn)  # (a few glyphs of that font changed)
    return best


def _compared(
    glyf: Glyphs, codes: list[tuple[str, set[int]]], path: str, number: int
) -> tuple[bool, frozenset[str], int]:
    """Whether each code's glyphs in a program (its ``glyf``) are the
    outline the font at ``path`` has for its text, hinted as that font hints it (or not
    at all: :func:`_hinted_alike`); the texts read whose glyph is not; how many texts'
    glyphs are.

    A glyph with ink that no text is read as must be a component of one that is, with
    the outline of a component of that font's glyph for its text (a printer's subset
    keeps the accent an "ë" is made of, under its own id): the same pieces our own
    program holds."""
    no = (False, frozenset[str](), 0)
    reference = reference_font(path, number)
    if glyf.units_per_em != reference["head"].unitsPerEm:
        return no
    # (a code no map finds a glyph for draws .notdef: a box, or nothing, never a letter)
    notdef = _seen(glyf, 0, reference.getGlyphOrder()[0], path, number) if glyf.count else None
    if notdef is None:
        return no
    proved = not notdef.inked or notdef.right
    instructed = notdef.instructed  # (some glyph runs instructions: the programs must be alike)
    unread: list[int] = []
    parts: dict[int, set[str]] = {}  # a component of a read glyph -> the font's it may be
    misdrawn: set[str] = set()
    right: set[str] = set()  # texts some code draws as that font does
    matched = inked = 0
    for text, gids in codes:
        for gid in gids:
            if not 0 <= gid < glyf.count:
                return no
            if not text and glyf.empty(gid):
                continue  # no outline at all, and no text read: nothing shown
            wanted = reference_glyph(path, number, text)
            seen = _seen(glyf, gid, wanted, path, number)
            if seen is None:
                return no
            if not seen.inked and not text:
                continue  # an inkless glyph that no text is read as: nothing shown
            inked += 1
            if inked > MAX_GLYPHS:
                return no
            instructed = instructed or seen.instructed
            if not text:
                unread.append(gid)  # (hinted as the piece of the font's glyph it is: below)
                continue
            proved = proved and not seen.hinted
            if not seen.right:
                if _unshaped(text):
                    misdrawn.add(text)
                proved = False
                continue
            matched += 1
            right.add(text)
            for part in glyf.parts(gid):
                parts.setdefault(part, set()).update(seen.pieces)
    proved = proved and all(
        any(
            (seen := _seen(glyf, gid, piece, path, number)) is not None
            and seen.right
            and not seen.hinted
            for piece in parts.get(gid, ())
        )
        for gid in unread
    )
    if proved and (instructed or glyf.hinting):
        proved = _hinted_alike(glyf, path, number)
    # (a text some code draws rightly and another not cannot be told apart in a box by
    # what it reads: Ghostscript's print of its own print reads the boxes ☐ ☒ as "6")
    return proved, frozenset(misdrawn - right), matched


class _Seen(NamedTuple):
    """One glyph of a program beside a glyph of the font we ship (:func:`_seen`)."""

    inked: bool
    """It draws something (it has contours)."""
    hinted: bool
    """It, or a component of it, carries instructions other than that glyph's, or is
    placed otherwise than moved (:func:`.glyphshapes.instructed`,
    :func:`.glyphshapes.hinting_of`)."""
    instructed: bool
    """It carries instructions (that glyph's, when not :attr:`hinted`): the program's
    hinting must then be that font's (:func:`_hinted_alike`)."""
    right: bool
    """It has that glyph's outline (:func:`.glyphshapes.same_shape`, moved by at most
    :data:`SHIFT`)."""
    pieces: frozenset[str]
    """The components of that glyph, when it is right (what its own may be)."""


_SEEN: Kept[tuple[Identity, str | None, str, int], _Seen | None] = Kept(MAX_GLYPHS)


def _seen(glyf: Glyphs, gid: int, wanted: str | None, path: str, number: int) -> _Seen | None:
    """Glyph ``gid`` of a program beside glyph ``wanted`` (None: no glyph) of the font at
    ``path`` (of the program's ``unitsPerEm``), kept by the glyph's identity
    (:meth:`.sfntglyphs.Glyphs.identity`: the next print's copy of it is not read
    again); None for a glyph whose outline is not read here."""
    identity = glyf.identity(gid)
    key = (identity, wanted, path, number) if identity is not None else None
    if key is not None and key in _SEEN:
        return _SEEN.recall(key)
    name = name_of(gid)
    shape = shape_key(glyf, glyf.metrics, name)  # (before the glyph is decompiled)
    drawn = simple_shape(glyf, glyf.metrics, name, shape)
    seen = None
    if drawn is not None:
        reference = reference_font(path, number)
        slack = reference["head"].unitsPerEm / SHIFT
        right = wanted is not None and same_shape(
            drawn, reference_shape(path, number, wanted), slack
        )
        pieces = components(reference["glyf"], wanted) if right and wanted else set()
        instructed = simply_instructed(glyf, name, shape)
        alike = (
            instructed
            and right
            and wanted is not None
            and (hinting := hinting_of(glyf, name)) is not None
            and hinting == _reference_hinting(path, number, wanted)
        )
        seen = _Seen(
            bool(len(drawn[0])), instructed and not alike, instructed, right, frozenset(pieces)
        )
    return seen if key is None else _SEEN.keep(key, seen)


_MAXP_HINTING = slice(14, 26)
"""``maxp``'s room for hinting: maxZones, maxTwilightPoints, maxStorage,
maxFunctionDefs, maxInstructionDefs, maxStackElements (version 1.0)."""


def _hinted_alike(glyf: Glyphs, path: str, number: int) -> bool:
    """Whether a program hints as the font at ``path`` does: its ``fpgm``, ``prep`` and
    ``cvt`` those of that font byte for byte (or none of them where that font has none),
    and ``maxp`` as much room for them as that font's (a renderer short of room stops
    hinting, or fails the glyph). With its glyphs' instructions that font's own
    (:attr:`_Seen.hinted`), every renderer hints them as it hints that font's."""
    tables, room = _reference_hinting_programs(path, number)
    if glyf.hinting != tables:
        return False
    if not tables:
        return True  # (no programs: an instruction calls nothing, as in that font)
    have = glyf.maxp[_MAXP_HINTING]
    if len(glyf.maxp) < 32 or len(have) != len(room):
        return False
    pairs = zip(have[0::2], have[1::2], room[0::2], room[1::2], strict=True)
    return all((a << 8 | b) >= (c << 8 | d) for a, b, c, d in pairs)


@functools.lru_cache(maxsize=16)
def _reference_hinting_programs(path: str, number: int) -> tuple[dict[str, bytes], bytes]:
    """The hinting tables of the font at ``path`` as stored, and its ``maxp`` room for
    them (:data:`_MAXP_HINTING`)."""
    font = reference_font(path, number)
    tables = {tag: bytes(font.getTableData(tag)) for tag in HINTING_TABLES if tag in font}
    return tables, bytes(font.getTableData("maxp"))[_MAXP_HINTING]


@functools.lru_cache(maxsize=4096)
def _reference_hinting(path: str, number: int, name: str) -> Hinting | None:
    """:func:`.glyphshapes.hinting_of` glyph ``name`` of the font at ``path``."""
    return hinting_of(reference_font(path, number)["glyf"], name)


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
def reference_glyph(path: str, number: int, text: str) -> str | None:
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
    ship of that name (the bundled one, the packaged ones and those kept only to compare
    with, :data:`.shippedfonts.REFERENCE`; not the system's)."""
    from .fonts import FontSource, bundled_font, packaged_fonts
    from .shippedfonts import REFERENCE

    out: dict[str, list[tuple[str, int]]] = {}
    for source in (bundled_font(), *packaged_fonts(), *map(FontSource, REFERENCE)):
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
    """Where the font we ship named ``font`` (a ``/BaseFont``: :func:`shipped_name`) sets
    ``second`` after ``first``, kerned as HarfBuzz kerns them or not kerned, whichever is
    nearer, in ems: the gap between their ink, and the width of each one's ink; None when
    it has no such font, or draws either with no ink, or the pair as other than two glyphs
    (a ligature). A pair of right-to-left letters set as their own glyphs (Hebrew) is
    measured as it stands, ``second`` on the left, the gap and widths from left to right;
    one set otherwise (joined, as Arabic letters are) is not measured."""
    references = shipped_fonts().get(shipped_name(font))
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
    inks, names = [], []
    for text in (first, second):
        name = reference_glyph(path, number, text)
        if name is None or not glyf[name].numberOfContours:
            return None
        moved = moved_by(glyf, hmtx, name)
        inks.append((glyf[name].xMin + moved, glyf[name].xMax + moved))
        names.append(name)
    # (a kern that sets the pair wider, DejaVu's "-o": a program that does not kern sets
    # it at the first glyph's own advance, nearer)
    advance = min(set_in[0][1], hmtx[names[0]][0])
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
