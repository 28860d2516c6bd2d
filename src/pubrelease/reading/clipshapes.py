"""The clips a plain appearance sets (:mod:`.plaintext`): a rectangle, or two whose
union a clip lets through, and what lies within both of two rectangles; and where the
glyphs a clip cuts may reach without meeting another box (:func:`room_among`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from .contenttokens import NotPlain

__all__ = ["AROUND", "clip_of", "room_among", "within", "within_by"]

Box = tuple[float, float, float, float]


def _rectangle(path: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The rectangle a path of one shape outlines (left, bottom, right, top): its four
    corners in turn, each side upright or level (raises for any other shape: a clip of
    two triangles, its corners crossed, hides what its box would show)."""
    if len(path) == 5 and path[0] == path[-1]:
        path = path[:4]
    if len(path) != 4 or len(set(path)) != 4:
        raise NotPlain("a clip that is not a rectangle")
    for (ax, ay), (bx, by) in zip(path, path[1:] + path[:1], strict=True):
        if (ax == bx) == (ay == by):
            raise NotPlain("a clip that is not a rectangle")
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    if len(set(xs)) != 2 or len(set(ys)) != 2:  # (four corners, none on another's side)
        raise NotPlain("a clip that is not a rectangle")
    return min(xs), min(ys), max(xs), max(ys)


def clip_of(
    carried: list[tuple[float, float]], path: list[tuple[float, float]], rule: str
) -> tuple[float, float, float, float]:
    """A rectangle inside what a clip by ``rule`` of a path of one rectangle, or of two
    (``carried`` across q or Q, then ``path``), lets through: two only by the nonzero
    rule, turning the same way (their union: pdf-lib's box and, inside it, the box
    less a point); else a ring, which may hide all its inner rectangle shows."""
    if not (carried and path):
        return _rectangle(carried or path)
    if rule != "W" or _turn(carried) != _turn(path):
        raise NotPlain("a clip of two rectangles whose union is not what it lets through")
    return within(_rectangle(carried), _rectangle(path))


def _turn(path: list[tuple[float, float]]) -> bool:
    """Whether a path turns anticlockwise (its signed area positive)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(path + path[:1])) > 0


def within(
    clip: tuple[float, float, float, float], rect: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (
        max(clip[0], rect[0]),
        max(clip[1], rect[1]),
        min(clip[2], rect[2]),
        min(clip[3], rect[3]),
    )


def within_by(inner: Box, outer: Box, slack: float) -> bool:
    """Whether ``inner`` lies inside ``outer`` (left, bottom, right, top), to ``slack``."""
    return (
        inner[0] >= outer[0] - slack
        and inner[2] <= outer[2] + slack
        and inner[1] >= outer[1] - slack
        and inner[3] <= outer[3] + slack
    )


AROUND = 0.05
"""Points around another box that a glyph's box of this one may not reach (rounding:
the boxes of cut tails are measured as deep as any viewer's font draws them, as deep
as PDFium's or deeper, :data:`.plaintext.REACH`)."""


def room_among(others: list[Box], rect: tuple[float, ...], box: Box) -> Callable[[Box], bool]:
    """Whether glyphs' boxes may reach into a band of an appearance (in its ``box``'s
    space, the box placed at ``rect``) without meeting another of the form's boxes
    (``others``, by :data:`AROUND`): the general path reads a glyph whose box meets one
    into that value (a cut tail's too: review of session 40, a 40-point title's tails
    read into the date's box below it), and reads that box by OCR."""
    dx, dy = rect[0] - box[0], rect[1] - box[1]

    def room(band: Box) -> bool:
        x0, y0, x1, y1 = band[0] + dx, band[1] + dy, band[2] + dx, band[3] + dy
        return not any(
            x0 < r[2] + AROUND and x1 > r[0] - AROUND and y0 < r[3] + AROUND and y1 > r[1] - AROUND
            for r in others
        )

    return room
