"""Values whose text layer names no character for some glyphs, read from the glyphs.

Ghostscript's and pdftocairo's prints of a release in Arabic, Persian or an Indic script
embed the Noto font again, and map the joined forms, conjuncts and reph ``fill`` drew to
control codes or U+FFFD: the name read from the text layer is a row of holes
('\\x08\\x06या शमा\\x07'), ``unnamed-characters``, and the return read ``invalid`` though it
shows the name as issued.

Each value box whose text layer has such holes is read here from what it draws: the
codes the page's content shows in the box (:func:`..pdf.showncodes.shown_codes`), each
code's glyph in its embedded TrueType program, that glyph found by its outline among a
font we ship's (:func:`..pdf.outlineproof.same_outline`), and the text those glyphs,
placed where they stand, are the layout of (:func:`..pdf.glyphreading.spelled`). Every
glyph in the box must be found so (a space: a glyph without ink), all in one font we
ship; every character the text layer does name must be in that text (as many times);
and every box of the field must read the same, as many boxes as the text layer has
values (a box drawn through a form XObject, whose codes are not read, is not passed
over). Then the value is that text, and the boxes are compared with ``fill``'s drawing
of it as any other value is (:mod:`.valueboxes`): a box that does not look as ``fill``
draws it is left to a person.

The same glyphs also check a value read, holes or not (:func:`shown_as_read`): a print
of a name in a script OCR does not read moves its glyphs a little from ``fill``'s
drawing, so the box is not ``fill``'s to the pixel, and was left to a person. A box
whose every code the page shows draws, filled and upright, the very glyph of a font we
ship that HarfBuzz lays the value read out in, where it sets it, shows that value
(:func:`..pdf.glyphreading.lays_out`): no glyph of another font, none drawn invisible,
stroked, turned, slanted, mirrored or stretched. What else may be drawn there (clips,
paint, drawings over the letters, forms) is for :mod:`.vouching` to judge.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..form.template import Form
from ..pdf.drawninstance import file_of, variants
from ..pdf.fontcodes import embedded_program, gid_of, type0_program
from ..pdf.glyphreading import INKLESS, MAX_LAYOUTS, Drawn, lays_out, same_outline, spelled
from ..pdf.matrices import Box
from ..pdf.outlineproof import quiet_fonttools, reference_font, shipped_fonts, shipped_name
from ..pdf.showncodes import ShownCode, shown_codes
from .glyphholes import holed, holes
from .glyphruns import read_runs, simple_program

__all__ = [
    "PageCodes",
    "codes_in",
    "holed",
    "shown_as_read",
    "spelled_box",
    "values_from_glyphs",
]

MARGIN = 1.0
"""Points past a value box an origin of its glyphs may stand."""
MAX_GLYPHS_IN_FONT = 8000
"""Fonts we ship looked in, at most this many glyphs (not the CJK fonts: their prints
name their characters)."""


class PageCodes:
    """The codes each page of a file shows (:func:`..pdf.showncodes.shown_codes`, the
    page's content walked with pypdf's objects) and its fonts' programs, each read once
    for :func:`values_from_glyphs` and :func:`shown_as_read` alike. ``reader`` gives the
    file opened by pypdf; both are read from it, and only read."""

    def __init__(self, reader: Callable[[], PdfReader]) -> None:
        self._reader = reader
        self._pages: dict[int, list[ShownCode]] = {}
        self.programs: dict[Any, Any] = {}
        """Each font's program, by :func:`_glyph` and :func:`_blank_space`."""

    @property
    def reader(self) -> PdfReader:
        return self._reader()

    def __call__(self, index: int) -> list[ShownCode]:
        """The codes page ``index`` of the file shows (none past its last page)."""
        if index not in self._pages:
            pages = self._reader().pages
            self._pages[index] = shown_codes(pages[index]) if index < len(pages) else []
        return self._pages[index]


def values_from_glyphs(
    reader: Callable[[], PdfReader] | PageCodes,
    form: Form,
    visible: dict[str, list[str | None]],
) -> dict[str, str]:
    """Field -> the text its boxes' glyphs spell, for the fields whose values read from
    the text layer (``visible``) name no character for some glyphs and whose boxes are
    read so (see the module). ``reader`` gives the file opened by pypdf, asked for only
    when some value has such glyphs, or is its :class:`PageCodes` (shared with
    :func:`shown_as_read`)."""
    codes = reader if isinstance(reader, PageCodes) else PageCodes(reader)
    with quiet_fonttools():
        return _values(codes, form, visible)


def _values(codes: PageCodes, form: Form, visible: dict[str, list[str | None]]) -> dict[str, str]:
    out: dict[str, str] = {}
    programs = codes.programs
    numbers = [p.number for p in form.pages]
    budget = [2 * MAX_LAYOUTS]  # (for the whole file: a name and its signature, read once)

    for name, shown in visible.items():
        holes = [v for v in shown if v and holed(v)]
        plan = form.fields.get(name)
        if not holes or plan is None:
            continue
        try:
            found = _read_field(plan.widgets, numbers, codes, programs, "\n".join(holes), budget)
        except (MemoryError, RecursionError):
            raise
        except Exception:  # a damaged font or content: the value is the text layer's
            continue
        # (as many boxes read as the text layer has values: a box drawn otherwise,
        # through a form XObject, is not passed over)
        if found is None or found[1] < sum(map(bool, shown)):
            continue
        if all(_named_in(v, found[0]) for v in holes):
            out[name] = found[0]
    return out


def spelled_box(
    codes: PageCodes, index: int, rect: Box, hint: str, budget: list[int]
) -> str | None:
    """The text the glyphs shown in box ``rect`` of page ``index`` spell, whatever the
    text layer says there ("" when none is shown; None when they cannot be read): every
    inked glyph of a TrueType program found by its outline in a font we ship, all in one
    (see the module). ``hint``: the letters preferred where glyphs are drawn alike;
    ``budget``: the texts still to be laid out for the file (spent here)."""
    try:
        with quiet_fonttools():
            return _read_box(codes(index), rect, codes.programs, hint, budget)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a damaged font or content: not read
        return None


def shown_as_read(
    reader: Callable[[], PdfReader] | PageCodes, values: Mapping[str, str | None]
) -> Callable[[int, str, Box], int]:
    """How many inked glyphs of the page's content in box ``rect`` of field ``name`` on
    page ``index`` (of the form, counted from 0) draw the value ``values`` has for the
    field, glyph by glyph (see the module); 0 when they do not, or cannot be told to.
    ``reader`` gives the file opened by pypdf, asked for only when a box is.
    Asked box by box; the caller checks that the page draws no other glyph there
    (:mod:`.vouching`: codes of forms and annotations are not read here). ``reader``
    may be the :class:`PageCodes` :func:`values_from_glyphs` read the file with."""
    codes = reader if isinstance(reader, PageCodes) else PageCodes(reader)

    @functools.cache
    def shows(index: int, name: str, rect: Box) -> int:
        value = values.get(name)
        if not value or _latin1(value) or not 0 <= index < len(codes.reader.pages):
            return 0
        shown = codes(index)
        try:
            with quiet_fonttools():
                return _lays_out_box(shown, rect, codes.programs, value)
        except (MemoryError, RecursionError):
            raise
        except Exception:  # a damaged font or content: not shown so
            return 0

    return shows


def _latin1(value: str) -> bool:
    """Whether ``value`` has a character of Latin-1 but spaces (a name of the scripts
    OCR reads, or of several scripts: not read so)."""
    return any(c < "\u0100" and not c.isspace() for c in value)


def _standard(font: DictionaryObject) -> bool:
    """Whether ``font`` is a simple font without a program of its own nor a map: a
    viewer draws the character its encoding names, which the text layer reads."""
    if font.get("/Subtype") not in ("/Type1", "/TrueType", "/MMType1") or "/ToUnicode" in font:
        return False
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    return not (
        isinstance(descriptor, DictionaryObject)
        and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    )


_PLAIN_ENCODINGS = frozenset({"/WinAnsiEncoding", "/MacRomanEncoding"})


def _blank_space(font: DictionaryObject, programs: dict[Any, Any]) -> bool:
    """Whether code 32 of ``font``, a simple TrueType font with its program, draws no ink
    whichever of its maps a viewer reads it through (Mac Roman, symbol, Unicode)."""
    encoding = str(font.get("/Encoding", "/WinAnsiEncoding"))
    if font.get("/Subtype") != "/TrueType" or encoding not in _PLAIN_ENCODINGS:
        return False
    key = ("space", id(font))
    if key not in programs:
        programs[key] = (font, _blank(font))  # (the font kept: its id stays its own)
    return bool(programs[key][1])


def _blank(font: DictionaryObject) -> bool:
    data = embedded_program(font.get("/FontDescriptor"))
    if data is None:
        return False
    try:
        program = TTFont(io.BytesIO(data))
        glyphs = program["glyf"]
        names = {
            table.cmap[code]
            for table in program["cmap"].tables
            for code in (32, 0xF020)
            if code in table.cmap
        }
        return all(
            name in glyphs and not glyphs[name].numberOfContours for name in names or {".notdef"}
        )
    except Exception:  # a damaged program: not known blank
        return False


def _lays_out_box(codes: list[ShownCode], rect: Box, programs: dict[Any, Any], value: str) -> int:
    """How many inked glyphs shown in ``rect`` are ``value`` laid out in a font we ship
    (0: they are not)."""
    shown: list[tuple[tuple[TTFont, str] | None, ShownCode]] = []  # (None: no ink)
    for code in codes_in(codes, rect):
        if _standard(code.font):
            continue  # (its ink is its character's, apart from the value's: .vouching)
        if code.code == 32 and _blank_space(code.font, programs):
            shown.append((None, code))  # (pdftocairo's space, in a font of its own)
            continue
        glyph = _glyph(code.font, code.code, programs) if code.size > 0 and code.plain else None
        if glyph is None and code.size > 0 and code.plain and _beside(code, rect):
            continue  # (the form's words after the box, in a font a print embeds: .vouching)
        if glyph is None:
            return 0  # another kind of font, or a glyph not drawn plainly
        program, name = glyph
        shown.append((glyph if program["glyf"][name].numberOfContours else None, code))
    inked = [code for glyph, code in shown if glyph is not None]
    if not inked:
        return 0
    letters = {ord(c) for c in value if unicodedata.category(c)[0] in "LMN"}
    for ref in _references(inked[0].font, value):
        if not letters <= _cmap(*ref):
            continue  # (a font without the value's letters cannot lay it out)
        drawn = _drawn(shown, ref)
        if drawn is not None and lays_out(*ref, drawn, value):
            return len(inked)
    return 0


def _beside(code: ShownCode, rect: Box) -> bool:
    """Whether ``code``, of a font whose glyphs are not read here, stands beside ``rect``,
    not in it: the middle of its advance outside the box (so its character is not the
    value's, as the reading gives a box the characters whose middle it holds), and no
    more than :data:`MARGIN` of that advance inside it (mutool embeds the form's
    Helvetica, and the comma after a name right-aligned in its box starts 0.04 pt
    inside). Its ink is judged where it lies: in the box by :func:`.cleardrawing.all_read`
    (a glyph of a Latin-1 character beside the value), outside by the wording's checks."""
    width = _advance(code.font, code.code)
    if width is None or width <= 0:
        return False
    start, end = code.x, code.x + width * code.size
    left, _, right, _ = rect
    inside = min(end, right) - max(start, left)
    return not left <= (start + end) / 2 <= right and inside <= MARGIN


def _advance(font: DictionaryObject, code: int) -> float | None:
    """The advance of ``code`` in ``font`` in ems, as its ``/W`` or ``/Widths`` say (None
    for a Type 3 font, or widths that cannot be read)."""
    try:
        subtype = font.get("/Subtype")
        if subtype == "/Type0":
            kids: Any = font["/DescendantFonts"]
            cid_font: Any = kids[0].get_object()
            listed: Any = cid_font.get("/W")
            widths = list(listed.get_object()) if listed is not None else []
            at = 0
            while at + 1 < len(widths):
                first, then = int(widths[at]), widths[at + 1].get_object()
                if isinstance(then, list):
                    if first <= code < first + len(then):
                        return float(then[code - first]) / 1000
                    at += 2
                else:
                    if first <= code <= int(then):
                        return float(widths[at + 2]) / 1000
                    at += 3
            return float(cid_font.get("/DW", 1000)) / 1000
        if subtype in ("/Type1", "/TrueType", "/MMType1"):
            first = int(font.get("/FirstChar", 0))
            given: Any = font.get("/Widths")
            simple = list(given.get_object()) if given is not None else []
            if first <= code < first + len(simple):
                return float(simple[code - first]) / 1000
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    return None


def codes_in(codes: list[ShownCode], rect: Box) -> list[ShownCode]:
    """The codes whose origin lies in ``rect``, or within :data:`MARGIN` of it."""
    left, bottom, right, top = rect
    return [
        c
        for c in codes
        if left - MARGIN <= c.x <= right + MARGIN and bottom - MARGIN <= c.y <= top + MARGIN
    ]


def _drawn(
    shown: list[tuple[tuple[TTFont, str] | None, ShownCode]], ref: tuple[str, int]
) -> list[Drawn] | None:
    """The glyphs ``shown`` as glyphs of the font ``ref`` we ship, placed in its units;
    None when one is none of its glyphs."""
    upem = int(reference_font(*ref)["head"].unitsPerEm)
    drawn: list[Drawn] = []
    for glyph, code in shown:
        gids = frozenset({INKLESS}) if glyph is None else same_outline(*glyph, *ref)
        if not gids:
            return None
        drawn.append((frozenset(gids), code.x / code.size * upem, code.y / code.size * upem))
    return drawn


def _read_field(
    widgets: Sequence[Any],
    numbers: list[int],
    codes: Callable[[int], list[ShownCode]],
    programs: dict[Any, Any],
    hint: str,
    budget: list[int],
) -> tuple[str, int] | None:
    """The text every box of a field that shows glyphs spells, and how many do; None
    when a box cannot be read or reads otherwise (the boxes after it are not read)."""
    read: str | None = None
    count = 0
    for widget in widgets:
        if widget.page not in numbers:
            continue
        page = codes(numbers.index(widget.page))
        found = _read_box(page, widget.box.rect, programs, hint, budget)
        if found is None or (found and read is not None and found != read):
            return None
        if found:
            read, count = found, count + 1
    return (read, count) if read is not None else None


def _named_in(layer: str, text: str) -> bool:
    """Whether every character ``layer`` names (spaces aside) is in ``text``, as often."""
    named = Counter(
        c for c, hole in zip(layer, holes(layer), strict=True) if not hole and not c.isspace()
    )
    return not named - Counter(text)


def _read_box(
    codes: list[ShownCode],
    rect: tuple[float, float, float, float],
    programs: dict[Any, Any],
    hint: str = "",
    budget: list[int] | None = None,
) -> str | None:
    """The text the glyphs shown in ``rect`` spell ("" when none is shown; None when it
    cannot be read)."""
    inside = codes_in(codes, rect)
    if not inside:
        return ""
    shown: list[tuple[tuple[TTFont, str] | None, ShownCode]] = []  # (None: a space)
    for code in inside:
        if code.size <= 0:
            return None
        glyph = _glyph(code.font, code.code, programs)
        if glyph is None:
            # a font of no Type 0 TrueType program: the form's words at the box's edge
            # (the comma after the name; pdftocairo draws a value's spaces in a simple
            # font of its own: a space); whatever else it draws, fill's drawing of the
            # value read is compared with the box (.valueboxes)
            if code.code == 32 and code.font.get("/Subtype") == "/TrueType":
                shown.append((None, code))
            continue
        program, name = glyph
        if not program["glyf"][name].numberOfContours:
            shown.append((None, code))  # no ink: a space
            continue
        if not code.painted:
            return None  # (a glyph in the box that does not show: a dot taken away)
        shown.append((glyph, code))
    left = budget if budget is not None else [MAX_LAYOUTS]
    # (a value of two scripts, drawn in two fonts: run by run, .glyphruns)
    return _spell(shown, hint, left) or read_runs(shown, lambda run: _spell(run, hint, left))


def _spell(
    shown: list[tuple[tuple[TTFont, str] | None, ShownCode]], hint: str, budget: list[int]
) -> str | None:
    """The text glyphs ``shown`` (None: no ink) spell, all in one font we ship."""
    inked = [code for glyph, code in shown if glyph is not None]
    if not inked:
        return None
    # each font we ship in turn, those its name or the text layer's letters point to
    # first, until one has every glyph and they spell a text
    for ref in _references(inked[0].font, hint):
        drawn = _drawn(shown, ref)
        if drawn is not None:
            text = _spelled(ref, drawn, hint, budget)
            if text is not None:
                return text
    return None


def _spelled(ref: tuple[str, int], drawn: list[Drawn], hint: str, budget: list[int]) -> str | None:
    """:func:`..pdf.glyphreading.spelled`, once for glyphs drawn alike (a name's boxes
    draw it at other places)."""
    x0 = min(x for _, x, _ in drawn)
    y0 = min(y for _, _, y in drawn)
    # (the hint as the letters it has: a name's three boxes and its signature alike)
    key = (
        ref,
        tuple((g, round(x - x0, 1), round(y - y0, 1)) for g, x, y in drawn),
        frozenset(hint),
    )
    if key in _READ:
        return _READ[key]
    text = spelled(*ref, drawn, hint, budget)
    if text is not None or budget[0] > 0:  # (not a reading the budget cut short)
        if len(_READ) > 256:
            _READ.clear()
        _READ[key] = text
    return text


_READ: dict[Any, str | None] = {}


def _glyph(
    font: DictionaryObject, code: int, programs: dict[Any, Any]
) -> tuple[TTFont, str] | None:
    """The embedded TrueType program of ``font`` and the glyph ``code`` draws in it
    (``programs``: each font's, read once)."""
    key = id(font)
    if key not in programs:
        programs[key] = (font, _program_of(font))  # (the font kept: its id stays its own)
    found = programs[key][1]
    if found is None:
        return None
    program, table = found
    gid = gid_of(table, code)
    order = program.getGlyphOrder()
    return (program, order[gid if 0 <= gid < len(order) else 0])  # (.notdef beyond it)


def _program_of(font: DictionaryObject) -> tuple[TTFont, bytes | None] | None:
    """A Type 0 font's embedded TrueType program, read, and its ``/CIDToGIDMap`` table
    (:func:`..pdf.fontcodes.type0_program`); a simple TrueType font's, and a table of
    the glyph each code draws alike in every viewer (:func:`.glyphruns.simple_program`);
    None for any other kind of font."""
    found = type0_program(font)
    if found is None:
        return simple_program(font)
    try:
        program = TTFont(io.BytesIO(found[1]), lazy=True)
        program["glyf"]
    except Exception:  # a damaged program: not read
        return None
    return program, found[2]


def _references(font: DictionaryObject, hint: str) -> list[tuple[str, int]]:
    """The fonts we ship a glyph of ``font`` is looked for in: those of its name (its
    subset tag aside) first, then the others (but those of more than
    :data:`MAX_GLYPHS_IN_FONT` glyphs: pdftocairo names its fonts "CairoFont-3-0"),
    those with the most of the text layer's letters (``hint``) first."""
    named = shipped_fonts().get(shipped_name(str(font.get("/BaseFont", ""))))
    letters = {c for c in hint if c.isalpha()}
    others = sorted(
        (ref for ref in _all_references() if ref not in (named or ())),
        key=lambda ref: -sum(ord(c) in _cmap(*ref) for c in letters),
    )
    return [*(named or ()), *others]


@functools.lru_cache(maxsize=64)
def _cmap(path: str, number: int) -> frozenset[int]:
    # (the file's own: an instance maps the same characters, and is made only when looked in)
    return frozenset(TTFont(file_of(path), fontNumber=number, lazy=True).getBestCmap() or {})


@functools.cache
def _all_references() -> tuple[tuple[str, int], ...]:
    from ..pdf.fonts import bundled_font, packaged_fonts

    out = []
    for source in (bundled_font(), *packaged_fonts()):
        # (a variable font as fill draws it, then as shipped: .pdf.drawninstance)
        for _, path in variants(str(source.path), source.number, ""):
            try:
                font = TTFont(file_of(path), fontNumber=source.number, lazy=True)
                if "glyf" in font and len(font.getGlyphOrder()) <= MAX_GLYPHS_IN_FONT:
                    out.append((path, source.number))
            except Exception:  # an unreadable font: not looked in
                continue
    return tuple(out)
