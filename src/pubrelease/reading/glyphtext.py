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
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..form.template import Form
from ..pdf.glyphreading import INKLESS, MAX_LAYOUTS, Drawn, same_outline, spelled
from ..pdf.outlineproof import (
    SUBSET_TAG,
    gid_of,
    reference_font,
    shipped_fonts,
    type0_program,
)
from ..pdf.showncodes import ShownCode, shown_codes

__all__ = ["holed", "values_from_glyphs"]

MARGIN = 1.0
"""Points past a value box an origin of its glyphs may stand."""
MAX_GLYPHS_IN_FONT = 8000
"""Fonts we ship looked in, at most this many glyphs (not the CJK fonts: their prints
name their characters)."""


def holed(text: str) -> bool:
    """Whether ``text``, read from a text layer, has glyphs it names no character for
    (:func:`_holes`)."""
    return any(_holes(text))


def _holes(text: str) -> list[bool]:
    """For each character of ``text`` read from a text layer, whether it stands for a
    glyph the layer names no character for: U+FFFD, a control code, an unassigned or
    private code point; a vowel sign or other mark with no letter before it
    (Ghostscript reads the conjunct of Bengali 'সত্যজিৎ' as a space: 'সত িজৎ') or after
    an independent vowel (its Tamil 'இைளயராஜா': a vowel sign read out of place); a
    character of another script inside a word of a shaped script (:data:`_SHAPED`;
    Ghostscript's Tamil 'ச髁ப\uaacdரமணியன꧍': halves of the two characters of a glyph it
    could not map)."""
    out = []
    for word in re.split(r"(\s+)", text):
        scripts = Counter(s for c in word if (s := _script(c)) is not None)
        main = scripts.most_common(1)[0][0] if scripts else None
        for at, char in enumerate(word):
            kind = unicodedata.category(char)
            out.append(
                char == "\ufffd"
                or kind in ("Cc", "Cn", "Co", "Cs")
                or (kind[0] == "M" and at == 0)
                or (_vowel_sign(char) and at > 0 and _vowel_letter(word[at - 1]))
                or (main in _SHAPED and _script(char) not in (None, main))
            )
    return out


_VOWEL_LETTER = re.compile(
    r"^[A-Z]+ LETTER (?:SHORT |CANDRA |VOCALIC )?(?:A|AA|I|II|U|UU|E|EE|AI|O|OO|AU|R|RR|L|LL)$"
)


def _vowel_letter(char: str) -> bool:
    """Whether ``char`` is an Indic script's independent vowel (TAMIL LETTER I), after
    which no vowel sign is written (Ghostscript's Tamil 'இைளயராஜா' for 'இளையராஜா')."""
    return unicodedata.category(char) == "Lo" and bool(
        _VOWEL_LETTER.match(unicodedata.name(char, ""))
    )


def _vowel_sign(char: str) -> bool:
    return "VOWEL SIGN" in unicodedata.name(char, "")


_SHAPED = frozenset(
    [
        "ARABIC",
        "SYRIAC",
        "THAANA",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "THAI",
        "LAO",
        "TIBETAN",
        "MYANMAR",
        "KHMER",
    ]
)
"""Scripts whose glyphs a printer may name by pieces of other characters (its Tamil
'ச髁ப'); inside a word of another (a Latin 'µLab', a Japanese '佐々木'), a character of
another script is how it is written."""


def _script(char: str) -> str | None:
    """The script a character is of, as the first word of its Unicode name says (TAMIL,
    ARABIC, CJK...) where that word names letters; None for others (punctuation and
    symbols of all scripts: "RIGHT SINGLE QUOTATION MARK")."""
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    return word if word in _scripts() else None


@functools.cache
def _scripts() -> frozenset[str]:
    """The first words of the names of the Basic Multilingual Plane's letters."""
    return frozenset(
        unicodedata.name(chr(code), " ").split(" ", 1)[0]
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code))[0] == "L"
    ) - {""}


def values_from_glyphs(
    reader: PdfReader, form: Form, visible: dict[str, list[str | None]]
) -> dict[str, str]:
    """Field -> the text its boxes' glyphs spell, for the fields whose values read from
    the text layer (``visible``) name no character for some glyphs and whose boxes are
    read so (see the module)."""
    logger = logging.getLogger("fontTools")  # (its warnings about a printer's tables)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return _values(reader, form, visible)
    finally:
        logger.setLevel(level)


def _values(reader: PdfReader, form: Form, visible: dict[str, list[str | None]]) -> dict[str, str]:
    out: dict[str, str] = {}
    pages: dict[int, list[ShownCode]] = {}
    programs: dict[int, Any] = {}
    numbers = [p.number for p in form.pages]
    budget = [2 * MAX_LAYOUTS]  # (for the whole file: a name and its signature, read once)

    def codes(index: int) -> list[ShownCode]:
        if index not in pages:
            pages[index] = shown_codes(reader.pages[index]) if index < len(reader.pages) else []
        return pages[index]

    for name, shown in visible.items():
        holes = [v for v in shown if v and holed(v)]
        plan = form.fields.get(name)
        if not holes or plan is None:
            continue
        try:
            found = _read_field(plan.widgets, numbers, codes, programs, "".join(holes), budget)
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


def _read_field(
    widgets: Sequence[Any],
    numbers: list[int],
    codes: Callable[[int], list[ShownCode]],
    programs: dict[int, Any],
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
        c for c, hole in zip(layer, _holes(layer), strict=True) if not hole and not c.isspace()
    )
    return not named - Counter(text)


def _read_box(
    codes: list[ShownCode],
    rect: tuple[float, float, float, float],
    programs: dict[int, Any],
    hint: str = "",
    budget: list[int] | None = None,
) -> str | None:
    """The text the glyphs shown in ``rect`` spell ("" when none is shown; None when it
    cannot be read)."""
    left, bottom, right, top = rect
    inside = [
        c
        for c in codes
        if left - MARGIN <= c.x <= right + MARGIN and bottom - MARGIN <= c.y <= top + MARGIN
    ]
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
    inked = [code for glyph, code in shown if glyph is not None]
    if not inked:
        return None
    # each font we ship in turn, those its name or the text layer's letters point to
    # first, until one has every glyph and they spell a text
    for ref in _references(inked[0].font, hint):
        upem = int(reference_font(*ref)["head"].unitsPerEm)
        drawn: list[Drawn] = []
        for glyph, code in shown:
            gids = frozenset({INKLESS}) if glyph is None else same_outline(*glyph, *ref)
            if not gids:
                break
            drawn.append((frozenset(gids), code.x / code.size * upem, code.y / code.size * upem))
        else:
            text = _spelled(ref, drawn, hint, budget if budget is not None else [MAX_LAYOUTS])
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
    font: DictionaryObject, code: int, programs: dict[int, Any]
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
    (:func:`..pdf.outlineproof.type0_program`); None for any other kind of font."""
    found = type0_program(font)
    if found is None:
        return None
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
    named = shipped_fonts().get(SUBSET_TAG.sub("", str(font.get("/BaseFont", "")).lstrip("/")))
    letters = {c for c in hint if c.isalpha()}
    others = sorted(
        (ref for ref in _all_references() if ref not in (named or ())),
        key=lambda ref: -sum(ord(c) in _cmap(*ref) for c in letters),
    )
    return [*(named or ()), *others]


@functools.lru_cache(maxsize=64)
def _cmap(path: str, number: int) -> frozenset[int]:
    return frozenset(reference_font(path, number).getBestCmap() or {})


@functools.cache
def _all_references() -> tuple[tuple[str, int], ...]:
    from ..pdf.fonts import bundled_font, packaged_fonts

    out = []
    for source in (bundled_font(), *packaged_fonts()):
        try:
            font = reference_font(str(source.path), source.number)
            if "glyf" in font and len(font.getGlyphOrder()) <= MAX_GLYPHS_IN_FONT:
                out.append((str(source.path), source.number))
        except Exception:  # an unreadable font: not looked in
            continue
    return tuple(out)
