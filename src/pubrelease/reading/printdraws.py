"""What a page's content stream draws, read operator by operator without PDFium, for
:mod:`.provenprint` to compare a printed page with the form's.

A program that prints a form to PDF (Ghostscript's ``pdfwrite``) writes its pages
again in its own words: the wording's text in other operators (``'``, ``T*``, ``TJ``
with the space between two of the form's runs as a number), its lines in another
scale, each widget's appearance wrapped in a clip to its box. :func:`page_drawing`
reads such a stream into what it draws, in page space:

* :class:`Run`: text shown in a standard font (not embedded, no widths nor map of its
  own: :func:`.plaintext.plain_font`) or in a copy of one the caller vouches for, one
  run a string, its start and end measured by the font's metrics, runs that abut on one
  baseline in one font, size and colour joined (:func:`joined`), so that a form's two
  runs written as one ``TJ`` and one run written in two compare alike;
* :class:`Stroke` and :class:`Fill`: a path painted, its points in page space;
* :class:`Shown`: text in any other font (a value's), its codes and the numbers
  between them as written, its place, size, colour and the clip it is drawn under.

Only what this reads is allowed: upright text (scaled and moved, never turned or
skewed), paths upright or mirrored (pdftocairo draws its pages through ``1 0 0 -1 0 792
cm``), rectangular clips (or rectangles wound alike, one holding the others), grey or
RGB colours, line caps, joins, miter limit and dash at their defaults, graphics states
the caller says change nothing, the text state at its defaults (no character or word
spacing, no rise, unstretched, filled), nothing between a path's points and its
painting or clip but more of it (viewers place a path by the matrix in force when it is
painted). Anything else raises :class:`.widgetnodes.Unproved`: the page is then read
the general way.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..pdf.matrices import IDENTITY, Matrix, times
from ..pdf.objects import Node
from .contenttokens import NotPlain, content_tokens, font_codes
from .plaintext import plain_font
from .widgetnodes import Unproved

__all__ = ["STRETCH", "Fill", "PageDrawing", "Run", "Shown", "Stroke", "joined", "page_drawing"]

ABUT = 0.01
"""Points by which the next run on a line may miss the end of the one before and still
be joined to it (positions written to two or three decimals)."""

STRETCH = 1e-5
"""Of a matrix's scale, by how much its scale across and up may differ (MuPDF writes
its matrices to seven digits: ``1.0000007 0 0 .9999972 cm``, which moves a glyph at the
far side of a page a thousandth of a point)."""

Colour = tuple[float, ...]
"""Grey (one number) or RGB (three), 0 black .. 1 white."""
Rect = tuple[float, float, float, float]
"""left, bottom, right, top in page space."""


class Run(NamedTuple):
    """Text shown in a standard font, in page space."""

    face: str
    """The font's resource name."""
    font: tuple[str, str]
    """Its ``/BaseFont`` and ``/Encoding`` (``""``: none)."""
    size: float
    colour: Colour
    x: float
    y: float
    end: float
    raw: bytes
    clip: Rect | None


class Stroke(NamedTuple):
    """A path stroked."""

    points: tuple[tuple[float, float] | None, ...]
    """Its points in page space, None where a subpath starts."""
    width: float
    colour: Colour
    clip: Rect | None


class Fill(NamedTuple):
    """A path filled (``even_odd``: by the even-odd rule)."""

    points: tuple[tuple[float, float] | None, ...]
    even_odd: bool
    colour: Colour
    clip: Rect | None


class Shown(NamedTuple):
    """Text in a font other than a standard one, as written: ``items`` are a ``Tj``'s
    string or a ``TJ``'s strings and numbers, from ``(x, y)`` at ``size`` (page space)."""

    face: str
    """The font's resource name."""
    items: tuple[bytes | float, ...]
    x: float
    y: float
    size: float
    colour: Colour
    clip: Rect | None


@dataclass(frozen=True, slots=True)
class PageDrawing:
    """What a page's content draws, in the order drawn (:data:`Run` s not yet joined)."""

    runs: list[Run]
    paths: list[Stroke | Fill]
    shown: list[Shown]


_UNSPACED = (0.0, 0.0, 100.0, 0.0, 0.0)
"""The text state's character and word spacing, scale, rise and rendering mode (``Tc``,
``Tw``, ``Tz``, ``Ts``, ``Tr``) at their defaults: runs are measured and read so only."""
_DEFAULTS: dict[str, list[tuple[str, object]]] = {
    "J": [("f", 0.0)],
    "j": [("f", 0.0)],
    "M": [("f", 10.0)],
    "d": [("[", b"["), ("[", b"]"), ("f", 0.0)],
}
"""Line caps, joins, miter limit and dash set to their defaults, as pdftocairo writes them."""
_PATH_OPS = frozenset({"m", "l", "re", "h"})
_IN_PATH = _PATH_OPS | {"S", "f", "F", "f*", "n", "W", "W*"}
"""What may come between a path's first point and its painting (nothing else: a ``cm``
there moves the path in viewers, review of session 50)."""
_IGNORED = frozenset({"ri", "i"})
"""Operators that change nothing a page without curves or images draws here."""


def page_drawing(
    content: bytes,
    fonts: Mapping[str, Node],
    advance: Callable[[str, bytes], float | None],
    standing: Mapping[str, str] | None = None,
    states: frozenset[str] = frozenset(),
    wide: Mapping[str, Mapping[int, int]] | None = None,
) -> PageDrawing:
    """What ``content`` draws with ``fonts`` (by resource name); ``advance``: the width,
    in thousandths of the size, of a string of a font not standard (by resource name;
    None when it is not known: nothing may then be shown after it in its text object);
    ``standing``: embedded fonts taken for the standard font each is a copy of (by
    resource name: its runs are that font's, the caller proves their codes); ``states``:
    graphics states (``gs``) that change nothing drawn here; ``wide``: of those, the
    copies of two-byte codes, each code and the byte the standard font writes for its
    glyph (a code not among them is not read)."""
    try:
        tokens = content_tokens(content)
    except NotPlain as e:
        raise Unproved(str(e)) from None
    runs: list[Run] = []
    paths: list[Stroke | Fill] = []
    shown: list[Shown] = []
    standard: dict[str, tuple[str, str] | None] = {}

    ctm: Matrix = IDENTITY
    clip: Rect | None = None
    stroke: Colour = (0.0,)
    fill: Colour = (0.0,)
    width = 1.0
    face: str | None = None
    size = 0.0
    leading = 0.0
    spacing = _UNSPACED
    stack: list[tuple[object, ...]] = []
    path: list[tuple[float, float] | None] = []
    clipping: str | None = None
    in_text = False
    tm: Matrix | None = IDENTITY  # (None: after a string of unknown width)
    tlm: Matrix = IDENTITY
    operands: list[tuple[str, object]] = []

    def numbers(count: int) -> list[float]:
        if len(operands) != count or any(kind != "f" for kind, _ in operands):
            raise Unproved("operands")
        return [float(v) for _, v in operands]  # type: ignore[arg-type]

    def at(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    def scale_of(m: Matrix) -> float:
        a, b, c, d, _, _ = m
        if b or c or a <= 0 or abs(a - d) > STRETCH * a:
            raise Unproved("drawn turned, skewed, mirrored or stretched")
        return a

    def font_of(name: str) -> tuple[str, str] | None:
        if name not in standard:
            node = fonts.get(name)
            if node is None:
                raise Unproved("a font the page does not have")
            if standing and name in standing:
                standard[name] = (f"/{standing[name]}", "/WinAnsiEncoding")
            elif plain_font(node) and type(node) is dict:
                standard[name] = (str(node.get("/BaseFont")), str(node.get("/Encoding", "")))
            else:
                standard[name] = None
        return standard[name]

    def show(items: list[bytes | float]) -> None:
        nonlocal tm
        if not in_text or face is None:
            raise Unproved("text shown outside a text object or without a font")
        if tm is None:
            raise Unproved("text after a string of unknown width")
        if spacing != _UNSPACED:
            raise Unproved("text spaced, stretched, raised or not filled")
        m = times(tm, ctm)
        scale = scale_of(m)
        key = font_of(face)
        x0, y0 = m[4], m[5]
        if key is None:
            shown.append(Shown(face, tuple(items), x0, y0, size * scale, fill, clip))
            total = 0.0
            for item in items:
                if isinstance(item, bytes):
                    width = advance(face, item)
                    if width is None:
                        tm = None
                        return
                    total += width
                else:
                    total -= item
            tm = times((1, 0, 0, 1, total * size / 1000, 0), tm)
            return
        widths = _widths(key)
        if wide and face in wide:
            items = [
                _narrowed(item, wide[face]) if isinstance(item, bytes) else item for item in items
            ]
        x = 0.0
        for item in items:
            if isinstance(item, bytes):
                w = sum(map(widths.__getitem__, item)) * size / 1000
                start = x0 + x * scale
                end = start + w * scale
                runs.append(Run(face, key, size * scale, fill, start, y0, end, item, clip))
                x += w
            else:
                x -= item * size / 1000
        tm = times((1, 0, 0, 1, x, 0), tm)

    for kind, value in tokens:
        if kind != "o":
            operands.append((kind, value))
            continue
        op = str(value)
        if (path or clipping is not None) and op not in _IN_PATH:
            # (viewers place a path by the matrix in force when it is painted)
            raise Unproved(f"the operator {op} inside a path")
        if op in ("Tj", "'", "TJ"):  # (the most frequent first)
            if op == "TJ":
                items = _array(operands)
            elif len(operands) == 1 and operands[0][0] == "s":
                items = [operands[0][1]]  # type: ignore[list-item]
            else:
                raise Unproved(f"operands of {op}")
            if op == "'":
                tlm = times((1, 0, 0, 1, 0, -leading), tlm)
                tm = tlm
            show(items)
        elif op in ("Td", "TD", "T*", "Tm"):
            if op == "Tm":
                tlm = tuple(numbers(6))  # type: ignore[assignment]
            else:
                dx, dy = (0.0, -leading) if op == "T*" and not numbers(0) else numbers(2)
                if op == "TD":
                    leading = -dy
                tlm = times((1, 0, 0, 1, dx, dy), tlm)
            tm = tlm
        elif op in _PATH_OPS:
            if op == "re":
                px, py, pw, ph = numbers(4)
                path.extend((None, at(px, py), at(px + pw, py), at(px + pw, py + ph)))
                path.extend((at(px, py + ph), at(px, py)))
            elif op == "m":
                path.extend((None, at(*numbers(2))))
            elif op == "l":
                if not path:
                    raise Unproved("a line from nowhere")
                path.append(at(*numbers(2)))
            else:  # (h: back to where the subpath started)
                numbers(0)
                if not path:
                    raise Unproved("a path closed before it starts")
                start = len(path) - 1 - path[::-1].index(None)
                path.append(path[start + 1])
        elif op in ("S", "f", "F", "f*", "n"):
            numbers(0)
            if op == "S":
                paths.append(Stroke(tuple(path), width * _path_scale(ctm), stroke, clip))
            elif op != "n":
                paths.append(Fill(tuple(path), op == "f*", fill, clip))
            if clipping is not None:
                clip = _clipped(clip, path, clipping)
            path, clipping = [], None
        elif op in ("W", "W*"):
            numbers(0)
            clipping = op
        elif op == "q":
            numbers(0)
            stack.append((ctm, clip, stroke, fill, width, face, size, leading, spacing))
        elif op == "Q":
            numbers(0)
            if not stack or in_text:
                raise Unproved("an unbalanced Q")
            ctm, clip, stroke, fill, width, face, size, leading, spacing = stack.pop()  # type: ignore[assignment]
        elif op == "cm":
            ctm = times(tuple(numbers(6)), ctm)  # type: ignore[arg-type]
        elif op == "w":
            (width,) = numbers(1)
        elif op in _DEFAULTS:
            if operands != _DEFAULTS[op]:
                raise Unproved(f"{op} set otherwise than its default")
        elif op == "gs":
            if len(operands) != 1 or operands[0][0] != "n" or operands[0][1] not in states:
                raise Unproved("a graphics state that may change what is drawn")
        elif op in ("g", "G", "rg", "RG"):
            colour = tuple(numbers(1 if op in ("g", "G") else 3))
            if any(not 0 <= c <= 1 for c in colour):
                raise Unproved("a colour out of range")
            if len(colour) == 3 and colour[0] == colour[1] == colour[2]:
                colour = colour[:1]  # (a grey written in RGB: pdftocairo's)
            if op in ("g", "rg"):
                fill = colour
            else:
                stroke = colour
        elif op == "BT":
            numbers(0)
            if in_text:
                raise Unproved("a text object in a text object")
            in_text, tm, tlm = True, IDENTITY, IDENTITY
        elif op == "ET":
            numbers(0)
            if not in_text:
                raise Unproved("ET outside a text object")
            in_text = False
        elif op == "Tf":
            if len(operands) != 2 or operands[0][0] != "n" or operands[1][0] != "f":
                raise Unproved("Tf")
            face, size = str(operands[0][1]), float(operands[1][1])  # type: ignore[arg-type]
        elif op in ("Tc", "Tw", "Tz", "Ts", "Tr"):
            (number,) = numbers(1)
            index = ("Tc", "Tw", "Tz", "Ts", "Tr").index(op)
            spacing = (*spacing[:index], number, *spacing[index + 1 :])  # type: ignore[assignment]
        elif op == "TL":
            (leading,) = numbers(1)
        elif op not in _IGNORED:
            raise Unproved(f"the operator {op}")
        operands = []
    if in_text or operands or path:
        raise Unproved("content left unended")
    return PageDrawing(runs, paths, shown)


@functools.cache
def _widths(font: tuple[str, str]) -> list[int]:
    """Each byte's width in a standard font (thousandths of the size), in WinAnsi, the
    encoding the form's fonts are in (others raise)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    if font[1] != "/WinAnsiEncoding":
        raise Unproved("a standard font in another encoding than WinAnsi")
    found = getFont(font[0].lstrip("/"))
    if found.encoding.name != "WinAnsiEncoding" or len(found.widths) != 256:
        raise Unproved("a standard font whose widths are not known here")
    return list(found.widths)


def _narrowed(raw: bytes, codes: Mapping[int, int]) -> bytes:
    """A string of two-byte codes as the bytes ``codes`` gives for them."""
    try:
        return bytes(codes[code] for code in font_codes(raw, 2))
    except NotPlain as e:
        raise Unproved(str(e)) from None
    except KeyError:
        raise Unproved("a code of a copy of a standard font not proved") from None


def _path_scale(m: Matrix) -> float:
    """How much ``m`` scales a line's width: upright or mirrored, never turned nor
    stretched (pdftocairo draws its pages through ``1 0 0 -1 0 792 cm``)."""
    a, b, c, d, _, _ = m
    if b or c or not a or abs(abs(a) - abs(d)) > STRETCH * abs(a):
        raise Unproved("a path turned, skewed or stretched")
    return abs(a)


def _array(operands: list[tuple[str, object]]) -> list[bytes | float]:
    """A ``TJ``'s array of strings and numbers."""
    if len(operands) < 2 or operands[0] != ("[", b"[") or operands[-1] != ("[", b"]"):
        raise Unproved("operands of TJ")
    out: list[bytes | float] = []
    for kind, value in operands[1:-1]:
        if kind == "s":
            out.append(value)  # type: ignore[arg-type]
        elif kind == "f":
            out.append(float(value))  # type: ignore[arg-type]
        else:
            raise Unproved("operands of TJ")
    return out


def _clipped(clip: Rect | None, path: list[tuple[float, float] | None], rule: str) -> Rect:
    """``clip`` cut by ``path`` (filled by ``rule``, ``W`` or ``W*``), which must be one
    rectangle upright in page space, or (``W``) rectangles wound the same way, one of
    them holding the others: their union, that one (Ghostscript writes a form's box and
    pdf-lib's clip inside it as one path)."""
    rects: list[tuple[Rect, bool]] = []
    at = 0
    while at < len(path):
        end = path.index(None, at + 1) if None in path[at + 1 :] else len(path)
        points = [p for p in path[at:end] if p is not None]
        rects.append(_rectangle(points))
        at = end
    if not rects:
        raise Unproved("a clip of no path")
    if len(rects) > 1 and (rule != "W" or len({wound for _, wound in rects}) != 1):
        raise Unproved("a clip of rectangles wound otherwise")
    holding = [r for r, _ in rects if all(_holds(r, other) for other, _ in rects)]
    if not holding:
        raise Unproved("a clip of rectangles none of which holds the others")
    rect = holding[0]
    if clip is None:
        return rect
    return (
        max(clip[0], rect[0]),
        max(clip[1], rect[1]),
        min(clip[2], rect[2]),
        min(clip[3], rect[3]),
    )


def _rectangle(points: list[tuple[float, float]]) -> tuple[Rect, bool]:
    """The upright rectangle ``points`` go round (closed, each side along an axis), and
    whether they go round it counter-clockwise (raises otherwise)."""
    if len(points) != 5 or points[0] != points[-1]:
        raise Unproved("a clip that is not a rectangle")
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if (round(x0, 6) == round(x1, 6)) == (round(y0, 6) == round(y1, 6)):
            raise Unproved("a clip that is not upright")
    xs, ys = {round(x, 6) for x, _ in points}, {round(y, 6) for _, y in points}
    if len(xs) != 2 or len(ys) != 2:
        raise Unproved("a clip that is not upright")
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points))
    return (min(xs), min(ys), max(xs), max(ys)), area > 0


def _holds(outer: Rect, inner: Rect) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def joined(runs: list[Run]) -> list[Run]:
    """``runs`` with each run that starts where the one before it ends (to :data:`ABUT`),
    on its baseline, in its font, size, colour and clip, joined to it."""
    out: list[Run] = []
    for run in runs:
        last = out[-1] if out else None
        if (
            last is not None
            and last.font == run.font
            and last.colour == run.colour
            and last.clip == run.clip
            and abs(last.size - run.size) <= 1e-6
            and abs(last.y - run.y) <= 1e-6
            and abs(last.end - run.x) <= ABUT
        ):
            out[-1] = last._replace(end=run.end, raw=last.raw + run.raw)
        else:
            out.append(run)
    return out
