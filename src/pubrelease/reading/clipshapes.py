"""The clips a plain appearance sets (:mod:`.plaintext`): a rectangle, or two whose
union a clip lets through, and what lies within both of two rectangles."""

from __future__ import annotations

import itertools

from .contenttokens import NotPlain

__all__ = ["clip_of", "within"]


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
