"""PDF matrices (a, b, c, d, e, f) as plain tuples: composed, and boxes placed by them."""

from __future__ import annotations

__all__ = ["IDENTITY", "Box", "Matrix", "inverse", "placed", "times"]

Box = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def times(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``: a form's objects placed by the form's matrix."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def placed(box: Box, m: Matrix) -> Box:
    """The box around ``box`` placed by ``m``."""
    left, bottom, right, top = box
    a, b, c, d, e, f = m
    if b == 0.0 and c == 0.0 and a > 0.0 and d > 0.0:  # the usual: scaled and moved
        return a * left + e, d * bottom + f, a * right + e, d * top + f
    xs = [a * x + c * y + e for x in (left, right) for y in (bottom, top)]
    ys = [b * x + d * y + f for x in (left, right) for y in (bottom, top)]
    return min(xs), min(ys), max(xs), max(ys)


def inverse(m: Matrix) -> Matrix:
    """The matrix that undoes ``m`` (which must not flatten the plane)."""
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_)
