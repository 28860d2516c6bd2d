"""Work of the comparison with the form's page made once, checked against the plain way
(reading/visual.py): the pixels near the form's value boxes, made once a form's page and
size, are those each box marks around it."""

from __future__ import annotations

import numpy as np
import pytest

from pubrelease.form.registry import DEFAULT_FORM, load_form
from pubrelease.pdf import inkcompare
from pubrelease.pdf.glyphtable import EMPTY
from pubrelease.pdf.rendering import Rendered
from pubrelease.reading import visual


@pytest.mark.parametrize("height", [792.0, 841.89, 600.5])
def test_pixels_near_the_value_boxes_as_box_by_box(height: float) -> None:
    form = load_form(DEFAULT_FORM)
    rng = np.random.default_rng(7)
    for index in range(len(form.pages)):
        for shape in ((792, 612), (842, 595), (300, 200)):
            page = Rendered(index, float(shape[1]), height, np.zeros(shape, np.uint8), EMPTY)
            ys = rng.integers(0, shape[0], 20000)
            xs = rng.integers(0, shape[1], 20000)
            outside = np.ones(ys.size, bool)  # as _against_form made it box by box
            for _, rect, _ in visual._value_boxes(form, index):
                y0, y1, x0, x1 = page.pixels(rect, margin=visual.MARGIN)
                outside &= ~((ys >= y0) & (ys < y1) & (xs >= x0) & (xs < x1))
            near = visual._near_values(form, index, height, shape)
            assert np.array_equal(~near[ys, xs], outside)
            assert near.any() == bool(visual._value_boxes(form, index)) or shape == (300, 200)
            assert not near.flags.writeable  # made once, shared: never changed in place


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32, np.int64, np.float32])
@pytest.mark.parametrize("width", [612, 595, 600, 1, 7])
def test_rows_apart_as_any_pixel_apart(dtype: type, width: int) -> None:
    rng = np.random.default_rng(width)
    a = rng.integers(0, 256, (97, width)).astype(dtype)
    for _ in range(50):
        b = a.copy()
        for _ in range(rng.integers(0, 5)):
            b[rng.integers(0, 97), rng.integers(0, width)] += 1  # one pixel, any byte of it
        assert np.array_equal(inkcompare.rows_apart(a, b), (a != b).any(axis=1))
        # views that are not one block (every other column) and floats: as numpy says
        assert np.array_equal(
            inkcompare.rows_apart(a[:, ::2], b[:, ::2]), (a[:, ::2] != b[:, ::2]).any(axis=1)
        )
    if np.dtype(dtype).kind == "f":  # equal numbers of other bytes are not apart
        zero, minus = np.zeros((2, 8), dtype), np.zeros((2, 8), dtype)
        minus[1, 3] = -0.0
        assert not inkcompare.rows_apart(zero, minus).any()


def _frozen(image: np.ndarray) -> np.ndarray:
    out = np.ascontiguousarray(image, np.uint8).copy()
    out.flags.writeable = False
    return out


@pytest.mark.parametrize("threshold", [inkcompare.CHANGE, 5.0])
def test_changes_after_another_page_are_the_changes_alone(threshold: float) -> None:
    """A page compared with the form's after another page (the last print by the same
    program) takes that page's changes in the rows more than twice the blur's reach from
    every row where the two differ, and finds the same changes as compared alone: pages
    apart in a few rows, in every row, alike, and of shapes that differ."""
    rng = np.random.default_rng(11)
    form = _frozen(rng.integers(0, 2, (120, 90)) * 255)
    base = form.copy()
    base[10:14, 5:30] = 200  # (the print's own ink: a line a pixel off, a value)
    base[60:70, 40:80] ^= 255
    variants = [base.copy() for _ in range(4)]
    variants[1][62:66, 42:60] = 0  # another value, in the value's rows
    variants[2][:, :] = rng.integers(0, 256, (120, 90))  # every row apart
    variants[3][0:2, 0:3] = 77  # at the page's edge
    for before in [_frozen(base), *map(_frozen, variants)]:
        for after in map(_frozen, [base, *variants]):
            inkcompare._KEPT.__dict__["last"] = {}
            alone = inkcompare.changes(after, form, keep=True, threshold=threshold)
            inkcompare._KEPT.__dict__["last"] = {}
            inkcompare.changes(before, form, keep=True, threshold=threshold)
            assert inkcompare._last(after, form, threshold) is not None
            again = inkcompare.changes(after, form, keep=True, threshold=threshold)
            assert np.array_equal(alone.ys, again.ys) and np.array_equal(alone.xs, again.xs)
            assert np.array_equal(alone.deltas, again.deltas)
    other = _frozen(np.zeros((100, 90)))
    assert inkcompare._last(other, form, inkcompare.CHANGE) is None  # (another shape)
