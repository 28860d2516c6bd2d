"""Whether a box's glyphs stand as they are read: the order and overlap checks of
:mod:`.vouching` (a box whose glyphs its file proves to be what its text layer reads)."""

from __future__ import annotations

import itertools
import unicodedata

from ..pdf.rendering import Box, Glyph

__all__ = ["LOW", "LOW_GAP", "OVERLAP", "arranged", "shown_alike_otherwise"]

OVERLAP = 0.35
"""Of the narrower of two glyphs' ink boxes, how much another may cover (kerned pairs
such as "AV" or "Ty" overlap by a tenth or so; a glyph drawn over another, more)."""
LOW = frozenset("_\u2017")
"""Glyphs that stand wholly below the baseline (a low line, a double low line): on the
line they follow when their top is within :data:`LOW_GAP` of its height below it (in
Helvetica an underscore's top is 0.175 of the size under the baseline, the line's
letters 0.53 to 0.73 tall: "Notes_on_the_Engine" was read as lines, each underscore a
line of its own, and its box sent to OCR, which reads nothing at 4 points)."""
LOW_GAP = 0.5
"""Of a line's height (its letters' boxes, top to bottom), how far below them a
:data:`LOW` glyph's top may stand on that line (a next line's glyphs stand a line's
spacing lower)."""


def arranged(glyphs: list[Glyph]) -> bool:
    """Whether glyphs (in the text layer's order) stand as they are read: left to right
    along a line (a glyph sharing height with the line's), lines from the top down, and
    none drawn over another by more than :data:`OVERLAP` of the narrower's width.

    Right-to-left letters and combining marks are read by where they stand, not in the
    text layer's order (:mod:`..pdf.textlines` reads a line by position, then puts its
    right-to-left runs in logical order): PDFium gives a print's pointed Hebrew
    'שָׂרָה' as 'רהָשָׂ', neither way along the line, and a vowel point under a letter
    is no line of its own. So a right-to-left letter is held to its line (sharing its
    height, not above it) but not to the order; a mark to neither; every glyph to the
    overlap."""
    last: Glyph | None = None
    started = False
    low = high = 0.0
    for glyph in glyphs:
        kind = _by_position(glyph.char)
        if kind == "mark":
            continue
        left, bottom, right, top = glyph.box
        if started and glyph.char in LOW and low - LOW_GAP * (high - low) < top <= low:
            if last is not None and left + right <= last.box[0] + last.box[2]:
                return False  # not to the right of the glyph read before it
            last = glyph  # (on the line below its letters: the line's height kept)
            continue
        if started and bottom < high and top > low:  # on the line
            if (
                last is not None
                and not kind
                and (left + right <= last.box[0] + last.box[2] or left < last.box[0])
            ):
                return False  # not to the right of the glyph read before it
            low, high = min(low, bottom), max(high, top)
        elif started and top > low:
            return False  # above the line read before it
        else:  # the first line, or the next one below
            low, high, started, last = bottom, top, True, None
        if not kind:
            last = glyph
    ordered = sorted((g.box for g in glyphs), key=_left)
    for index, (a_left, a_bottom, a_right, a_top) in enumerate(ordered):
        for b_left, b_bottom, b_right, b_top in itertools.islice(ordered, index + 1, None):
            if b_left >= a_right:
                break
            # (min and max as the builtins pick: the first unless the second is less, more)
            down = (b_top if b_top < a_top else a_top) - (
                b_bottom if b_bottom > a_bottom else a_bottom
            )
            if not down > 0:
                continue
            across = (b_right if b_right < a_right else a_right) - b_left
            a_wide, b_wide = a_right - a_left, b_right - b_left
            if across > OVERLAP * (b_wide if b_wide < a_wide else a_wide):
                return False
    return True


def _left(box: Box) -> float:
    return box[0]


def shown_alike_otherwise(glyphs: list[Glyph]) -> bool:
    """Whether the glyphs, of both directions, show alike read as a left-to-right and as
    a right-to-left paragraph, and the two readings differ: 'דוד (Dudu)' typed shows as
    '(Dudu) דוד' does, 'Noa נועה' as 'נועה Noa'. A print keeps no paragraph direction
    (:func:`..pdf.bidi.logical_order` takes the left-to-right one); where the glyphs
    stand in the box (``fill`` sets a right-to-left value at its right) is for the
    comparison with ``fill``'s drawing (:mod:`.valueboxes`)."""
    from ..pdf.bidi import MIRROR, display, logical_order

    shown = sorted((g for g in glyphs if not g.invisible), key=lambda g: g.box[0])
    kinds = {unicodedata.bidirectional(g.char) for g in shown}
    if "L" not in kinds or not kinds & {"R", "AL"}:
        return False
    visual = "".join((" " if g.space_before else "") + g.char for g in shown).strip()

    def alike(text: str) -> str:  # (a bracket as either of its pair: drawn mirrored or not)
        return "".join(min(c, MIRROR.get(c, c)) for c in text)

    readings = {alike(logical_order(visual, rtl=rtl)) for rtl in (False, True)}
    return len(readings) > 1 and all(
        alike(display(logical_order(visual, rtl=rtl))) == alike(visual) for rtl in (False, True)
    )


def _by_position(char: str) -> str:
    """ "letter" for a right-to-left letter, "mark" for a combining mark, else "" (see
    :func:`arranged`)."""
    kind = unicodedata.bidirectional(char)
    return "letter" if kind in ("R", "AL") else "mark" if kind == "NSM" else ""
