"""Two renders of a line of type compared glyph by glyph, each glyph where it stands.

A value drawn by another program in a copy of the same font is not the same pixels as
the original drawing: Ghostscript's ``ps2write`` turns a TrueType font into a Type 3 font
of bitmaps (at 720 dpi), whose edges fall otherwise, and places each glyph on its own
rounded position, so that a long line drifts by half a point against the original. A
comparison of the whole box, even blurred (:mod:`.inkcompare`), counts that drift as a
change. Compared glyph by glyph, the drawings are the same: the same connected pieces of
ink (a letter, its dot or accent), in the same order, each where the other has it within
:data:`DRIFT` and, once placed on it, with no difference wider than a rasteriser's edge
(:data:`EDGE`) nor a size differing by more (:data:`SIZE`). A letter changed ('a' for
'e', 'rn' for 'm', a date's figure), an accent added or taken away, a glyph more or
less: a piece of ink is missing, added or not the other's.

Only the height of an 'I' and an 'l' of DejaVu Sans (0.03 em: 0.3 pt at 10 pt) is within
the bitmap's rounding: this tells drawings apart, not letters a font draws alike.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["DPI", "same_glyphs"]

DPI = 600
"""Resolution at which the renders compared are made (the measures below are for it)."""
INK = 128
"""Grey level under which a pixel is ink."""
SPECK = 2
"""Pieces of ink of fewer pixels are not glyphs (a render's stray pixel)."""
DRIFT = 8.0
"""Pixels (0.34 pt) a glyph may stand from where the other render has it; a space more
or less moves the glyphs after it by 25 pixels."""
SIZE = 2
"""Pixels a glyph's width or height may differ by (a bitmap's rounding: 1 at 720 dpi)."""
EDGE = 6
"""Pixels two glyphs placed on each other may differ by, past their edges (of two pixels
or more across: a rasteriser's edge is one)."""
MAX_PIECES = 400
"""Pieces of ink compared in a box, at most (a box with more is not the same)."""


def same_glyphs(shown: npt.NDArray[np.uint8], wanted: npt.NDArray[np.uint8]) -> bool:
    """Whether ``shown`` and ``wanted`` (grey levels, 0 black, the same box rendered at
    :data:`DPI`) draw the same glyphs, each where the other draws it (see the module).
    Two boxes without ink are the same."""
    pieces = [_pieces(image) for image in (shown, wanted)]
    (labels, found), (other_labels, others) = pieces
    if len(found) != len(others) or len(found) > MAX_PIECES:
        return False
    free = list(range(len(others)))
    for label, box, centre in found:
        if not free:
            return False
        near = min(free, key=lambda k: float(np.hypot(*(others[k][2] - centre))))
        other_label, other_box, other_centre = others[near]
        if float(np.hypot(*(other_centre - centre))) > DRIFT:
            return False
        free.remove(near)
        if abs(box[2] - other_box[2]) > SIZE or abs(box[3] - other_box[3]) > SIZE:
            return False
        one = _cut(labels, label, box)
        two = _cut(other_labels, other_label, other_box)
        if _apart(one, two) > EDGE:
            return False
    return True


_Piece = tuple[int, tuple[int, int, int, int], npt.NDArray[np.float64]]
"""A piece of ink: its label, box (left, top, width, height) and centre (x, y)."""


def _pieces(image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.int32], list[_Piece]]:
    """The labels of ``image``'s pieces of ink and the pieces (of :data:`SPECK` pixels
    or more), left to right."""
    import cv2  # (a dependency already, for scans; slow to import: on first use)

    ink = (image < INK).astype(np.uint8)
    _, found, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    labels: npt.NDArray[np.int32] = np.asarray(found, np.int32)
    pieces = [
        (i, (int(s[0]), int(s[1]), int(s[2]), int(s[3])), centres[i])
        for i, s in enumerate(stats)
        if i and int(s[4]) >= SPECK
    ]
    pieces.sort(key=lambda piece: (float(piece[2][0]), float(piece[2][1])))
    return labels, pieces


def _cut(
    labels: npt.NDArray[np.int32], label: int, box: tuple[int, int, int, int]
) -> npt.NDArray[np.uint8]:
    left, top, width, height = box
    cut: npt.NDArray[np.uint8] = (labels[top : top + height, left : left + width] == label).astype(
        np.uint8
    )
    return cut


def _apart(one: npt.NDArray[np.uint8], two: npt.NDArray[np.uint8]) -> int:
    """Pixels by which glyph ``one`` and ``two`` differ, placed on each other as best
    within a pixel each way, once the differences a pixel across (edges) are left out."""
    import cv2

    rows = max(one.shape[0], two.shape[0]) + 4
    cols = max(one.shape[1], two.shape[1]) + 4
    first = np.zeros((rows, cols), np.uint8)
    first[2 : 2 + one.shape[0], 2 : 2 + one.shape[1]] = one
    kernel = np.ones((2, 2), np.uint8)
    best: int | None = None
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            second = np.zeros((rows, cols), np.uint8)
            second[2 + dy : 2 + dy + two.shape[0], 2 + dx : 2 + dx + two.shape[1]] = two
            apart = cv2.morphologyEx(np.bitwise_xor(first, second), cv2.MORPH_OPEN, kernel)
            count = int(apart.sum())
            best = count if best is None else min(best, count)
    return best or 0
