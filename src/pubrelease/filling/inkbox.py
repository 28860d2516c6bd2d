"""A value's ink kept inside its box.

An appearance stream clips at its box: the dots under a final Arabic yeh, lowered by
HarfBuzz to join, reach below a one-line box, and MuPDF and PDFium drew "علي" as "على";
stacked marks reach above it. :func:`inside` moves such a line up or down, and sets it
smaller (down to :data:`LEGIBLE_SIZE`) where its ink is taller than the box. Releases
issued before 1 December 2026 kept every baseline where the box puts it
(:func:`placed_as_before`: ``parse`` compares their returns with that drawing).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..form.template import VALUE_FONT
from .asbefore import setting

if TYPE_CHECKING:
    from ..pdf.shaping import FontFace
    from .glyphlines import Line

__all__ = [
    "EMBOX",
    "EMBOXED_FACES",
    "INK_MARGIN",
    "LEGIBLE_SIZE",
    "breaking_anywhere",
    "ink_of",
    "inking",
    "inside",
    "placed_as_before",
]

LEGIBLE_SIZE = 5.0
"""The smallest size a value is ever set at (below the form's ``min_size``, on two lines)."""

INK_MARGIN = 0.5
"""Points kept between a value's ink and the top or bottom of its box (the appearance
clips at the box): the dots under a final Arabic yeh, lowered to join, reach far below
the baseline."""

EMBOX = (-0.12, 0.88)
"""The ideographic em box of the packaged CJK fonts, in em from the baseline: every
ideograph, kana and Hangul syllable of :data:`EMBOXED_FACES` is drawn inside it
(``tests/test_ink_inside.py`` reads them all)."""
EMBOXED_FACES = frozenset(
    {"NotoSansSC-Regular", "NotoSansTC-Regular", "NotoSansJP-Regular", "NotoSansKR-Regular"}
)
_EMBOXED_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
_EMBOXED = re.compile(f"[{_EMBOXED_CHARS}]+")
"""Kana, CJK ideographs (and extension A) and Hangul syllables."""
_EMBOXED_RUN = re.compile(f"[ \u3000]*[{_EMBOXED_CHARS}][{_EMBOXED_CHARS} \u3000]*")
"""A run of them, with the spaces between a family and a given name ('山田 太郎'):
spaces draw nothing, so the em box bounds the run as well."""

_INSIDE: contextvars.ContextVar[bool] = contextvars.ContextVar("_INSIDE", default=True)
_ANYWHERE: contextvars.ContextVar[bool] = contextvars.ContextVar("_ANYWHERE", default=False)


@contextlib.contextmanager
def placed_as_before(*, moved: bool = False) -> Iterator[None]:
    """Inside it, values are laid out as releases issued before 1 December 2026 drew
    them: no line moved to keep its ink inside the box, a word too wide for its box
    broken between any clusters and unmarked (``parse`` compares a return of such a
    release with the drawing it was issued with). ``moved``: lines moved inside their
    boxes all the same, as releases issued on 1 December 2026 were drawn before words
    were broken where a reader breaks them."""
    with setting(_INSIDE, moved), setting(_ANYWHERE, True):
        yield


def breaking_anywhere() -> bool:
    """Whether a word too wide for its box is broken between any clusters, unmarked
    (inside :func:`placed_as_before`)."""
    return _ANYWHERE.get()


def inking() -> bool:
    """Whether lines are kept inside their boxes (not inside :func:`placed_as_before`)."""
    return _INSIDE.get()


def ink_of(
    line: Line, faces: Mapping[str, FontFace], cache: dict[int, tuple[float, float]]
) -> tuple[float, float]:
    """The lowest and highest ink of ``line``'s glyphs in fonts of its own (``faces`` by
    resource name), from the baseline at 1 pt (infinities when it has none); ``cache``
    by the line's id (a line is placed in several boxes; it must outlive the cache)."""
    found = cache.get(id(line))
    if found is not None:
        return found
    low, high = math.inf, -math.inf
    for _, runs in line.runs:  # a plain line (the template's font) has none
        for run in runs:
            if run.key == VALUE_FONT:
                continue
            face = faces[run.key]
            if (
                face.postscript_name in EMBOXED_FACES
                and _EMBOXED_RUN.fullmatch("".join([text for text, _ in run.clusters]))
                and not any([g.dy for _, glyphs in run.clusters for g in glyphs])
            ):
                # ideographs' outlines are not read (a new one costs HarfBuzz its
                # outline and variations): the em box bounds them
                low, high = min(low, EMBOX[0]), max(high, EMBOX[1])
                continue
            extent, upem = face.extent, run.upem
            for _, glyphs in run.clusters:
                for glyph in glyphs:
                    bottom, top = extent(glyph.gid)
                    if bottom != top:
                        low = min(low, (glyph.dy + bottom) / upem)
                        high = max(high, (glyph.dy + top) / upem)
    found = cache[id(line)] = (low, high)
    return found


@functools.lru_cache(maxsize=256)
def inside(
    height: float, size: float, ys: tuple[float, ...], inks: tuple[tuple[float, float], ...]
) -> tuple[float, float] | None:
    """The size and the vertical shift that keep lines at baselines ``ys`` with ``inks``
    (:func:`ink_of`) :data:`INK_MARGIN` inside a box ``height`` tall, moving them as far
    as the other side allows; ``None`` when they need neither (kept for the last boxes
    asked: a CJK name's lines have the em box's ink, in the same boxes every release)."""
    below = min(low for low, _ in inks)
    above = max(high for _, high in inks)
    if below == math.inf:
        return None
    room = height - 2 * INK_MARGIN
    first, last = max(ys), min(ys)
    new = size
    if first - last + (above - below) * size > room:  # taller than the box: smaller
        fitting = math.floor((room - (first - last)) / (above - below) * 10) / 10
        new = max(min(size, fitting), min(LEGIBLE_SIZE, size))
    low, high = last + below * new, first + above * new
    up = max(0.0, INK_MARGIN - low)
    down = max(0.0, high - (height - INK_MARGIN))
    if up and not down:
        shift = min(up, max(0.0, height - INK_MARGIN - high))
    elif down and not up:
        shift = -min(down, max(0.0, low - INK_MARGIN))
    else:
        shift = 0.0
    if abs(shift) < 0.05 and new == size:
        return None
    return new, shift
