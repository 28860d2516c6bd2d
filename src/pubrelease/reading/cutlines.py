"""A value set larger than its box, its last lines cut away below it: read from its widget.

MuPDF (PyMuPDF's ``widget.update()``, ``mutool``) sets a long title in lines of a fixed
size, one under the other, under a clip a point inside its box: the third line is cut
through at the box's bottom edge, the fourth lies wholly below it. The general path
reads such a value from PDFium's text layer (:mod:`..pdf.clipping`): each character whose
box lies wholly outside its clip is cut; those after the last one the box shows are the
value's end, read after what it shows, and ``value-clipped`` tells a person to look
(:mod:`.cutvalues`). Here the same is told from the appearance alone: each glyph's box
as PDFium gives it (:data:`BOXES`), each condition of the general path met with room to
spare (:data:`SURE`), or the value is left to it (:class:`NotPlain`):

* every line is drawn in one font, at one size, under one clip, whose bottom is the
  box's own (within :data:`BOTTOM`), each cut line by one run, across the box;
* the lines the clip cuts come last: at most one cut through (the box shows some of its
  glyphs, each by :data:`SHOWN` at least, its middle in the box, its baseline within a
  size under the clip), then lines every glyph of which lies wholly below the clip;
* the first line cut away starts where the lines shown start (within a size), its
  first word too wide to have stood at the end of the lowest line shown after a space
  (:data:`..pdf.clipping.SPACE`, :data:`..pdf.clipping.PADDING`), each cut line within
  two sizes of the one above (:data:`..pdf.clipping.LINES`): where MuPDF puts a value's
  end, and not text hidden below a box (which the general path says is hidden);
* what the line cut through shows ends with its last glyph but for the glyphs of no
  space after it that the clip cuts away (a full stop, a comma: read as the start of
  the value's end).
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..pdf.clipping import LINE, LINES, OUTSIDE, PADDING, SPACE
from .contenttokens import NotPlain
from .widgetnodes import NEAR

__all__ = ["BOTTOM", "BOXES", "SHOWN", "SURE", "Cut", "Glyph", "Run", "cut_lines"]

BOXES = Path(__file__).with_name("pdfiumboxes.json")
"""Each byte's glyph box as PDFium's text layer gives it (left, bottom, right and top from
its origin, in thousandths of the size) and its loose box's left and right, for each
upright standard font of text; and of the loose boxes, the lowest bottom, the highest
top and the lowest middle (``tools/pdfium_boxes.py`` writes it; ``tests/test_cut_lines.py``
measures it again)."""
SURE = 0.03
"""Points by which each measure must clear the general path's bound (rounding)."""
BOTTOM = 1.4
"""Points between a box's bottom and the clip's that cuts its value: the general path
asks for :data:`..pdf.clipping.WITHIN` (2) from the form's box, which a widget's
rectangle may miss by half a point (:data:`.widgetnodes.NEAR`)."""
SHOWN = 0.5
"""Points a glyph of a line cut through must show above the clip at least, if it shows
at all: a sliver of it is judged by its pixels on the general path (hidden or not)."""
SPACES = (" ", "\xa0")

Run = tuple[float, float, float, float, str, str]
"""A run of text (:data:`.plaintext._Run`): start, end, baseline, size, text, metrics."""
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Cut:
    """A value set larger than its box, as :func:`cut_lines` reads it."""

    shown: str
    """What the box shows of it, its lines joined by spaces."""
    cut: str
    """Its end the clip cuts away ("" for none: only a line cut through)."""
    glyphs: tuple[Box, ...]
    """The boxes (left, bottom, right, top, as PDFium gives them) of its glyphs the box
    shows, spaces and glyphs cut away left out, in the appearance's space."""
    through: tuple[int, ...]
    """Of those, the glyphs of the line cut through (none without one): the general
    path judges from its pixels whether each shows (:func:`.cutthrough.shown_through`)."""
    away: tuple[Box, ...] = ()
    """The boxes of the lines cut away whole, as PDFium's text layer bounds them (at
    most): over the form's wording, they would break its lines there
    (:func:`.cutthrough.clear_of_wording`)."""
    box: Box = (0.0, 0.0, 0.0, 0.0)
    """The appearance's box (its ``/BBox``), in its own space."""


@functools.cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(BOXES.read_text())
    return table


@functools.cache
def _boxes(metrics: str) -> dict[str, tuple[float, ...]]:
    table = _table()["boxes"]
    if metrics not in table:
        raise NotPlain("a style whose glyphs' boxes are not known")
    codes: dict[str, list[float]] = table[metrics]
    return {bytes([int(code)]).decode("cp1252"): tuple(b) for code, b in codes.items()}


def _loose(metrics: str) -> tuple[float, float, float]:
    """Of the loose boxes PDFium gives the glyphs of ``metrics`` (its lines are made of
    them), the lowest bottom, the highest top and the lowest middle, of the size."""
    low, high, middle = _table()["loose"][metrics]
    return low / 1000, high / 1000, middle / 1000


Glyph = tuple[str, float, float, float, float, float, float]
"""A glyph: its character, its box (left, bottom, right, top) and its loose box's left
and right (which hold its advance), as PDFium gives them."""


@functools.lru_cache(maxsize=64)
def _glyphs(run: Run) -> tuple[Glyph, ...]:
    """Each glyph of ``run`` (made once a run: :func:`cut_lines` asks for a line's
    glyphs in each of its checks)."""
    x, _, y, size, text, metrics = run
    boxes, scale = _boxes(metrics), size / 1000
    out = []
    for char in text:
        left, bottom, right, top, start, end = boxes[char]
        out.append(
            (
                char,
                *(x + left * scale, y + bottom * scale, x + right * scale, y + top * scale),
                *(x + start * scale, x + end * scale),
            )
        )
        x += stringWidth(char, metrics, size)
    return tuple(out)


def cut_lines(
    runs: list[Run], below: list[Run], clip: tuple[float, ...], box: tuple[float, ...]
) -> Cut:
    """What a value drawn by ``runs`` (all its runs, in the order drawn; ``below``: those
    whose baseline is on or under the clip's bottom) shows, and the end the clip cuts
    from it, each its lines joined by spaces (see the module); ``clip``: the clip every
    run is drawn under, in the space of the appearance's box ``box``."""
    if not clip[1] - box[1] <= BOTTOM:
        raise NotPlain("a value cut by a clip above its box's bottom")
    lines: dict[float, list[Run]] = {}
    for run in below:
        lines.setdefault(run[2], []).append(run)
    if any(len(line) > 1 for line in lines.values()):
        raise NotPlain("a cut line of more than one run")
    if any("  " in run[4] for run in runs):
        raise NotPlain("spaces one after another, which the text layer may read as one")
    size = runs[0][3]
    floor = clip[1] + OUTSIDE
    through: Run | None = None
    shown_end = ""  # (the line cut through: what it shows; the glyphs cut after them)
    rest = ""
    cut: list[Run] = []
    for baseline in sorted(lines, reverse=True):
        run = lines[baseline][0]
        glyphs = _glyphs(run)
        if any(
            g[1] >= clip[2] - OUTSIDE - SURE or g[3] <= clip[0] + OUTSIDE + SURE for g in glyphs
        ):
            raise NotPlain("a cut line past its clip's side")
        if any(abs(g[4] - floor) < SURE for g in glyphs):
            raise NotPlain("a glyph at the clip's edge")
        shows = [g for g in glyphs if g[4] > floor and g[0] not in SPACES]
        if not shows:
            cut.append(run)
            continue
        if cut or through is not None:
            raise NotPlain("a line shown under a line cut away")
        if baseline < clip[1] - size + SURE:
            raise NotPlain("a line cut through below its size")
        if any(g[4] < clip[1] + SHOWN for g in shows):
            raise NotPlain("a glyph of a line cut through shown by a sliver")
        if baseline + _loose(run[5])[2] * size < box[1] + NEAR + SURE:
            # (the text layer reads a character into the box that holds its middle)
            raise NotPlain("a line cut through whose middle is under the box")
        through = run
        last = max(i for i, g in enumerate(glyphs) if g in shows)
        shown_end, rest = run[4][: last + 1], run[4][last + 1 :].rstrip(" ")
        if any(c in SPACES for c in rest):
            raise NotPlain("words of a line cut through cut away after it")
    if not cut and not rest and not _cuts_within(through, floor):
        raise NotPlain("a line cut through of which no glyph is cut away")
    shown_runs = [r for r in runs if r not in below]
    if through is not None:
        shown_runs.append(through)
    if not shown_runs:
        raise NotPlain("a value the box shows nothing of")
    if cut:
        _as_set_too_large(shown_runs, cut, clip, size, floor)
    shown = _joined(run[4] for run in shown_runs if run is not through)
    if through is not None:
        shown = " ".join(part for part in (shown, shown_end.strip(" ")) if part)
    end = _joined(run[4] for run in cut)
    kept = [
        ((g[1], g[2], g[3], g[4]), run is through)
        for run in shown_runs
        for g in _glyphs(run)
        if g[0] not in SPACES and g[4] > floor
    ]
    return Cut(
        shown,
        rest + (" " + end if rest and end else end),
        tuple(glyph for glyph, _ in kept),
        tuple(i for i, (_, on) in enumerate(kept) if on),
        tuple(_line_box(run) for run in cut),
        (box[0], box[1], box[2], box[3]),
    )


def _line_box(run: Run) -> Box:
    """The box of the loose boxes PDFium gives the glyphs of ``run`` (at most)."""
    low, high, _ = _loose(run[5])
    return (run[0], run[2] + low * run[3], run[1], run[2] + high * run[3])


def _cuts_within(through: Run | None, floor: float) -> bool:
    """Whether the line cut through has a glyph that the clip cuts away (a comma, a
    hyphen, a space between words)."""
    return through is not None and any(g[4] <= floor for g in _glyphs(through))


def _joined(texts: Iterable[str]) -> str:
    """The texts, spaces collapsed, joined by spaces."""
    return " ".join(" ".join(text.split()) for text in texts if text.strip())


def _as_set_too_large(
    shown: list[Run], cut: list[Run], clip: tuple[float, ...], size: float, floor: float
) -> None:
    """Raises unless the lines ``cut`` away are where a value set larger than its box
    puts them, after the lines ``shown`` (:func:`..pdf.clipping._runs_on`): the first
    within :data:`LINES` sizes of the lowest shown, the others each of the one above,
    starting where the shown lines start, its first word too wide to have stood at the
    end of the lowest line shown after a space (``floor``: the top a glyph cut away
    reaches at most)."""
    # (each glyph shown, no space nor one cut away, with its baseline)
    drawn = [
        (run[2], g) for run in shown for g in _glyphs(run) if g[0] not in SPACES and g[4] > floor
    ]
    if not drawn:
        raise NotPlain("a value the box shows no glyph of")
    lowest = min(y for y, _ in drawn)
    for upper, lower in itertools.pairwise([lowest] + [run[2] for run in cut]):
        # (the general path rounds baselines to points: half a point either way)
        if not LINE + 0.5 + SURE <= upper - lower <= LINES * size - 0.5 - SURE:
            raise NotPlain("a line cut away not the next after the one above")
    first = sorted(_glyphs(cut[0]), key=lambda g: g[1])
    if first[0][1] > min(g[1] for _, g in drawn) + size - SURE:
        raise NotPlain("a line cut away starting further across than those shown")
    word = [first[0], *itertools.takewhile(lambda g: g[0] not in SPACES, first[1:])]
    end = max(g[6] for y, g in drawn if abs(y - lowest) <= LINE)
    width = max(g[6] for g in word) - min(g[5] for g in word)
    if end + _space(shown, lowest, floor, size) + width <= clip[2] - PADDING + SURE:
        raise NotPlain("a cut word that would have stood at the end of the line above")


def _space(shown: list[Run], lowest: float, floor: float, size: float) -> float:
    """The narrowest space between the glyphs shown of the lowest line shown (its loose
    box: its advance), as the general path measures it (:func:`..pdf.clipping._space`);
    :data:`..pdf.clipping.SPACE` of ``size`` for a line of one word."""
    line = [g for run in shown if abs(run[2] - lowest) <= LINE for g in _glyphs(run)]
    at = [i for i, g in enumerate(line) if g[0] not in SPACES and g[4] > floor]
    widths = [g[6] - g[5] for g in line[at[0] + 1 : at[-1]] if g[0] == " " and g[6] > g[5]]
    return min(widths, default=SPACE * size)
