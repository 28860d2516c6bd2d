"""Work of the comparison with the form's page made once, checked against the plain way
(reading/visual.py): the pixels near the form's value boxes, made once a form's page and
size, are those each box marks around it."""

from __future__ import annotations

import numpy as np
import pytest

from pubrelease.form.registry import DEFAULT_FORM, load_form
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
