"""A page's characters for reading its text, as arrays, read from PDFium in one sweep.

Reading a page's text in reading order (:mod:`.textlines`) needs every character with
its loose box (advance width, font ascent and descent, so marks above the line stay on
it): a few thousand per page. Made one by one into Python tuples they cost about
4 microseconds a character; here the page's text comes in one call, the units PDFium
uses for nothing are set aside with numpy, and PDFium writes each kept character's box
straight into a numpy array (one C call a character, no Python object). Only the few
characters that need more (marks, shaped scripts, spaces PDFium made up) are looked at
one by one. The rules are those of reading the characters one at a time in text order:

* a code unit 0, CR, LF, 0xFFFE, 0xFFFF or a lone surrogate gives no character, nor
  does a character PDFium gives no box; PDFium's hyphen (0x02, made up or at a line's
  end) reads ``-``, but a glyph a font maps to U+0002 is a control code (a hole), and
  one it maps to CR or LF (PDFium's own line ends are generated) reads U+FFFD;
* an upright character's loose box reaches down to its baseline: PDFium's box of a
  font with no ascent or descent (cairo's Type 3 fonts) is its glyph's ink up to the
  font's top, and a quote's stood above its line (:func:`.charboxes.down_to_baselines`);
  a Type 3 glyph drawn wholly off its line is read where it stands (:mod:`.type3place`);
* a high surrogate followed by a low one (PDFium gives a character outside the BMP,
  "𠮷", as two) is one character, over the union of their boxes (:func:`astral`);
* a mark (a vowel sign, a virama: from U+0300, category M) stays with the character
  before it unless that is a space, and the cluster reaches as far as its last mark; a
  vowel sign an Indic script draws left of its consonant (:data:`PRE_BASE`), drawn
  before it in the content (a print, in visual order), goes with the cluster drawn just
  right of it, after its consonant (Ghostscript's print of 'தேவி' draws ே, then த: the
  ே was read with the date before the name); a
  Hebrew point or an Arabic vowel sign (printers draw them before their letter or
  after it) goes with the letter read near it, on its line, whose box holds it across
  (:func:`_base_of`);
* the characters PDFium takes from one ``/ActualText`` span (:mod:`.spans`) are one
  character: the span's text, in logical order, from where its drawing starts to the
  right of all its glyphs (PDFium's order of them is not reliable: reversed in
  right-to-left text, a span of two operators read twice); a span of a space PDFium
  gives nothing for is a space where its glyph is drawn;
* characters PDFium reports in a form XObject's own space are put back on the page
  (:class:`.charplace.Placer`), on their line's baseline box;
* a space of no width (one PDFium made up) is kept only where it stands for the space
  of an ``/ActualText`` span next to it, or between two letters of a shaped script on
  their line (word breaks no gap shows), and not inside the box of a letter next to it
  (no gap at all); elsewhere the gap between the boxes says the same;
* on a page with right-to-left letters, each character that is not a space has the
  level of the :data:`~.bidi.LEVEL_MARK` run it is drawn in (0 outside any): a value
  ``fill`` drew is put back in logical order by the levels it was drawn at, not by
  levels worked out again from the order drawn, which is not always the same ("Ali
  محمد 2nd" is drawn "Ali 2 دمحمnd", and that read as logical is drawn otherwise).
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .bidi import LEVEL_MARK, base_rtl
from .charboxes import Boxes, KnownStart, down_to_baselines, page_boxes
from .charplace import FIRST_SHAPED, Placer, no_breaks
from .codetable import CodeTable, as_text
from .pdfiummirror import unmirrored
from .prebase import PRE_BASE, cluster_after, drawn_first, with_vowel
from .spans import Blank, read_spans
from .type3place import type3_places

__all__ = ["Chars", "read_chars"]

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
Levels = npt.NDArray[np.int8]
Codes = npt.NDArray[np.int32]
Texts = npt.NDArray[np.object_]

_DROPPED = (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF)
_USELESS = CodeTable(lambda c: (c in _DROPPED or 0xD800 <= c <= 0xDFFF,), 1, np.bool_)
"""Per code unit: one of :data:`_DROPPED`, or a surrogate (read only as a pair, :func:`astral`)."""
_FIRST_MARK = 0x300
_NEAR_SPAN = FIRST_SHAPED
"""A made-up space is looked at only next to a character from here on (what
:meth:`.charplace.Placer.added_space` looks for)."""


class Chars:
    """Characters of a page (each with the marks after it): ``texts`` (an array of
    ``str``), the codes of the first and last character of each (``first``, ``last``),
    their loose boxes (``left``, ``right``, ``bottom``, ``top``), ``levels`` (see the
    module; -1 for a space, which takes its neighbours'), and per character whether it
    is a whole box's text read as one (``unit``) and whether it is an ``/ActualText``
    span's text, in logical order, kept whole when a right-to-left line is put in
    logical order (``atom``, :mod:`.spans`)."""

    __slots__ = (
        "atom", "bottom", "first", "last", "left", "levels", "right", "texts", "top", "unit"
    )  # fmt: skip

    def __init__(
        self,
        texts: Texts,
        first: Codes,
        last: Codes,
        boxes: tuple[Floats, Floats, Floats, Floats],
        levels: Levels,
        unit: Flags | None = None,
        atom: Flags | None = None,
    ) -> None:
        self.texts = texts
        self.first = first
        self.last = last
        self.left, self.right, self.bottom, self.top = boxes
        self.levels = levels
        self.unit = np.zeros(len(texts), bool) if unit is None else unit
        self.atom = np.zeros(len(texts), bool) if atom is None else atom

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, which: npt.NDArray[np.intp]) -> Chars:
        """The characters at positions ``which``, in that order."""
        return Chars(
            self.texts[which],
            self.first[which],
            self.last[which],
            (self.left[which], self.right[which], self.bottom[which], self.top[which]),
            self.levels[which],
            self.unit[which],
            self.atom[which],
        )

    def with_units(self, units: Sequence[tuple[str, float, float, float, float]]) -> Chars:
        """These characters and, after them, ``units``: ``(text, left, right, bottom, top)``
        of boxes read as one text each (never empty)."""
        if not units:
            return self
        columns = list(zip(*units, strict=True))
        texts = np.empty(len(units), object)
        texts[:] = columns[0]
        extra = [np.array(column, np.float64) for column in columns[1:]]
        return Chars(
            np.concatenate((self.texts, texts)),
            np.concatenate((self.first, np.array([ord(t[0]) for t in columns[0]], np.int32))),
            np.concatenate((self.last, np.array([ord(t[-1]) for t in columns[0]], np.int32))),
            (
                np.concatenate((self.left, extra[0])),
                np.concatenate((self.right, extra[1])),
                np.concatenate((self.bottom, extra[2])),
                np.concatenate((self.top, extra[3])),
            ),
            np.concatenate((self.levels, np.zeros(len(units), np.int8))),
            np.concatenate((self.unit, np.ones(len(units), bool))),
            np.concatenate((self.atom, np.zeros(len(units), bool))),
        )


def empty() -> Chars:
    none = np.zeros(0, np.float64)
    codes = np.zeros(0, np.int32)
    return Chars(np.empty(0, object), codes, codes, (none, none, none, none), np.zeros(0, np.int8))


@functools.cache
def _kind(code: int) -> tuple[bool, bool, bool]:
    """Whether the character of ``code`` is a mark that joins the one before, a space,
    and a right-to-left letter."""
    char = chr(code)
    return (
        code >= _FIRST_MARK and unicodedata.category(char)[0] == "M",
        char.isspace(),
        unicodedata.bidirectional(char) in ("R", "AL"),
    )


@functools.cache
def _shaped_code(code: int) -> bool:
    """Whether ``code`` is a letter or mark of a script shaped by the filler (Hebrew on)."""
    return code >= FIRST_SHAPED and unicodedata.category(chr(code))[0] in "LM"


def _shaped(codes: npt.NDArray[np.uint16]) -> Flags:
    """:func:`_shaped_code` of each code."""
    return np.array([_shaped_code(c) for c in codes.tolist()], bool)


_KINDS = CodeTable(_kind, 3, np.bool_)


def _unmade_breaks(raw: Any, codes: npt.NDArray[np.uint16]) -> npt.NDArray[np.uint16]:
    """``codes`` with each CR or LF that PDFium did not make (its own line ends are
    generated), and each other control code read as white space (a tab, a form feed:
    Ghostscript's Bengali ya-phala in 'সত্যজিৎ') whose glyph has ink, as U+FFFD: a glyph a
    font maps to a line break or a tab names no character (mutool's print of a joined Arabic form,
    whose marks were then read with a date beside the name; of the Gujarati half form
    'ત્', read as a space: 'મહા મા ગાંધી'), a hole. Looked for only on pages with a letter
    of a shaped script (a call a line break or tab)."""
    breaks = np.flatnonzero(((codes >= 9) & (codes <= 13)) | ((codes >= 28) & (codes <= 31)))
    if not breaks.size or not (codes >= FIRST_SHAPED).any():
        return codes
    unmade = [
        k
        for k in breaks.tolist()
        if pdfium_c.FPDFText_IsGenerated(raw, k) != 1 and (codes[k] in (10, 13) or _inked(raw, k))
    ]
    if not unmade:
        return codes
    out = codes.copy()
    out[unmade] = 0xFFFD
    return out


def _line_end_hyphens(raw: Any, codes: npt.NDArray[np.uint16]) -> npt.NDArray[np.uint16]:
    """``codes`` with PDFium's hyphen at a line's end as the hyphen code (2): the page's
    text in one call gives U+FFFE for it, which names no character, where the
    character's own code is 2 (a Chromium print of "Käthe Müller-" / "Lüdenscheidt" was
    read "Käthe Müller Lüdenscheidt", another name than its other places)."""
    ends = np.flatnonzero(codes == 0xFFFE)
    hyphens = [k for k in ends.tolist() if pdfium_c.FPDFText_IsHyphen(raw, k) == 1]
    if not hyphens:
        return codes
    out = codes.copy()
    out[hyphens] = 0x02
    return out


def _inked(raw: Any, index: int) -> bool:
    """Whether character ``index`` of a text page has a glyph with ink (a tight box)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    found = pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
    return bool(found) and right.value - left.value > 0.1 and top.value - bottom.value > 0.1


def _hyphens(raw: Any, index: npt.NDArray[np.intp], code: npt.NDArray[np.uint16]) -> Flags:
    """Per character, whether it is PDFium's hyphen (code 2, made up or a line's end);
    a glyph a font maps to U+0002 is no hyphen: it names no character (mutool's and
    Ghostscript's prints map joined Arabic forms to control codes), a hole."""
    hyphen: Flags = code == 0x02
    for k in np.flatnonzero(hyphen).tolist():
        at = int(index[k])
        hyphen[k] = bool(
            pdfium_c.FPDFText_IsHyphen(raw, at) == 1 or pdfium_c.FPDFText_IsGenerated(raw, at) == 1
        )
    return hyphen


def _right_to_left_mark(code: int) -> bool:
    """Whether ``code`` is a mark of the Hebrew, Arabic, Syriac or Thaana blocks (or
    their presentation forms)."""
    return 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


MARK_REACH = 6
"""Letters each way, in PDFium's order, among which a right-to-left mark's letter is
looked for (a cluster's glyphs are drawn together, in whatever order)."""
MARK_NEAR = 0.05
"""Of a line's height, how far across from a mark the letter read next to it may stand
and still be its letter, whatever other letters near it in PDFium's order hold it (a
holam stands over the gap to the letter before its own)."""


def _base_of(k: int, letter: Flags, boxes: tuple[npt.NDArray[np.float64], ...]) -> int:
    """The letter (``letter`` says which characters are) a right-to-left mark ``k``
    belongs to, on its line (the loose boxes meet up and down): the letter read just
    before or just after it, the nearer across, when it stands within :data:`MARK_NEAR`
    of the mark's middle; else of the :data:`MARK_REACH` letters each way, the one
    whose box holds the middle or is nearest to it, within the line's height; -1 for
    none. Printers draw Hebrew points and Arabic vowels before their letter or after
    it, as the shaper ordered the glyphs, and a word's letters in another order:
    Ghostscript's print of 'שָׂרָה לֵוִי' draws the qamats and sin dot of its shin before
    the shin, and the letter read before them is the last of the line above; of
    'Sarah שָׂרָה Cohen', resh, he, qamats, shin."""
    left, right, bottom, top = boxes
    middle, height = (left[k] + right[k]) / 2, top[k] - bottom[k]

    def away(o: int) -> float:
        return float(max(left[o] - middle, middle - right[o], 0.0))

    def near(found: Iterable[int]) -> list[int]:
        taken = itertools.islice((o for o in found if letter[o]), MARK_REACH)
        return [o for o in taken if bottom[o] < top[k] and top[o] > bottom[k]]

    before, after = near(range(k - 1, -1, -1)), near(range(k + 1, letter.size))
    beside = min(before[:1] + after[:1], key=away, default=-1)
    if beside >= 0 and away(beside) <= MARK_NEAR * height:
        return beside
    best = min(before + after, key=away, default=-1)
    return best if best >= 0 and away(best) <= height else -1


def _kinds(codes: npt.NDArray[np.uint16]) -> tuple[Flags, Flags, bool]:
    """Per code: a mark, a space (:func:`_kind`); and whether any is right-to-left."""
    table = _KINDS(codes)
    return table[:, 0], table[:, 1], bool(table[:, 2].any())


def astral(codes: npt.NDArray[np.uint16]) -> tuple[Flags, Codes]:
    """Per code unit: whether it is a high surrogate with a low one after it (the two
    are one character outside the BMP), and the code point of each unit (that of its
    pair for such a high surrogate, the unit itself otherwise)."""
    units = codes.astype(np.int32)
    if not ((units >= 0xD800) & (units <= 0xDFFF)).any():
        return np.zeros(units.size, bool), units  # no surrogate: every unit a character
    high = (units >= 0xD800) & (units <= 0xDBFF)
    low = (units >= 0xDC00) & (units <= 0xDFFF)
    pair = np.zeros(units.size, bool)
    pair[:-1] = high[:-1] & low[1:]
    points = units.copy()
    at = np.flatnonzero(pair)
    if at.size:
        points[at] = 0x10000 + ((units[at] - 0xD800) << 10) + (units[at + 1] - 0xDC00)
    return pair, points


def with_low_halves(
    boxes: npt.NDArray[Any],
    read: Callable[[npt.NDArray[np.intp]], tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]],
    candidates: npt.NDArray[np.intp],
    pair: Flags,
    smaller: tuple[bool, bool, bool, bool],
) -> None:
    """Widen the box of each high surrogate of a pair among ``candidates`` to take in its
    low surrogate's (``read``: boxes of code units, and which have one; ``smaller``: per
    column of ``boxes``, whether the union keeps the smaller value)."""
    rows = np.flatnonzero(pair[candidates])
    if not rows.size:
        return
    lows, found = read(candidates[rows] + 1)
    rows, lows = rows[found], lows[found]
    for column, least in enumerate(smaller):
        union = np.minimum if least else np.maximum
        boxes[rows, column] = union(boxes[rows, column], lows[:, column])


def read_chars(
    textpage: pdfium.PdfTextPage,
    known: KnownStart | Boxes | None = None,
    left_out: frozenset[int] = frozenset(),
    *,
    type3: bool = False,
) -> Chars:
    """The characters of ``textpage`` with their loose boxes (see the module for the rules);
    ``known``: the page's own characters, if known, or the boxes of the text page's
    characters already made (:mod:`.charboxes`); ``left_out``: indices of the text page's
    characters not read (cut away by a clip: :mod:`.clipping`); ``type3``: the page draws
    with a Type 3 font (:func:`.type3place.draws_type3`)."""
    raw = textpage.raw
    measured = page_boxes(textpage, known)
    units = measured.units
    count = units.size - 1
    if count <= 0:
        return empty()
    # each bracket as the font maps it, not as PDFium's grouping of its line mirrored it
    codes = _line_end_hyphens(raw, _unmade_breaks(raw, unmirrored(units[:count])))
    pair, points = astral(codes)
    usable = ~_USELESS(codes)[:, 0] | pair
    candidates = np.nonzero(usable)[0]
    rects, found = measured.loose(candidates)  # left, top, right, bottom
    with_low_halves(rects, measured.loose, candidates, pair, (True, False, False, True))
    index = candidates[found]
    kept = rects.take(found.nonzero()[0], axis=0).astype(np.float64)  # (rows[found], by take)
    left, top, right, bottom = (np.ascontiguousarray(kept[:, k]) for k in range(4))
    down_to_baselines(raw, index, bottom, top)  # (a quote of a font with no descent)
    if type3:  # a Type 3 glyph drawn off its line: read where it stands (.type3place)
        for at, (x0, x1, y0, y1) in type3_places(textpage, measured).moved.items():
            row = int(np.searchsorted(index, at))
            if row < index.size and index[row] == at:
                left[row], right[row], bottom[row], top[row] = x0, x1, y0, y1
    code = codes[index]
    mark, space, rtl = _kinds(code)
    n = index.size
    dropped = np.zeros(n, bool)
    if left_out:
        dropped |= np.isin(index, np.fromiter(left_out, np.intp, len(left_out)))
    # spaces of no width: kept only next to a shaped character, when PDFium says so
    place = Placer(raw)
    made_up = np.nonzero(space & (right <= left))[0]
    anchors: dict[int, int] = {}  # a space moved after a span: the span's character
    if made_up.size:
        before = np.concatenate(([0], codes))[index[made_up]]  # the unit before, 0 for none
        after = units[index[made_up] + 1]  # the unit after (the terminating 0 past the end)
        near = ((before >= _NEAR_SPAN) | (after >= _NEAR_SPAN)) & (code[made_up] == 0x20)
        # between two shaped letters no gap says it (see :mod:`.textlines`): kept where
        # PDFium put it, on the page, after the letter before it
        inside = near & _shaped(before) & _shaped(after)
        for k, looked, kept in zip(made_up.tolist(), near.tolist(), inside.tolist(), strict=True):
            moved = place.added_space(int(index[k])) if looked else None
            if moved is None and kept and place.between(int(index[k])):
                continue
            if moved is None:
                dropped[k] = True
            else:
                dx, dy, anchors[k] = moved
                left[k] += dx
                right[k] += dx
                bottom[k] += dy
                top[k] += dy
    # the characters PDFium took from one ``/ActualText`` span: its text, as one unit
    # over all its glyphs (PDFium's box is one of its text objects'); a right-to-left
    # one from where its drawing starts (a gap at the side bearing of the letter left of
    # it, which does not join it, read as a space). Not a left-to-right one: an Indic
    # cluster may start where a dead consonant drawn over it starts, and be read first
    spans, blanks = read_spans(textpage, index, code)
    drawn_by: dict[int, int] = {}  # the position of each span character's unit
    any_span = np.zeros(n, bool)
    for span in spans:
        start = span.start if base_rtl(span.text) else span.box[0]
        left[span.positions], right[span.positions] = start, span.box[2]
        any_span[span.positions] = True
        for p in span.positions:
            drawn_by[p] = span.positions[0] if span.whole else p
    spans = [span for span in spans if span.whole]
    spanned = np.zeros(n, bool)  # in a span, but not its first character
    in_span = np.zeros(n, bool)
    for span in spans:
        in_span[span.positions] = True
        spanned[span.positions[1:]] = True
    # a mark stays with the character before it, unless that is a space; a mark of a
    # right-to-left script, with the letter beside it on its line whose box holds it
    merged = np.zeros(n, bool)
    owners: list[tuple[int, int]] = []
    letter: Flags | None = None
    before_base: list[int] = []  # pre-base vowel signs drawn before their cluster
    for k in np.nonzero(mark & ~in_span)[0].tolist():
        owner = k - 1
        while owner >= 0 and (dropped[owner] or merged[owner] or spanned[owner]):
            owner -= 1
        if rtl and _right_to_left_mark(int(code[k])):
            if letter is None:  # (no mark, space, span or character left unread)
                letter = ~(mark | space | in_span | dropped)
            owner = _base_of(k, letter, (left, right, bottom, top))
        elif int(code[k]) in PRE_BASE and drawn_first(
            k, owner, dropped, mark | space | in_span, (left, right, bottom, top)
        ):
            merged[k] = True
            before_base.append(k)
            continue
        if owner >= 0 and not space[owner]:
            merged[k] = True
            owners.append((owner, k))
    # characters PDFium reports in a form XObject's space: put back on the page
    for k in np.nonzero(((code >= FIRST_SHAPED) | any_span) & ~dropped)[0].tolist():
        at = int(index[k])
        dx, dy = place.shift(at, int(code[k]), bool(any_span[k]))
        if merged[k]:
            right[k] += dx  # where the mark ends, for its cluster's box
        elif dx or dy:
            left[k] += dx
            right[k] += dx
            bottom[k], top[k] = place.line(at)
    boxes = (left, right, bottom, top)
    texts = np.empty(n, object)
    point = points[index]  # a pair's code point at its high surrogate
    texts[:] = list(as_text(point))
    hyphen = _hyphens(raw, index, code)
    texts[hyphen] = "-"
    first = np.where(hyphen, ord("-"), point).astype(np.int32)
    last = first.copy()
    atom = np.zeros(n, bool)
    for positions, text, *_ in spans:  # one text over the union of the span's boxes
        head = positions[0]
        texts[head] = text
        first[head], last[head] = ord(text[0]), ord(text[-1])
        left[head], right[head] = left[positions].min(), right[positions].max()
        bottom[head], top[head] = bottom[positions].min(), top[positions].max()
        atom[head] = True
    merged |= spanned
    for k, at in anchors.items():  # after its span, as wide as its glyphs now are
        row = int(np.searchsorted(index, at))
        if row < n and index[row] == at and row in drawn_by:
            left[k] = right[k] = right[drawn_by[row]]
    for owner, k in owners:  # the cluster reaches as far as its last mark
        texts[owner] += texts[k]
        right[owner] = max(right[owner], right[k])
        last[owner] = point[k]
    for k in before_base:  # into the cluster right of it, from where the sign starts
        owner = cluster_after(k, ~(dropped | merged), texts)
        if owner < 0:
            merged[k] = False
            continue
        texts[owner] = with_vowel(texts[owner], texts[k])
        left[owner] = min(left[owner], left[k])
        bottom[owner], top[owner] = min(bottom[owner], bottom[k]), max(top[owner], top[k])
    if made_up.size:
        dropped[no_breaks(made_up[~dropped[made_up]], ~(dropped | merged), space, boxes)] = True
    keep = np.nonzero(~(dropped | merged))[0]
    levels = np.zeros(keep.size, np.int8)
    if rtl:
        marked = _Levels(raw)
        for row, k in enumerate(keep.tolist()):
            levels[row] = -1 if space[k] else marked.level(int(index[k]))
    chars = Chars(
        texts[keep],
        first[keep],
        last[keep],
        (left[keep], right[keep], bottom[keep], top[keep]),
        levels,
        atom=atom[keep],
    )
    return _with_blanks(chars, blanks) if blanks else chars


def _with_blanks(chars: Chars, blanks: list[Blank]) -> Chars:
    """``chars`` and a space of no width for each span of a space PDFium gave nothing
    for, where its glyph is drawn, on its baseline (as PDFium makes spaces up), unless
    a space stands there already."""
    spaces = np.flatnonzero(chars.first == 0x20)
    added = []
    for x, y, size in blanks:
        near = (np.abs(chars.left[spaces] - x) < _SAME_PLACE * size) & (
            np.abs(chars.bottom[spaces] - y) < _SAME_PLACE * size
        )
        if not near.any():
            added.append((x, y))
    if not added:
        return chars
    xs = np.array([x for x, _ in added], np.float64)
    ys = np.array([y for _, y in added], np.float64)
    texts = np.empty(len(added), object)
    texts[:] = " "
    codes = np.full(len(added), 0x20, np.int32)
    none = np.zeros(len(added), bool)
    return Chars(
        np.concatenate((chars.texts, texts)),
        np.concatenate((chars.first, codes)),
        np.concatenate((chars.last, codes)),
        (
            np.concatenate((chars.left, xs)),
            np.concatenate((chars.right, xs)),
            np.concatenate((chars.bottom, ys)),
            np.concatenate((chars.top, ys)),
        ),
        np.concatenate((chars.levels, np.full(len(added), -1, np.int8))),
        np.concatenate((chars.unit, none)),
        np.concatenate((chars.atom, none)),
    )


_SAME_PLACE = 0.5
"""In font sizes, how near a space must stand to a span of a space to be its space."""


class _Levels:
    """The level of the :data:`~.bidi.LEVEL_MARK` run a character of a text page is drawn
    in, 0 outside any (asked once a text object)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._known: dict[int | None, int] = {}
        self._name = (ctypes.c_ushort * 32)()
        self._size = ctypes.c_ulong()
        self._level = ctypes.c_int()

    def level(self, index: int) -> int:
        obj = pdfium_c.FPDFText_GetTextObject(self._raw, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = min(self._level_of(obj), 125) if obj else 0
        return known

    def _level_of(self, obj: Any) -> int:
        """The level the innermost :data:`~.bidi.LEVEL_MARK` around ``obj`` gives (0)."""
        level = 0
        for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
            if not mark or not pdfium_c.FPDFPageObjMark_GetName(
                mark, self._name, ctypes.sizeof(self._name), ctypes.byref(self._size)
            ):
                continue
            name = bytes(self._name)[: max(self._size.value - 2, 0)].decode("utf-16-le", "replace")
            if name == LEVEL_MARK and pdfium_c.FPDFPageObjMark_GetParamIntValue(
                mark, b"Level", ctypes.byref(self._level)
            ):
                level = self._level.value
        return level
