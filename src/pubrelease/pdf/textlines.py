"""A page's characters (:class:`.chartable.Chars`) grouped into lines in reading order.

Characters are grouped into lines by their vertical overlap, whatever order the content
stream drew them in (a flattened release draws its values after the wording); each line
is read left to right, a gap wider than a sixth of its height being a word break, and
put in logical order (right-to-left runs, :func:`~.bidi.logical_order`) phrase by phrase:
a wide gap (another box or column) starts a phrase of its own. The characters inside
each box where a form draws a value are read on their own as one text (a value set on
two smaller lines, or a right-to-left one, reads as one text in logical order) that
takes its place in the line its box stands on, as a viewer shows it. A box's characters
are those whose centre it holds, and those whose centre is above every box but whose
lower part (:data:`LOW_SHARE` of their height) stands in it: a value typed a little high
with a viewer's text tool, its baseline just under the box's top, sits on the box as a
person reads it, not on the line of wording above.

The work is done on arrays: sorting, the gaps and the word breaks of a page at once; a
line is gathered per run of characters with the same vertical extent (a line of wording
is one such run), and a line is read character by character only when it holds a
right-to-left letter outside a value box.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .bidi import logical_order, reorder
from .chartable import Chars
from .codetable import CodeTable
from .joiner import join_line

__all__ = ["Line", "Rect", "block_text", "lines", "region_texts", "set_apart"]

Rect = tuple[float, float, float, float]

LOW_SHARE = 0.35
"""Share of a character's (loose) height, from its bottom, that a box must hold for the
character to be the box's when its centre is above the box: in Helvetica at 9 to 10 pt
(a loose box from 0.22 em under the baseline to 0.95 em over it), a baseline 1.9 pt or
more under the box's top; the centre leaves the box with the baseline 3.5 pt under it."""


class Line(NamedTuple):
    """One line of text: its box in PDF points (origin bottom-left) and its text. (A named
    tuple, not a frozen dataclass: a page's lines are made on every reading, and a
    frozen dataclass takes several times as long to make.)"""

    page: int
    left: float
    bottom: float
    right: float
    top: float
    text: str


_SPACED = frozenset({"LATIN", "GREEK", "CYRILLIC", "DIGIT", "CJK", "HANGUL", "HIRAGANA"})
_SPACED |= {"KATAKANA", "FULLWIDTH"}
_SCRIPTS: dict[str, int] = {}


@functools.cache
def _letter(code: int) -> tuple[bool, bool, int, bool]:
    """Of one character: a space; a letter of a script whose glyphs overlap, reorder and
    join (Arabic, Hebrew, Indic, Thai...), where gaps are the shaping's (or
    ``/ActualText``'s), not spaces; its script (the first word of its name, as a number);
    and whether it is a right-to-left letter."""
    char = chr(code)
    script = unicodedata.name(char, " ").split(" ")[0]
    number = _SCRIPTS.setdefault(script, len(_SCRIPTS))
    unspaced = not char.isascii() and script not in _SPACED
    return char.isspace(), unspaced, number, unicodedata.bidirectional(char) in ("R", "AL")


_letters = CodeTable(_letter, 4, np.int32)
""":func:`_letter` of each code of an array, as rows of numbers."""


CUT_SHOWN = 0.1
"""Of a letter's width, how much a box whose value is cut at its right edge must show of
it for the letter to be the box's (PDFium's box of the form's comma after the speaker's
name starts 0.000004 points inside that box: review of session 68)."""


def _owners(chars: Chars, rects: list[Rect], cut: Collection[int] = ()) -> npt.NDArray[np.intp]:
    """Per character, the first of ``rects`` that holds its centre (-1 for none); of the
    boxes ``cut`` (by index: a value set larger than them, its end cut away at their right
    edge, :mod:`.clipping`), also a character across that edge, its middle at the box's
    height: the letter the edge cuts through, which the box shows part of (pypdf 3's
    title "... Certificates fo|r Deep ..." read "... fr Deep ... Practiceo"), more than
    :data:`CUT_SHOWN` of it (the form's comma after the name's box starts on its edge)."""
    if not rects:
        return np.full(len(chars), -1, np.intp)
    owner = _centred(chars, rects)
    middle = (chars.bottom + chars.top) / 2
    for k in cut:
        x0, y0, x1, y1 = rects[k]
        shown = x1 - chars.left  # (of the letter, inside the box)
        across = (owner < 0) & (shown > CUT_SHOWN * (chars.right - chars.left)) & (chars.right > x1)
        across &= chars.left >= x0
        owner[across & (middle >= y0) & (middle <= y1)] = k
    return owner


def _centred(chars: Chars, rects: list[Rect]) -> npt.NDArray[np.intp]:
    """Per character, the first of ``rects`` that holds its centre (-1 for none)."""
    x = (chars.left + chars.right) / 2
    y = (chars.bottom + chars.top) / 2
    edges = np.array(rects, np.float64)
    bottom, top = chars.bottom, chars.top
    if not np.isfinite(edges).all():
        return _held(x, y, bottom, top, edges)
    # each rectangle is tried only on the characters some rectangle may hold (a page's
    # wording lies outside its value boxes): across the rectangles' span, their centre
    # within the rectangles' height, or their bottom (see _held: the bottom is under
    # the top of a rectangle where the character is not upside down)
    low, high = edges[:, 1].min(), edges[:, 3].max()
    maybe = (x >= edges[:, 0].min()) & (x <= edges[:, 2].max())
    maybe &= ((y >= low) & (y <= high)) | (
        (bottom >= low) & (y > edges[:, 3].min()) & ((bottom <= high) | (top < bottom))
    )
    at = np.flatnonzero(maybe)
    owner = np.full(len(chars), -1, np.intp)
    owner[at] = _held(x.take(at), y.take(at), bottom.take(at), top.take(at), edges)
    return owner


def _held(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    bottom: npt.NDArray[np.float64],
    top: npt.NDArray[np.float64],
    edges: npt.NDArray[np.float64],
) -> npt.NDArray[np.intp]:
    """Per character (its centre ``x``, ``y`` and its ``bottom`` and ``top``), the first
    row of ``edges`` (rectangles: left, bottom, right, top) that holds it (-1 for none)."""
    x0, y0, x1, y1 = (edge[:, None] for edge in edges.T)
    holds = (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)  # rectangle x character
    unheld = ~holds.any(axis=0)
    if unheld.any():  # a value typed a little high, sitting on its box (see the module)
        low = (x0 <= x) & (x <= x1) & (y0 <= bottom) & (y1 < y)
        low &= y1 - bottom >= LOW_SHARE * (top - bottom)
        holds |= low & unheld
    first = np.argmax(holds, axis=0)  # the first rectangle holding it (0 for none)
    owner: npt.NDArray[np.intp] = np.where(holds.any(axis=0), first, -1).astype(np.intp)
    return owner


def set_apart(chars: Chars, rects: list[Rect]) -> tuple[list[Chars], Chars]:
    """The characters inside each of ``rects`` (the first that holds a character's
    centre), and the rest."""
    owner = _owners(chars, rects)
    inside = [chars.take(np.flatnonzero(owner == k)) for k in range(len(rects))]
    return inside, chars.take(np.flatnonzero(owner < 0))


def region_texts(
    chars: Chars, rects: list[Rect], page: int, cut: Collection[int] = ()
) -> tuple[list[str], Chars]:
    """The text of the characters inside each of ``rects`` (the first that holds a
    character's centre; ``cut``: as :func:`_owners` says), each read as a value box's
    (:func:`block_text`), and the rest."""
    owner = _owners(chars, rects, cut)
    return _block_texts(chars, owner, len(rects), page), chars.take(np.flatnonzero(owner < 0))


def block_text(found: Chars, page: int) -> str:
    """The text of the characters of one box where a form draws a value: its lines, top
    to bottom, joined (each read as a value is, :func:`lines` ``value``) by spaces, but
    before a line that starts with :data:`~.joiner.JOINER`."""
    return _block_texts(found, np.zeros(len(found), np.intp), 1, page)[0]


def _block_texts(chars: Chars, owner: npt.NDArray[np.intp], count: int, page: int) -> list[str]:
    """The text of each of ``count`` boxes, of the characters whose ``owner`` it is (the
    others, -1, are left out), as :func:`block_text` reads one; all boxes at once."""
    inside = np.flatnonzero(owner >= 0)
    texts = [""] * count
    if inside.size:
        found = chars.take(inside)
        for box, line in _read(found, owner[inside], page, value=True):
            texts[box] = join_line(texts[box], line.text)
    return texts


def _with_blocks(
    chars: Chars, page: int, rects: list[Rect], after: dict[int, str] | None = None
) -> Chars:
    """The characters with those inside each of ``rects`` replaced by one unit: the box's
    text (:func:`block_text`), as wide as its characters and as high as the box, and
    after it, ``after`` (by box: the text a clip cut from its end, :mod:`.clipping`)."""
    owner = _owners(chars, rects, after or ())
    texts = _block_texts(chars, owner, len(rects), page)
    units = []
    for k, (text, rect) in enumerate(zip(texts, rects, strict=True)):
        if text and after and k in after:
            text += after[k]
        if text:
            mine = owner == k
            units.append(
                (
                    text,
                    float(chars.left[mine].min()),
                    float(chars.right[mine].max()),
                    rect[1],
                    rect[3],
                )
            )
    return chars.take(np.flatnonzero(owner < 0)).with_units(units)


def _rows(
    bottom: npt.NDArray[np.float64], top: npt.NDArray[np.float64], group: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Characters ordered by ``group`` and, in a group, from the top by the middle of
    their boxes (stable); and each one's row: a character whose middle lies within the
    row's extent so far joins it (rows never span groups).

    Characters of one extent in a row are looked at together: the first of them joins
    the row or starts one, and the others, whose middles lie within it, follow it."""
    order = np.lexsort((-(top + bottom), group))
    b, t, g = bottom[order], top[order], group[order]
    new_group = np.concatenate(([True], g[1:] != g[:-1]))
    starts = np.flatnonzero(
        new_group | np.concatenate(([True], (b[1:] != b[:-1]) | (t[1:] != t[:-1])))
    )
    row_of_run = []
    row = -1
    low = high = 0.0
    fresh = new_group[starts].tolist()
    for lo, hi, first in zip(b[starts].tolist(), t[starts].tolist(), fresh, strict=True):
        middle = (hi + lo) / 2
        if not first and low <= middle <= high:
            # min(low, lo) and max(high, hi), without the calls (the first kept on a tie)
            low = lo if lo < low else low
            high = hi if hi > high else high
        else:
            row += 1
            low, high = lo, hi
        row_of_run.append(row)
    sizes = np.diff(np.append(starts, b.size))
    return order, np.repeat(np.array(row_of_run, np.intp), sizes)


def _across(
    rows: npt.NDArray[np.intp], left: npt.NDArray[np.float64], right: npt.NDArray[np.float64]
) -> npt.NDArray[np.intp]:
    """``np.lexsort((right, left, rows))``: positions by row, then left edge, then right
    edge, then position (``rows``: each position's row, from 0).

    That sort's three stable passes over floats are a fifth of reading a page; where no
    two characters of a row start at one place (nearly every page) the right edges and
    the positions decide nothing, and one sort of the left edges then one by rows (a
    stable radix sort of small whole numbers) give the same order. Else, and with an
    edge that is not a number, the three passes."""
    if rows.size < 2 or rows.size > 0xFFFF or np.isnan(left).any():
        return np.lexsort((right, left, rows))
    by_left = np.argsort(left)
    order = by_left.take(np.argsort(rows.take(by_left).astype(np.uint16), kind="stable"))
    r, edge = rows.take(order), left.take(order)
    if ((r[1:] == r[:-1]) & (edge[1:] == edge[:-1])).any():
        return np.lexsort((right, left, rows))
    return order


_NONE, _SPACE, _PHRASE = 0, 1, 2
_SEPARATORS = np.array(["", " ", "\n"], object)
"""What comes before a character in a page's string: nothing, a space, a line break (a
row's first character)."""
_ROW_APART = 1e7
"""More than any page's width in points: rows set apart for a running maximum."""


def lines(
    chars: Chars,
    page: int,
    blocks: list[Rect] | None = None,
    *,
    value: bool = False,
    after: dict[int, str] | None = None,
) -> tuple[Line, ...]:
    """The characters grouped into lines in reading order (see the module).

    ``blocks``: boxes whose characters are read as one unit each, in the line it stands
    on. ``value``: the characters of a box where a form draws a value, as pubrelease and
    other fillers draw it. There a gap between two letters of a script whose words are
    not read by their gaps elsewhere (Devanagari...) is a word break too: such a value's
    clusters abut (each reaching as far as its last mark), and PDFium drops a space
    glyph drawn alone between two ``/ActualText`` spans, leaving only its advance. A
    line drawn in :data:`~.bidi.LEVEL_MARK` runs (:class:`.chartable.Chars`) is put in
    logical order by their levels ("محمد Ali", "Ali محمد 2nd"). ``after``: text read at
    the end of a block's, by the block's index (its value's end, cut away by a clip).
    """
    if blocks:
        chars = _with_blocks(chars, page, blocks, after)
    return tuple(line for _, line in _read(chars, np.zeros(len(chars), np.intp), page, value))


def _read(
    chars: Chars, group: npt.NDArray[np.intp], page: int, value: bool
) -> list[tuple[int, Line]]:
    """The lines of each group of characters (see :func:`lines`), groups in order."""
    if not len(chars):
        return []
    by_middle, row_sorted = _rows(chars.bottom, chars.top, group)
    # (gathers by take: the same elements as by indexing, without its general machinery;
    # of two starting at one place, the one ending first: a space PDFium made up before
    # a cluster whose box starts where the space stands)
    across = _across(row_sorted, chars.left.take(by_middle), chars.right.take(by_middle))
    order = by_middle.take(across)
    rows = row_sorted.take(across)
    if value:
        order, rows = _without_made_up_spaces(chars, order, rows)
    texts = chars.texts[order]
    left, right = chars.left.take(order), chars.right.take(order)
    bottom, top = chars.bottom.take(order), chars.top.take(order)
    unit = chars.unit.take(order)
    first, last = _letters(chars.first.take(order)), _letters(chars.last.take(order))
    first_space, first_script = first[:, 0].astype(bool), first[:, 2]
    last_space, last_unspaced, last_script = (
        last[:, 0].astype(bool),
        last[:, 1].astype(bool),
        last[:, 2],
    )
    # a right-to-left letter is never a mark: the first character of a text says it, but
    # for a box's text (read already in logical order, and left as it is)
    bidi = first[:, 3].astype(bool) & ~unit
    # what comes between each character and the one before it on its row
    height = top - bottom
    if value:
        # in a value, from the furthest right of the row so far: a conjunct's subjoined
        # letter (its box inside its cluster's) leaves no gap before the next cluster
        shift = rows.astype(np.float64) * _ROW_APART
        reach = np.maximum.accumulate(right + shift) - shift
        gap = left[1:] - reach[:-1]
    else:
        gap = left[1:] - right[:-1]
    tall = np.maximum(np.maximum(height[1:], height[:-1]), 1.0)
    # next to a box's text or a span's (whose box is a baseline's, :mod:`.charplace`),
    # the shorter's height: a font's loose box may be half as tall again as its size
    whole = unit | chars.atom[order]
    either = whole[1:] | whole[:-1]
    # (a space PDFium made up has no height: the other's then)
    h_next, h_prev = height[1:], height[:-1]
    shorter = np.where(
        h_next <= 0, h_prev, np.where(h_prev <= 0, h_next, np.minimum(h_next, h_prev))
    )
    tall[either] = np.maximum(shorter, 1.0)[either]
    spaced = (gap > 0.15 * tall) & ~first_space[1:] & ~last_space[:-1]
    if not value:
        spaced &= ~(last_unspaced[:-1] & (last_script[:-1] == first_script[1:]))
    between = np.where(gap > 1.5 * tall, _PHRASE, np.where(spaced, _SPACE, _NONE))
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    ends = np.append(starts[1:], len(texts))
    # the whole page in one string: a line break before each row, a space at each break
    # (the separators and the texts interleaved in a list, joined once)
    kind = (np.concatenate(([_SPACE], between)) != _NONE).view(np.int8)
    kind[starts] = 2
    pieces: list[str] = [""] * (2 * len(texts))
    pieces[::2] = _SEPARATORS.take(kind).tolist()
    pieces[1::2] = texts.tolist()
    rows_text = "".join(pieces).split("\n")[1:]
    lows = np.minimum.reduceat(bottom, starts).tolist()
    rights = np.maximum.reduceat(right, starts).tolist()
    tops = np.maximum.reduceat(top, starts).tolist()
    mixed = np.logical_or.reduceat(bidi, starts).tolist()
    lefts = left[starts].tolist()
    groups = group[order][starts].tolist()
    out = []
    for row, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if mixed[row]:
            text = _bidi_row(
                texts, between, unit, chars.atom[order], chars.levels[order], (start, end), value
            )
        else:
            text = " ".join(rows_text[row].split())
        if text:
            out.append(
                (groups[row], Line(page, lefts[row], lows[row], rights[row], tops[row], text))
            )
    return out


def _without_made_up_spaces(
    chars: Chars, order: npt.NDArray[np.intp], rows: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``order`` and ``rows`` (a value's characters in reading order, and their rows)
    without the spaces PDFium made up (no height) between two clusters drawn whole
    (``/ActualText`` spans) of one left-to-right script whose words are not read by their
    gaps elsewhere, where the gap is less than a tenth of the shorter's height: PDFium
    makes one up after a cluster whose advance reaches a tenth of an em past its ink
    (Oriya 'ମି' before 'ଖୋ', read 'ମି ଖୋ'); a word's space leaves a quarter of an em,
    over a sixth of such a cluster's height. (An Arabic font's box is taller, and its
    space not much wider than that: right-to-left clusters are left as they are.)"""
    texts = chars.texts.take(order)
    height = chars.top.take(order) - chars.bottom.take(order)
    made = np.flatnonzero((height <= 0) & (texts == " "))
    made = made[(made > 0) & (made < len(order) - 1)]
    if not made.size:
        return order, rows
    first, last = _letters(chars.first.take(order)), _letters(chars.last.take(order))
    whole = (chars.unit | chars.atom).take(order)
    keep = np.ones(len(order), bool)
    for k in made.tolist():
        a, b = k - 1, k + 1
        if not (rows[a] == rows[k] == rows[b] and whole[a] and whole[b]):
            continue
        if not (last[a, 1] and first[b, 1] and last[a, 2] == first[b, 2]):
            continue
        if last[a, 3] or first[b, 3]:
            continue
        gap = float(chars.left[order[b]] - chars.right[order[a]])
        if 0.0 < gap <= 0.1 * min(float(height[a]), float(height[b])):
            keep[k] = False
    return order[keep], rows[keep]


def _bidi_row(
    texts: npt.NDArray[np.object_],
    between: npt.NDArray[np.int_],
    unit: npt.NDArray[np.bool_],
    atom: npt.NDArray[np.bool_],
    levels: npt.NDArray[np.int8],
    span: tuple[int, int],
    value: bool,
) -> str:
    """The text of a row (``span``: start, end) holding right-to-left letters: each phrase
    put in logical order, the texts of value boxes (already in logical order) as they
    are, and those of ``/ActualText`` spans (``atom``) moved whole, never reversed. A
    value's characters drawn in marked runs (``levels``) are ordered by those levels."""
    start, end = span
    marked = value and bool((levels[start:end] > 0).any())
    parts: list[str] = []
    """Pieces: a character, or a span's whole text."""
    spans: list[bool] = []
    """Whether each piece is a span's text."""
    ranks: list[int] = []
    """The level of each piece (-1: a space, at its neighbours')."""
    done: list[str] = []  # the phrase so far: runs in logical order and block texts
    phrases: list[str] = []

    def ordered() -> str:
        return _by_levels(parts, ranks) if marked else logical_order(parts, spans=spans)

    for k in range(start, end):
        if k > start and between[k - 1] == _PHRASE:  # another box or column
            phrases.append("".join(done) + ordered())
            parts, spans, ranks, done = [], [], [], []
        elif k > start and between[k - 1] == _SPACE:
            parts.append(" ")
            spans.append(False)
            ranks.append(-1)
        if unit[k]:
            done.append(ordered() + texts[k])
            parts, spans, ranks = [], [], []
        elif atom[k]:
            parts.append(texts[k])
            spans.append(True)
            ranks.append(int(levels[k]))
        else:  # a character with its marks: moved whole (a mark stays after its letter)
            parts.append(texts[k])
            spans.append(False)
            ranks.append(int(levels[k]))
    phrases.append("".join(done) + ordered())
    return " ".join(" ".join(phrases).split())


def _by_levels(pieces: list[str], levels: list[int]) -> str:
    """``pieces``, drawn left to right at ``levels``, in logical order (L2 undone); a
    space (-1) is at the lower level of the pieces on either side of it (N1-N2)."""
    known = [(i, level) for i, level in enumerate(levels) if level >= 0]
    if not known:
        return "".join(pieces)
    filled = list(levels)
    for i, level in enumerate(levels):
        if level < 0:
            left = next((v for j, v in reversed(known) if j < i), None)
            right = next((v for j, v in known if j > i), None)
            filled[i] = min(v for v in (left, right) if v is not None)
    return "".join(pieces[i] for i in reorder(filled))
