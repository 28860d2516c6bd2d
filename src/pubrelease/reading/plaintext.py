"""What a plain text appearance shows: runs of a standard font, read without PDFium.

A widget's appearance written by pypdf, pdftk, pdf-lib, PyMuPDF or PDFBox for a text
field is a few operators: a clip to the box, a font and a size, a fill colour, a
position, and the value's bytes shown. :func:`plain_text` reads such a stream and proves
what a viewer shows of it: standard fonts only (not embedded, with no width table nor
map of their own, in the WinAnsi or their standard encoding, which read every byte
allowed here as Windows-1252 does), a dark fill (the device's grey or RGB), text upright
and unstretched, at :data:`MIN_SIZE` points or more, each run inside the box and every
clip from its first ink to its last (:mod:`.inkspan`), every letter whole
(:data:`.inkspan.REACH`) but for what a clip cuts of a tail, an overshoot or a mark's tip
(:func:`.inkspan.ink_reach`), no run over another, each line's runs abutting, its lines
joined by spaces. :func:`plain_mark` reads a consent box's appearance the same way: one
mark of ZapfDingbats (:data:`MARKS`), whole, or nothing. Any other operator, operand or
font raises :class:`NotPlain`: a drawing this does not prove is read the general way.
An embedded font whose outlines are proved a font we ship's is read the same way, each
glyph by that font's own measures (:mod:`.provedtext`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

from ..pdf.matrices import IDENTITY
from ..pdf.objects import Node
from ..pdf.standardclones import CODES as _WIN_ANSI
from .clipshapes import clip_of, within, within_by
from .contenttokens import NotPlain, content_tokens
from .cutlines import Cut, cut_lines
from .inkspan import CEDILLA_SIZE, glyph_reaches, ink_reach, ink_span
from .provedtext import ProvedFont, proved_run
from .substitutes import SubstituteFont, mark_run, odd_line

__all__ = [
    "BASELINE_IN",
    "DARK",
    "EDGE",
    "MARGIN",
    "MARKS",
    "MIN_SIZE",
    "OVERHANG",
    "SLACK",
    "SLANTED",
    "Box",
    "NotPlain",
    "content_tokens",
    "plain_font",
    "plain_mark",
    "plain_text",
    "read_runs",
]

NEAR = 0.5
"""Points by which a run may pass the edge of its box or clip (rounding), at most."""
SLACK = 0.03
"""The same, of the run's size at most (at 4 points a half point is an eighth of a
letter: a T cut to an I)."""
MIN_SIZE = 4.0
"""Points: a smaller font is no value a person reads."""
DARK = 0.25
"""The lightest fill (0 black .. 1 white, in every channel) values are drawn in here."""
UNSET = 2.0
"""The fill after ``cs``, before ``sc`` sets it: viewers keep the colour before, or set
black (lighter than :data:`DARK`: a value drawn in it is not plain)."""
SLANTED = frozenset(
    f"{family}-{style}"
    for family, styles in (("Helvetica", "Oblique"), ("Times", "Italic"), ("Courier", "Oblique"))
    for style in (styles, f"Bold{styles}")
)
"""The slanted styles: PDFium's (Foxit's) box of a slanted glyph leans over the next
letter's by more than :data:`.glyphorder.OVERLAP` ("Íeo" in Helvetica-BoldOblique, an
italic f beside a quote, "Ad‚a"), and the general path reads such a box by OCR (review of
session 39). Left to it: no tool measured fills a form in a slanted style."""
BASELINE_IN = 0.02
"""Points by which a run's baseline must stand inside its clip: PDFium gives a space a box
of no height on the baseline, which a clip through the baseline cuts (:mod:`..pdf.clipping`,
its ``OUTSIDE``), and the general path reads the value as cut (review of session 38: "Ada
Lovelace" set 0.27 point under its box, its round letters' overshoot cut)."""
EDGE = 0.1
"""Points by which the general path lets a glyph pass a clip's left, right or top side
(``cleardrawing._holds``) and still vouch for a cut of its tail below the baseline
(:func:`.cleardrawing.whole_above_baseline`). Given ``room`` (:func:`plain_text`), a
value of which a clip cuts a tail, even shorter than :data:`.inkspan.TAIL_SHOWN` asks, is taken
only if every run of it holds inside its clips by that much, its first and last glyphs'
reach past their origin and advance counted (:data:`OVERHANG`), and the whole boxes of
its cut tails meet no other box: then the general path vouches for the box and reads
no OCR, its lines in reading order and apart (:func:`read_runs`). Else a letter cut a
little (within :data:`SLACK`), or a tail's box over the box below, sends the box to
OCR, which reads cut tails otherwise (review of session 40: a g cut away as an a or a
q, and at 55 % of its tail as an a)."""
OVERHANG = {
    "Helvetica": (
        "/\\^`jk\x83\x88\x89\x98\xa4\xa5\xa9\xae\xaf\xb4\xb6\xcc\xcd\xce\xcf\xd0\xec\xed\xee\xef",
        0.052,
    ),
    "Times": ("/Kfjkrt\x88\x98\xa5\xa8\xaa\xb5\xb6\xbd\xec\xed\xee\xef", 0.07),
    "Courier": (
        "AMNVWmvwy\x83\x89\x8c\x97\x9c\xbc\xbd\xbe\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xd1\xe6\xfd\xff",
        0.114,
    ),
}
"""For each family of the standard fonts of text, the bytes whose glyph PDFium (Foxit's
fonts, upright styles) draws past its origin on the left or its advance on the right,
and how far at most, of the size (a j's hook 0.069 in Times, a Courier-Bold per mille
0.112; ``tests/test_deep_tails.py`` measures them again)."""
LINE_END_DASHES = ("-", "\u2013", "\u2014")
"""A hyphen, an en dash or an em dash ending a line: PDFium's text layer takes one at the
end of a value's last line for a break ("Ada Lovelace–" read "Ada Lovelace") and joins a
line ending with a hyphen to the next ("Analytical-" "Engine"); such a value is left to
the general path (review of session 39), as is one starting a line ("—Intro" read "Intro")."""
ABUT = 0.01
"""Points by which a run of a font read by :mod:`.provedtext` may start before the run
it follows ends (positions rounded in the content stream)."""
MARGIN = 0.005
"""Of its size, beyond its glyphs' measured reach, that a run must show too (half a
percent: a pixel of the measure). A run may still pass its box or a clip by
:data:`SLACK` for rounding: the tip of the furthest-reaching glyph in the furthest-reaching
viewer's font (a cedilla, an accent over a capital, by 0.3 points at 11 points) may be
cut by that much, never a letter's shape."""


MARKS = {
    ord("3"): (34, -13, 721, 705),  # a19, a check mark
    ord("4"): (35, -14, 811, 705),  # a20, a heavy check mark
    ord("7"): (-1, -68, 571, 661),  # a23, a ballot x
    ord("8"): (36, -13, 642, 705),  # a24, a heavy ballot x
    ord("l"): (35, -14, 757, 705),  # a71, a black circle
    ord("n"): (35, 0, 726, 692),  # a73, a black square
}
"""The marks a box is ticked with in ZapfDingbats (Acrobat's check, cross, circle and
square; PyMuPDF's and pdf-lib's), each with its glyph's box in thousandths of the size
(the font's metrics: reportlab's ``zd______.afm``)."""

_STANDARD = {
    f"/{family}{style}": f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
    )
    for style in styles
}
"""The standard fonts of text (not Symbol nor ZapfDingbats) and their metrics' names."""
_STANDARD_ENCODING = frozenset(range(0x20, 0x7F)) - {0x27, 0x60}
"""Bytes the standard encoding reads as ASCII (its quotes are curly: not here)."""


_Font = tuple[str, frozenset[int]]
"""A standard font's metrics' name and the bytes it reads as Windows-1252 does."""
_AnyFont = _Font | ProvedFont | SubstituteFont


def _font(node: Node, marks: bool = False) -> _Font:
    """A standard font's metrics' name and the bytes it reads as Windows-1252 does (``marks``:
    ZapfDingbats too, and the bytes of its marks, :data:`MARKS`)."""
    if type(node) is not dict or node.get("/Subtype") != "/Type1":
        raise NotPlain("not a standard font")
    if not set(node) <= {"/Type", "/Subtype", "/BaseFont", "/Encoding", "/Name"}:
        raise NotPlain("a font with widths, a program or a map of its own")
    if marks and node.get("/BaseFont") == "/ZapfDingbats":
        # (its own encoding, or WinAnsi as PyMuPDF names it: ZapfDingbats has no glyph
        # for WinAnsi's names of these codes, digits and letters; PDFium, MuPDF and pdf.js
        # draw the font's own glyph of the code, poppler nothing, an empty box in Evince,
        # which the record says on this path as on the general one: viewers-disagree,
        # pdf/symbolnames.py, an error)
        if node.get("/Encoding") not in (None, "/WinAnsiEncoding"):
            raise NotPlain("marks named in an encoding the font has no glyphs for")
        return "ZapfDingbats", frozenset(MARKS)
    base = _STANDARD.get(str(node.get("/BaseFont")))
    encoding = node.get("/Encoding")
    if base is None or encoding not in (None, "/WinAnsiEncoding"):
        raise NotPlain("not a standard font of text in a known encoding")
    return base, _WIN_ANSI if encoding else _STANDARD_ENCODING


_IGNORED = frozenset({"w", "J", "j", "M", "d", "ri", "i", "G", "RG", "TL"})
"""Operators that change nothing a fill without strokes draws."""


_PATHS = frozenset({"re", "m", "l", "h", "n", "W", "W*"})
"""Operators that build, close, clip or end a path."""

Box = tuple[float, float, float, float]
"""A form XObject's box (``/BBox``: left, bottom, right, top), to which it is clipped."""


def plain_text(
    content: bytes,
    fonts: dict[str, Node],
    box: Box,
    room: Callable[[Box], bool] | None = None,
    cut: list[Cut] | None = None,
    proved: Mapping[str, ProvedFont] | None = None,
    *,
    scale: float = 1.0,
    used: list[tuple[str, bool]] | None = None,
    substitutes: Mapping[str, SubstituteFont] | None = None,
    looked: list[Box] | None = None,
) -> str | None:
    """What an appearance (a form XObject of the box ``box``) drawing ``content`` with
    ``fonts`` (by resource name) shows, None for nothing (see the module); raises
    :class:`NotPlain` for any drawing it does not prove. ``room``: whether the boxes of
    glyphs may reach into a band (left, bottom, right, top, in ``box``'s space) under it
    without meeting another box; given, a tail may be cut shorter (:data:`EDGE`).
    ``cut``: given, a value set larger than its box, its last lines cut away below it,
    is read whole, and what the box shows of it and the end cut away are added to it
    (:func:`.cutlines.cut_lines`). ``proved``: embedded fonts (by resource name) read
    as :mod:`.provedtext` reads them, each glyph whole. ``scale``: how a viewer scales
    the box into its widget's (a box a little larger than the widget is drawn smaller).
    ``used``: given, the font the value is drawn in (one: a value in two fonts is not
    plain) is added to it, its ``/BaseFont`` and whether :mod:`.provedtext` reads it: the
    general path vouches for a box without looking only where it trusts every font of the
    file of that name (:mod:`.vouching`), and may read a value it looks at otherwise (a
    cut cedilla as a c; review of session 61): the caller's to ask. ``substitutes``: fonts
    whose marks are read by their codes, their cells added to ``looked`` (:mod:`.substitutes`)."""
    bands: list[Box] | None = None if room is None else []
    below: list[tuple[_Run, Box]] | None = None if cut is None else []
    reaches: dict[_Run, tuple[float, float]] = {}
    runs = _runs(
        content,
        fonts,
        box,
        bands=bands,
        under=below,
        proved=proved,
        reaches=reaches,
        scale=scale,
        used=used,
        substitutes=substitutes if looked is not None else None,
        looked=looked,
    )
    text = read_runs(runs, reaches)
    if room is not None and not all(room(band) for band in bands or ()):
        raise NotPlain("a cut tail's box over another box")
    if below and cut is not None:
        cut.append(cut_lines(runs, [run for run, _ in below], below[0][1], box))
    return text


def plain_mark(content: bytes, fonts: dict[str, Node], box: Box) -> bool:
    """Whether a consent box's appearance (a form XObject of the box ``box``) drawing
    ``content`` with ``fonts`` shows one mark (of :data:`MARKS`, its glyph whole inside the box and
    every clip, dark, :data:`MIN_SIZE` points or more), rather than nothing at all;
    raises :class:`NotPlain` for anything else."""
    runs = _runs(content, fonts, box, marks=True)
    if not runs:
        return False
    if len(runs) != 1 or runs[0][5] != "ZapfDingbats":
        raise NotPlain("a box drawn with more than one mark, or with text")
    return True


_Run = tuple[float, float, float, float, str, str]
"""A run of text drawn: its start and end across, its baseline, its size, its text and
its font's metrics' name."""


def _runs(
    content: bytes,
    fonts: dict[str, Node],
    box: Box,
    *,
    marks: bool = False,
    bands: list[Box] | None = None,
    under: list[tuple[_Run, Box]] | None = None,
    proved: Mapping[str, ProvedFont] | None = None,
    reaches: dict[_Run, tuple[float, float]] | None = None,
    scale: float = 1.0,
    used: list[tuple[str, bool]] | None = None,
    substitutes: Mapping[str, SubstituteFont] | None = None,
    looked: list[Box] | None = None,
) -> list[_Run]:
    """The runs of text ``content`` draws (see :func:`plain_text`); ``marks``: a box's
    marks in ZapfDingbats too; ``bands``: where the whole boxes of tails a clip cuts
    reach under it (added to), a tail cut shorter then taken (:data:`EDGE`); ``under``:
    the runs whose baseline is on or under their clip's bottom, with that clip (added to:
    all of the value's runs then drawn in one font, at one size, under one clip);
    ``proved``: fonts read by :func:`.provedtext.proved_run`, their runs' reach below and
    above the baseline added to ``reaches``; ``scale``, ``used``, ``substitutes`` and
    ``looked`` as :func:`plain_text` says."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    clip = box  # (a form XObject is clipped to its box)
    # (q saves the graphics state, the text state with it: font and size)
    stack: list[tuple[Box, float, int, _AnyFont | None, float, str]] = []
    fill = 0.0  # the lightest channel's level: black
    space = 1  # (the fill's colour space, by its components: the device's grey or RGB)
    path: list[tuple[float, float]] = []
    clipping, in_text = "", False  # (the clip's rule, W or W*, once set)
    carried: list[tuple[float, float]] = []  # (a path left open across q or Q)
    font: _AnyFont | None = None
    face = ""  # (the font's resource name: PDFium loads a font an object, one a name here)
    size = 0.0
    x = y = line_x = line_y = 0.0
    runs: list[_Run] = []
    operands: list[tuple[str, object]] = []
    marked = 0
    cut = loose = False  # (a tail a clip cuts; a run not within EDGE of its clips)
    paired = False  # (a clip set by a path of two rectangles: pdf-lib's)
    closed = False  # (the path's shape closed by h: a line after it starts another)
    set_at_text = False  # (a clip pending at BT, which no viewer sets: no path may follow it)
    drawn: set[tuple[str, float, Box]] = set()  # (each run's font, size and clip)

    def numbers(count: int) -> list[float]:
        if len(operands) != count or any(kind != "f" for kind, _ in operands):
            raise NotPlain("operands")
        return [float(v) for _, v in operands]  # type: ignore[arg-type]

    def point() -> tuple[float, float]:
        a, b = numbers(2)
        return a, b

    for kind, value in content_tokens(content):
        if kind != "o":
            operands.append((kind, value))
            continue
        op = str(value)
        if op in _IGNORED:
            pass
        elif set_at_text and op in _PATHS:
            # (viewers keep the path and its W across the text, and set the clip at the
            # next n with what follows: a ring, review of session 61)
            raise NotPlain("a path after a clip pending at the text")
        elif op == "h":
            closed = bool(path)
        elif op in ("q", "Q"):
            if clipping:  # (every viewer sets it at the next n, across q and Q)
                raise NotPlain("a clip pending across q or Q")
            if op == "q":
                stack.append((clip, fill, space, font, size, face))
            elif not stack or in_text:
                raise NotPlain("an unbalanced Q")
            else:
                clip, fill, space, font, size, face = stack.pop()
            if path and carried:
                raise NotPlain("paths left open across q and Q")
            # (PDFium keeps a path left open across them, pdf-lib's box outline: the
            # next clip is set by it and the next path together)
            carried, path, clipping = carried or path, [], ""
        elif op == "cm":
            if tuple(numbers(6)) != IDENTITY:
                raise NotPlain("a drawing moved or scaled")
        elif op in ("re", "m"):
            if path:
                raise NotPlain("a path of more than one shape")
            closed = False
            if op == "re":
                px, py, pw, ph = numbers(4)
                path = [(px, py), (px + pw, py), (px + pw, py + ph), (px, py + ph)]
            else:
                path = [point()]
        elif op == "l":
            if not path or closed:  # (after h, a line starts another shape)
                raise NotPlain("a line from nowhere")
            path.append(point())
        elif op in ("W", "W*"):
            clipping = op
        elif op in ("n", "BT"):
            if op == "n" and clipping and not (path or carried):
                # (MuPDF clips to nothing, and draws nothing up to the Q; PDFium and
                # poppler leave the clip as it was: review of session 62)
                raise NotPlain("a clip of no path")
            if op == "BT" and (path or carried) and not clipping:
                # (PDFium keeps it, and sets the next clip by it and the next path)
                raise NotPlain("a path left open before the text")
            if op == "n" or path or carried:
                if clipping and (path or carried) and op == "BT":
                    # (pypdf's re W BT, with no n: no viewer sets it, review of session
                    # 61; nor a path after it, which a viewer could set it with)
                    clip_of(carried, path, clipping)
                    set_at_text = True
                elif clipping and (path or carried):
                    clip = within(clip, clip_of(carried, path, clipping))
                    paired |= bool(carried and path)
                path, carried, clipping, closed = [], [], "", False
            if op == "BT":
                in_text, x, y, line_x, line_y = True, 0.0, 0.0, 0.0, 0.0
        elif op == "ET":
            in_text = False
        elif op == "BMC":
            if operands != [("n", "/Tx")]:
                raise NotPlain("marked content")
            marked += 1
        elif op == "EMC":
            marked -= 1
        elif op == "g":
            (fill,), space = numbers(1), 1
        elif op == "rg":
            fill, space = max(numbers(3)), 3
        elif op == "cs":  # (PDFBox's "/DeviceGray cs 0 sc")
            if operands not in ([("n", "/DeviceGray")], [("n", "/DeviceRGB")]):
                raise NotPlain("a colour space other than the device's grey or RGB")
            # (its colour unknown until sc sets it: poppler and MuPDF set the space's
            # initial black, PDFium and pdf.js keep the colour before, review of session
            # 62; a resource so named, or a default space, is poppler's alone: .devicepaint)
            fill, space = UNSET, 1 if operands[0][1] == "/DeviceGray" else 3
        elif op in ("sc", "scn"):
            fill = max(numbers(space))
        elif op == "Tf":
            if len(operands) != 2 or operands[0][0] != "n" or operands[1][0] != "f":
                raise NotPlain("Tf")
            face, size = str(operands[0][1]), float(operands[1][1])  # type: ignore[arg-type]
            if proved and face in proved:
                font = proved[face]
            elif substitutes and face in substitutes:
                font = substitutes[face]
            else:
                font = _font(fonts.get(face), marks)
        elif op in ("Td", "TD"):
            dx, dy = numbers(2)
            line_x, line_y = line_x + dx, line_y + dy
            x, y = line_x, line_y
        elif op == "Tm":
            a, b, c, d, e, f = numbers(6)
            if (a, b, c, d) != (1, 0, 0, 1):
                raise NotPlain("text scaled or turned")
            x = line_x = e
            y = line_y = f
        elif op in ("Tc", "Tw", "Ts", "Tr"):
            if numbers(1) != [0]:
                raise NotPlain("text spaced, raised or not filled")
        elif op == "Tz":
            if numbers(1) != [100]:
                raise NotPlain("text stretched")
        elif op == "Tj":
            if not in_text or font is None or len(operands) != 1 or operands[0][0] != "s":
                raise NotPlain("Tj")
            raw = operands[0][1]
            assert isinstance(raw, bytes)
            if isinstance(font, ProvedFont):  # (glyphs as the font we ship draws them)
                if fill > DARK or size < MIN_SIZE or y - clip[1] <= BASELINE_IN:
                    raise NotPlain("text that may not show, light, small or on the clip")
                got = proved_run(font, raw, x, y, size, clip, bands is not None)
                if bands is not None:
                    bands.extend(got.tails)
                    cut, loose = cut or bool(got.tails), loose or got.loose
                drawn.add((face, size, clip))
                if got.text:
                    runs.append(run := (x, x + got.advance, y, size, got.text, font.name))
                    if reaches is not None:
                        reaches[run] = (got.below, got.above)
                x += got.advance
                operands = []
                continue
            if isinstance(font, SubstituteFont):  # (marks a viewer draws in a font of its own)
                if fill > DARK or size < MIN_SIZE or y - clip[1] <= BASELINE_IN or looked is None:
                    raise NotPlain("marks that may not show, light, small or on the clip")
                text, cell = mark_run(font, raw, x, y, size, clip, min(NEAR, SLACK * size))
                runs.append(run := (x, cell[2], y, size, text, font.name))
                if reaches is not None:
                    reaches[run] = (y - cell[1], cell[3] - y)
                looked.append(cell)
                x = cell[2]
                operands = []
                continue
            if not set(raw) <= font[1] or fill > DARK or size < MIN_SIZE:
                raise NotPlain("text that may not read as drawn, light or small")
            if font[0] in SLANTED:
                raise NotPlain("a slanted style, whose glyphs' boxes lean over their neighbours'")
            text = raw.decode("cp1252")  # (bytes of the font's encoding: read so)
            advance = stringWidth(text, font[0], size)
            slack = min(NEAR, SLACK * size)
            if font[0] == "ZapfDingbats":  # (a mark: its glyph's box, whole)
                if len(raw) != 1:
                    raise NotPlain("no mark, or more than one")
                left, below, right, above = (v / 1000 for v in MARKS[raw[0]])
                start, end = x + left * size, x + right * size
                bottom, top = y + below * size, y + above * size
            else:
                below, above, tails, shown, kept, hanging, hooked, accents, tips = ink_reach(
                    raw, font[0], MARGIN
                )
                # (from its first ink to its last: a line's spaces at its end draw
                # nothing, PyMuPDF's past the clip)
                start, end = ink_span(raw, font[0], size, x, MARGIN)
                bottom, top = y - below * size, y + above * size
                if y + accents * size > clip[3] + slack and y + tips * size <= clip[3]:
                    # (marks above letters, their tips cut: every other letter whole,
                    # without the slack, which the general path allows marks alone)
                    if top > clip[3]:
                        raise NotPlain("a letter cut beside a mark's tip")
                    top = clip[3]
                else:
                    top = max(top, y + accents * size)
                drawn.add((face, size, clip))
                if y - clip[1] <= BASELINE_IN:
                    if under is None:
                        raise NotPlain("a baseline on or under the clip")
                    if text:  # (what the clip cuts of it: cutlines.py judges)
                        under.append(((x, x + advance, y, size, text, font[0]), clip))
                    bottom = clip[1]
                else:
                    tails_cut = y - tails * size < clip[1] - slack
                    hook_cut = hooked and y - hooked * size < clip[1] - slack
                    if hook_cut and (
                        size * scale < CEDILLA_SIZE or paired
                    ):  # (.inkspan.CEDILLA_SHOWN, .inkspan.J_SHOWN)
                        raise NotPlain("a cedilla or a j cut small, or by a clip of two rectangles")
                    # (shorter than it must show: only as the general path vouches for it)
                    short = tails_cut and y - clip[1] < shown * size
                    if short and (bands is None or y - clip[1] < kept * size):
                        raise NotPlain("a letter's tail cut short")
                    cut |= short
                    if bands is not None and raw:
                        keys, reach = OVERHANG[font[0].split("-")[0]]
                        if tails_cut:  # (the first and last glyph's overhang too)
                            over = reach * size
                            bands.append(
                                (start - over, min(y - tails * size, bottom), end + over, clip[1])
                            )
                        left = start - reach * size * (chr(raw[0]) in keys)
                        right = end + reach * size * (chr(raw[-1]) in keys)
                        loose |= left < clip[0] - EDGE or right > clip[2] + EDGE
                        loose |= top > clip[3] + EDGE or bottom < clip[1] - EDGE
                        loose |= y - hanging * size < clip[1] - EDGE  # (a comma cut)
            if not within_by((start, bottom, end, top), clip, slack):
                raise NotPlain("text cut by its box or a clip")
            if text:
                runs.append((x, x + advance, y, size, text, font[0]))
            x += advance
        else:
            raise NotPlain(f"the operator {op}")
        operands = []
    if marked or in_text:
        raise NotPlain("unended text or marked content")
    if cut and loose:
        raise NotPlain("a letter's tail cut beside a letter cut")
    if under and len(drawn) > 1:
        raise NotPlain("a value cut below its box in more than one font, size or clip")
    faces = {face for face, _, _ in drawn}
    if len(faces) > 1 and not marks:  # (the general path may look at it: review of session 61)
        raise NotPlain("a value drawn in more than one font")
    if used is not None and faces and not marks:
        (face,) = faces
        node = fonts.get(face)
        name = node.get("/BaseFont") if type(node) is dict else None
        if not isinstance(name, str):
            raise NotPlain("a font without a name")
        used.append((name[1:], bool(proved and face in proved)))
    return runs


def plain_font(node: Node) -> bool:
    """Whether ``node`` is a standard font of text, not embedded, with no widths or map of
    its own, in the WinAnsi or its standard encoding (what :func:`plain_text` reads)."""
    try:
        _font(node)
    except NotPlain:
        return False
    return True


def _reach_of(line: list[_Run], side: int, reaches: Mapping[_Run, tuple[float, float]]) -> float:
    """Points: how far below (``side`` 0) or above (1) its baseline a line's glyphs reach
    (``reaches``: the runs of proved fonts, measured)."""
    return max(
        reaches[r][side]
        if r in reaches
        else max(
            glyph_reaches(r[5].split("-")[0])[b][side] * r[3] / 1000 for b in r[4].encode("cp1252")
        )
        for r in line
    )


def read_runs(runs: list[_Run], reaches: Mapping[_Run, tuple[float, float]]) -> str | None:
    """The runs' text, lines from the top joined by spaces (a line's spaces at its ends
    show nothing: PyMuPDF ends each line but the last with one), each line's runs
    abutting, drawn in reading order, apart by most of their size and no line's glyphs
    reaching another's (raises otherwise: PDFium's text layer keeps the order drawn and
    merges lines close together, and the general path reads such lines by OCR, "is
    gappy" under "Jogging" as "is sappy", review 40)."""
    if not runs:
        return None
    if runs != sorted(runs, key=lambda run: (-round(run[2], 3), run[0])):
        raise NotPlain("lines or runs drawn out of reading order")
    lines: dict[float, list[_Run]] = {}
    for run in runs:
        lines.setdefault(round(run[2], 3), []).append(run)
    out = []
    baselines = sorted(lines, reverse=True)
    for upper, lower in itertools.pairwise(baselines):
        size = max(r[3] for r in lines[upper] + lines[lower])
        reach = _reach_of(lines[upper], 0, reaches) + _reach_of(lines[lower], 1, reaches)
        if upper - lower < max(0.8 * size, reach):
            raise NotPlain("lines whose glyphs reach over each other")
    for baseline in baselines:
        row = sorted(lines[baseline])
        for before, after in itertools.pairwise(row):
            if abs(after[0] - before[1]) > NEAR:
                raise NotPlain("runs of a line apart or over each other")
            if (before in reaches or after in reaches) and after[0] < before[1] - ABUT:
                # (as far apart as their font sets them, across runs too: .provedtext)
                raise NotPlain("runs of a proved font set over each other")
        line = "".join(r[4] for r in row).strip(" ")  # (spaces at its ends: unseen)
        if odd_line(line, LINE_END_DASHES):  # (at its end or start, or marks alone)
            raise NotPlain("a dash at a line's end or start, or a line of marks alone")
        out.append(line)
    return " ".join(line for line in out if line) or None
