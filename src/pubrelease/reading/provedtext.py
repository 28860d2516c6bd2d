"""Values drawn in an embedded font proved to be one we ship, read without PDFium.

pdf-lib fills a field in the font it is given, embedded through fontkit as a Type 0
subset (``DejaVuSans-7098``: names outside WinAnsi, which its Helvetica cannot draw).
:func:`..pdf.outlineproof.prove` shows that every code of such a font that can draw ink
draws the very outline a font we ship has for the text its ``/ToUnicode`` map reads
(:attr:`~..pdf.tounicode.FontCheck.draws_reference`). A run of its codes is then read as
:mod:`.plaintext` reads a standard font's (:func:`proved_run`):

* each code's text is the map's: a letter, digit, sign or ligature of the scripts whose
  glyphs do not change with their neighbours (Latin, Greek, Cyrillic: no mark standing
  alone, no control, no other kind of space than a space), whose glyph in that font has
  ink, or a space, whose glyph has none;
* each glyph's ink is that font's glyph of the text, which must show whole: its
  outline inside the box and every clip, but for what a clip cuts below the baseline
  of a glyph that stands mostly above it, as the general path vouches for such a cut
  (:func:`.cleardrawing.whole_above_baseline`: pdf-lib sets a title's second line on
  its box's clip, which cuts its "p" and "g"), when the whole glyph's box meets no
  other box (:func:`.plaintext.room_among`). The proof lets a glyph stand moved by
  1/:data:`..pdf.outlineproof.SHIFT` of an em at most, so a sliver that thin may be
  cut at an edge (0.1 point of a 7-point name), no more;
* each glyph stands where the font's ``/W`` widths put it, each width that glyph's own
  advance (to :data:`WIDTH_SLACK`), and each pair of letters as far apart as the font
  sets them, kerned (:data:`.glyphspacing.CLOSER`, as the general path asks).

What this does not prove raises :class:`.contenttokens.NotPlain`: the return is then read
the general way.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..pdf.kept import Kept
from ..pdf.nodefonts import cid_widths
from ..pdf.objects import Node, NotSure, Objects, Ref, Stream
from ..pdf.outlineproof import (
    SHIFT,
    pair_gap,
    proved_codes,
    reference_font,
    reference_glyph,
    reference_shape,
    shipped_fonts,
    shipped_name,
)
from ..pdf.pagefonts import PageFonts
from ..pdf.tounicode import FontCheck, parse_to_unicode, plain_map
from .contenttokens import NotPlain, font_codes
from .glyphspacing import CLOSER
from .inkspan import OVERSHOOT, TAIL_SHOWN

__all__ = [
    "WIDTH_SLACK",
    "Marks",
    "ProvedFont",
    "ProvedGlyph",
    "ProvedRun",
    "appearance_fonts",
    "mark_widths",
    "proved_font",
    "proved_for",
    "proved_items",
    "proved_run",
    "type0_font",
]

WIDTH_SLACK = 1.0
"""Thousandths of the size by which a width may differ from its glyph's advance (pdf-lib
writes the advance to six decimals, and the fast reader keeps three; pdftocairo cuts it
to a whole thousandth: DejaVu Sans's space, 317.87, as 317)."""
MAX_MAP = 1 << 16
"""Decoded bytes of a ``/ToUnicode`` map read here."""


@dataclass(frozen=True, slots=True)
class ProvedGlyph:
    """What one code of a proved font draws."""

    text: str
    advance: float
    """Of the size: its ``/W`` width."""
    ink: tuple[float, float, float, float] | None
    """Of the size, from its origin: the left, bottom, right and top of its outline's
    points (which hold its curves), as the font we ship draws it (the drawn glyph may
    stand 1/:data:`..pdf.outlineproof.SHIFT` of an em from it); None for a space."""


@dataclass(frozen=True, slots=True)
class ProvedFont:
    """An embedded font whose codes are read as the font we ship named :attr:`name` draws them."""

    name: str
    glyphs: dict[int, ProvedGlyph]
    """Each code read here (codes the map reads otherwise are not: a run of one is
    :class:`NotPlain`)."""
    width: int = 2
    """Bytes a code: two (a Type 0 font's ``Identity-H``) or one (a simple TrueType font's)."""


_PROVED: Kept[bytes, ProvedFont | None] = Kept(256)


def appearance_fonts(
    objects: Objects,
    annot: dict[str, Node],
    fonts: dict[str, Node],
    checked: Callable[[], PageFonts] | None,
) -> dict[str, ProvedFont]:
    """The fonts of a widget's normal appearance (``fonts``, by resource name) that are
    read here (:func:`proved_font`), by the file's font check (``checked``: asked for only
    when the appearance has a Type 0 font)."""
    embedded = [n for n, node in fonts.items() if type0_font(node)]
    if not embedded or checked is None:
        return {}
    normal = objects.dict_of(objects.resolve(annot.get("/AP"))).get("/N")
    refs = objects.dict_of(objects.dict_of(objects.dict_of(normal).get("/Resources")).get("/Font"))
    by_ref = checked().by_ref
    out = {}
    for name in embedded:
        ref = refs.get(name)
        found = proved_font(objects, ref, by_ref.get(ref) if isinstance(ref, Ref) else None)
        if found is not None:
            out[name] = found
    return out


def type0_font(font: Node) -> bool:
    """Whether ``font`` is a Type 0 font's dictionary (as every font ``fill`` draws
    values in is)."""
    return type(font) is dict and font.get("/Subtype") == "/Type0"


def proved_font(objects: Objects, ref: Node, check: FontCheck | None) -> ProvedFont | None:
    """The font at ``ref`` as :func:`proved_run` reads it, when its ``check`` proved its
    outlines (see the module) and it is a Type 0 font of two-byte codes (``Identity-H``)
    with one TrueType descendant; None otherwise."""
    if (
        check is None
        or not check.draws_reference
        or check.swaps
        or check.misdrawn
        or check.digest is None
        or not isinstance(ref, Ref)
    ):
        return None
    if check.digest in _PROVED:
        return _PROVED.recall(check.digest)
    try:
        made = _made(objects, objects.dict_of(ref))
    except NotSure:
        made = None
    return _PROVED.keep(check.digest, made)


def proved_for(
    objects: Objects,
    ref: Node,
    check: FontCheck | None,
    font: Callable[[], object],
    codes: frozenset[int],
) -> tuple[ProvedFont, Marks] | None:
    """The Type 0 font at ``ref`` (``font()``: as pypdf reads it) read for ``codes`` alone
    (as :func:`proved_font` reads it, and its widths as :func:`mark_widths` gives them),
    when its check did not prove it whole but each of ``codes`` is proved to draw the
    outline of its text in the font we ship (:func:`..pdf.outlineproof.proved_codes`:
    MuPDF's prints embed the whole of DejaVu Sans, hundreds of its glyphs read by no map
    entry); None otherwise. A run of any other code is then not read."""
    from pypdf.generic import DictionaryObject

    if check is None or check.swaps or check.misdrawn or not isinstance(ref, Ref):
        return None
    if not codes or check.digest is None:
        return None
    if check.digest not in _PARTLY:
        try:
            _PARTLY.keep(check.digest, _read_whole(objects, ref))
        except NotSure:
            _PARTLY.keep(check.digest, None)
    known = _PARTLY.recall(check.digest)
    if known is None:
        return None
    whole, widths, read, proved = known
    asked = codes - proved.keys()
    if asked:
        pypdf_font = font()
        if not isinstance(pypdf_font, DictionaryObject):
            return None
        found = proved_codes(pypdf_font, read, asked)
        proved.update((code, code in found) for code in asked)
    if not all(proved[code] for code in codes):
        return None
    glyphs = {code: glyph for code, glyph in whole.glyphs.items() if code in codes}
    drawn = {code: width for code, width in widths.widths.items() if code in codes}
    return ProvedFont(whole.name, glyphs, 2), Marks(drawn, widths.default, 2)


_Partly = tuple[ProvedFont, "Marks", dict[int, str], dict[int, bool]]
"""A font :func:`proved_for` reads: as :func:`proved_font` would read it whole, its
widths, its map, and whether each code asked for so far is proved."""
_PARTLY: Kept[bytes, _Partly | None] = Kept(64)
"""By the font check's digest of the font (MuPDF's prints embed the same whole DejaVu
Sans: read once, each code proved once)."""


def _read_whole(objects: Objects, ref: Ref) -> _Partly | None:
    node = objects.dict_of(ref)
    widths = _code_widths(objects, node)
    to_unicode = node.get("/ToUnicode")
    if widths is None or widths.width != 2 or not isinstance(to_unicode, Ref):
        return None
    if not isinstance(objects.resolve(to_unicode), Stream):
        return None
    whole = _read_font(objects, node, widths.widths, widths.default, 2)
    if whole is None:
        return None
    return whole, widths, parse_to_unicode(objects.decoded(to_unicode, MAX_MAP)), {}


def _made(objects: Objects, font: dict[str, Node]) -> ProvedFont | None:
    kids = objects.resolve(font.get("/DescendantFonts"))
    if (
        isinstance(kids, tuple)
        and kids
        and objects.dict_of(kids[0]).get("/BaseFont") != font.get("/BaseFont")
    ):
        # (PDFium names a Type 0 font by its descendant, the font check by itself: pdf-lib
        # and fill write them alike; review of session 61)
        return None
    found = _code_widths(objects, font)
    if found is None:
        return None
    if found.width == 1:  # (a simple font, pdftocairo's subsets: each code its own width)
        if "/FontDescriptor" not in font:
            return None
        return _read_font(objects, font, found.widths, None, 1)
    return _read_font(objects, font, found.widths, found.default, 2)


def _simple_widths(objects: Objects, font: dict[str, Node]) -> dict[int, float]:
    """Code -> width from a simple font's ``/FirstChar`` and ``/Widths``."""
    first, array = objects.resolve(font.get("/FirstChar")), objects.resolve(font.get("/Widths"))
    if type(first) is not int or not isinstance(array, tuple):
        raise NotSure("/Widths")
    widths = {}
    for code, width in enumerate(array, start=first):
        width = objects.resolve(width)
        if type(width) not in (int, float) or not 0 <= code < 256:
            raise NotSure("/Widths")
        widths[code] = float(width)  # type: ignore[arg-type]
    return widths


def _read_font(
    objects: Objects,
    font: dict[str, Node],
    widths: dict[int, float],
    default: float | None,
    width: int,
) -> ProvedFont | None:
    """``font`` read by its map, each code ``width`` bytes, its widths ``widths`` (others
    ``default``; none: not read)."""
    base = font.get("/BaseFont")
    references = shipped_fonts().get(shipped_name(base)) if isinstance(base, str) else None
    to_unicode = font.get("/ToUnicode")
    if not references or len(references) != 1 or not isinstance(to_unicode, Ref):
        return None  # (the proof takes whichever reference fits: one, so this one)
    if not isinstance(objects.resolve(to_unicode), Stream):
        return None
    data = objects.decoded(to_unicode, MAX_MAP)
    if not plain_map(data):
        return None
    path, number = references[0]
    glyphs = {}
    for code, text in parse_to_unicode(data).items():
        advance = widths.get(code, default)
        glyph = None if advance is None else _glyph(path, number, text, advance)
        if glyph is not None and code < 1 << 8 * width:
            glyphs[code] = glyph
    return ProvedFont(shipped_name(str(base)), glyphs, width) if glyphs else None


@functools.lru_cache(maxsize=4096)
def _glyph(path: str, number: int, text: str, width: float) -> ProvedGlyph | None:
    """What a code read as ``text`` of width ``width`` draws, proved to be the font at
    ``path``'s glyph of ``text`` (None when it is not read here: see the module)."""
    if not _readable(text):
        return None
    name = reference_glyph(path, number, text)
    shape = reference_shape(path, number, name) if name is not None else None
    if name is None or shape is None:
        return None
    reference = reference_font(path, number)
    upem, advance = float(reference["head"].unitsPerEm), width / 1000
    if abs(reference["hmtx"][name][0] / upem - advance) * 1000 > WIDTH_SLACK:
        return None
    points = shape[2]
    if (text == " ") != (len(points) == 0):
        return None  # (a space draws nothing; anything else, something)
    ink = None
    if len(points):
        low, high = points.min(axis=0) / upem, points.max(axis=0) / upem
        ink = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))
    return ProvedGlyph(text, advance, ink)


def _readable(text: str) -> bool:
    """Whether ``text`` is a space, or characters that are drawn by their own glyphs
    whatever stands beside them (Latin, Greek, Cyrillic, their signs, and the general
    punctuation of titles: dashes, curly quotes, an ellipsis, a dagger), none of them a
    mark, a control or another kind of space (a joiner, a direction mark, a thin space:
    not printable)."""
    if text == " ":
        return True
    return bool(text) and all(
        c.isprintable()
        and not c.isspace()
        and not unicodedata.combining(c)
        and unicodedata.category(c) not in ("Mn", "Me")  # (isprintable: no Cf, no Zs)
        and c != "\ufffd"
        and (0x21 <= ord(c) < 0x0530 or 0x1E00 <= ord(c) < 0x2060)
        for c in text
    )


class Marks(NamedTuple):
    """The widths of the codes of a font whose outlines are proved, whatever they draw
    (a box's mark, ☒, which :func:`proved_font` does not read as text)."""

    widths: dict[int, float]
    default: float
    width: int
    """Bytes a code."""


def mark_widths(objects: Objects, ref: Node, check: FontCheck | None) -> Marks | None:
    """The widths of the font at ``ref`` when its ``check`` proved its outlines and it is
    a Type 0 font of two-byte codes (``Identity-H``, one TrueType descendant) or a simple
    TrueType font in WinAnsi; None otherwise."""
    if check is None or not check.draws_reference or check.swaps or check.misdrawn:
        return None
    return _code_widths(objects, objects.dict_of(ref) if isinstance(ref, Ref) else {})


def _code_widths(objects: Objects, font: dict[str, Node]) -> Marks | None:
    """The widths of ``font``'s codes: a Type 0 font of two-byte codes (``Identity-H``,
    one TrueType descendant: its ``/W``, the others ``/DW``) or a simple TrueType font in
    WinAnsi (its ``/Widths``); None for any other font."""
    if font.get("/Subtype") == "/Type0" and font.get("/Encoding") == "/Identity-H":
        descendants = objects.resolve(font.get("/DescendantFonts"))
        if not isinstance(descendants, tuple) or len(descendants) != 1:
            return None
        cid_font = objects.dict_of(descendants[0])
        default = objects.resolve(cid_font.get("/DW", 1000))  # (a code /W does not name)
        if cid_font.get("/Subtype") != "/CIDFontType2" or type(default) not in (int, float):
            return None
        return Marks(cid_widths(objects, cid_font), float(default), 2)  # type: ignore[arg-type]
    if font.get("/Subtype") == "/TrueType" and font.get("/Encoding") == "/WinAnsiEncoding":
        return Marks(_simple_widths(objects, font), 0.0, 1)
    return None


class ProvedRun(NamedTuple):
    """A run of a proved font as :func:`proved_run` reads it (points)."""

    text: str
    advance: float
    below: float
    above: float
    """How far below and above its baseline its glyphs' ink reaches."""
    tails: tuple[tuple[float, float, float, float], ...]
    """The whole box of each letter whose tail its clip cuts (:data:`.inkspan.TAIL_SHOWN`)."""
    loose: bool
    """A hook's tip past its origin is cut by more than :data:`.plaintext.EDGE`."""


KERNED = (-50.0, 300.0, 5.0)
"""Thousandths of the size by which a ``TJ``'s numbers may move the next glyph: between
two letters, back by 300 at most (kerning tightens a pair: Ghostscript and pdftocairo
write 17 to 166 of our fill's kerning; the pair must still stand as far apart as the
font sets it) and on by 50 at most (a pair kerned apart); beside a space, by 5 (no font
kerns a space; the last letter before a space is held apart from the first after it
too). A number that moves a glyph further shows a gap the text does not have ("A   da"),
or sets one word over another (review of session 50)."""
HOOKED = frozenset("Jj")
"""Letters whose ink left of their origin, a hook's tip, a clip may cut: pdf-lib sets a
value at its clip's left edge, and DejaVu Sans's J reaches 0.052 em past it ("Jul 15,
2020"), its hook whole but for that tip. Any other glyph's ink, before its origin or past
its advance, must show (a "ď" whose caron, 0.097 em past its advance, is cut reads "d")."""


def proved_run(
    font: ProvedFont,
    raw: bytes,
    x: float,
    y: float,
    size: float,
    clip: tuple[float, float, float, float],
    bands: bool,
) -> ProvedRun:
    """A run of ``raw``: :func:`proved_items` of that one string."""
    return proved_items(font, (raw,), x, y, size, clip, bands)


def proved_items(
    font: ProvedFont,
    items: tuple[bytes | float, ...],
    x: float,
    y: float,
    size: float,
    clip: tuple[float, float, float, float],
    bands: bool,
) -> ProvedRun:
    """A run of ``items`` (strings of two-byte codes, and numbers between them that move
    the next glyph back by thousandths of the size, as a ``TJ`` writes kerning) in
    ``font`` at ``size`` from ``(x, y)`` under ``clip``; raises :class:`NotPlain` unless
    every code is read (see the module), each pair of letters stands apart (the numbers
    between them counted), and every glyph shows whole, as :mod:`.plaintext`
    takes a standard font's: but for a hook's tip (:data:`HOOKED`), a round letter's
    overshoot (:data:`.inkspan.OVERSHOOT`) and the tail of a g, p, q, y, bracket or
    bar below the baseline (:data:`.inkspan.TAIL_SHOWN`: as much of it as that says
    must show, or, with ``bands``, any of it when its box meets no other box, which the
    caller judges by :attr:`ProvedRun.tails`)."""
    from .plaintext import EDGE  # (.plaintext reads this module)

    texts: list[str] = []
    at, below, above, loose = x, 0.0, 0.0, False
    tails = []
    inked: ProvedGlyph | None = None  # (the last glyph with ink, spaces passed over)
    moved = 0.0  # (of an em: from its advance to the next glyph, spaces and numbers)
    pushed = 0.0  # (the numbers since the last glyph)
    last: ProvedGlyph | None = None
    for code, number in _codes(items, font.width):
        if code is None:
            pushed += number
            at -= number * size / 1000
            moved -= number / 1000
            continue
        glyph = font.glyphs.get(code)
        if glyph is None:
            raise NotPlain("a code the proof does not read")
        if pushed:
            _kerned(pushed, last, glyph)
            pushed = 0.0
        if glyph.ink is not None:
            if inked is not None and not _apart(font, inked, glyph, moved):
                raise NotPlain("letters set closer than their font sets them")
            low, down, high, up = (v * size for v in glyph.ink)
            hook = glyph.text in HOOKED and at >= clip[0] - EDGE
            if at + high > clip[2] + EDGE or y + up > clip[3] + EDGE:
                raise NotPlain("a glyph of a proved font cut by its box or a clip")
            if at + low < clip[0] - EDGE and not hook:
                raise NotPlain("a glyph of a proved font cut by its box or a clip")
            loose |= at + low < clip[0] - EDGE
            tail = TAIL_SHOWN.get(ord(glyph.text)) if len(glyph.text) == 1 else None
            if y + down < clip[1] and -down > OVERSHOOT / 1000 * size:  # (below the baseline)
                if tail is None or up < 0.5 * (up - down):
                    raise NotPlain("a glyph cut below its baseline that may read otherwise")
                if not bands and y - clip[1] < -down * tail:
                    raise NotPlain("a letter's tail cut short")
                tails.append((at + low, y + down, at + high, clip[1]))
            below, above = min(below, down), max(above, up)
        texts.append(glyph.text)
        at += glyph.advance * size
        if glyph.ink is not None:
            inked, moved = glyph, 0.0
        else:
            moved += glyph.advance
        last = glyph
    if pushed:
        raise NotPlain("a number after a run's last glyph")
    return ProvedRun("".join(texts), at - x, -below, above, tuple(tails), loose)


def _kerned(pushed: float, before: ProvedGlyph | None, after: ProvedGlyph) -> None:
    """Raises unless a ``TJ``'s numbers (``pushed``, thousandths) move ``after`` as
    kerning does (:data:`KERNED`): between two letters, not before the first."""
    if before is None:
        raise NotPlain("a number before a run's first glyph")
    if before.ink is None or after.ink is None:
        if abs(pushed) > KERNED[2]:
            raise NotPlain("a space widened or narrowed")
    elif not KERNED[0] <= pushed <= KERNED[1]:
        raise NotPlain("a glyph moved further than kerning moves it")


def _codes(items: tuple[bytes | float, ...], width: int) -> Iterator[tuple[int | None, float]]:
    """Each string's codes of ``width`` bytes (a code, and no number) and each number (no
    code), in order."""
    for item in items:
        if isinstance(item, bytes):
            yield from ((code, 0.0) for code in font_codes(item, width))
        else:
            yield None, item


def _apart(font: ProvedFont, first: ProvedGlyph, second: ProvedGlyph, moved: float = 0.0) -> bool:
    """Whether ``second`` stands after ``first`` at least as far as the font sets the
    pair, kerned, less :data:`.glyphspacing.CLOSER` of an em (pairs it sets otherwise,
    a ligature, are not measured: as :func:`.glyphspacing.set_apart`)."""
    gap = pair_gap(font.name, first.text, second.text)
    if gap is None or first.ink is None or second.ink is None:
        return True
    # (each glyph moved toward the other as far as the proof lets it stand moved)
    return first.advance + moved - first.ink[2] + second.ink[0] - 2 / SHIFT >= gap[0] - CLOSER
