"""The shortcuts of pdf/textlines.py against the computations they stand for.

``_across`` orders a page's characters by row and left edge without numpy's three-key
``lexsort``, and ``_owners`` tries the value boxes only on the characters near them: both
must give exactly what the plain computation gives, on ties, equal edges (0.0 and -0.0),
upside-down boxes and edges that are not numbers (found on random grids of a few values,
where such ties are common).
"""

from __future__ import annotations

import numpy as np

from pubrelease.pdf.chartable import Chars
from pubrelease.pdf.textlines import _across, _held, _owners

_GRID = np.array([0.0, -0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0])


def test_across_is_the_three_key_sort() -> None:
    rng = np.random.default_rng(13)
    for trial in range(3000):
        n = int(rng.integers(1, 120))
        rows = np.sort(rng.integers(0, max(1, n // 8), n)).astype(np.intp)
        if trial % 3 == 0:
            left, right = rng.choice(_GRID, n), rng.choice(_GRID, n)  # ties in plenty
        else:
            left, right = rng.uniform(0, 600, n), rng.uniform(0, 600, n)  # none
        if trial % 11 == 0:
            left[rng.integers(0, n)] = np.nan
        expected = np.lexsort((right, left, rows))
        assert np.array_equal(_across(rows, left, right), expected), trial


def _placed(left, right, bottom, top) -> Chars:  # type: ignore[no-untyped-def]
    n = left.size
    texts = np.empty(n, object)
    texts[:] = ["a"] * n
    codes = np.full(n, ord("a"), np.int32)
    return Chars(texts, codes, codes, (left, right, bottom, top), np.zeros(n, np.int8))


def test_owners_are_every_box_tried_on_every_character() -> None:
    rng = np.random.default_rng(17)
    for trial in range(3000):
        n, count = int(rng.integers(1, 150)), int(rng.integers(1, 6))
        if trial % 2:
            edges = [rng.choice(_GRID, n) for _ in range(4)]
            rects = [tuple(float(v) for v in rng.choice(_GRID, 4)) for _ in range(count)]
        else:
            edges = [rng.uniform(0, 5, n).round(1) for _ in range(4)]
            rects = [tuple(float(v) for v in rng.uniform(0, 5, 4).round(1)) for _ in range(count)]
        if trial % 3:  # (otherwise some rectangles upside down)
            rects = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in rects]
        if trial % 7 == 0:
            edges[2][0] = np.nan
        if trial % 13 == 0:
            rects[0] = (np.nan, 0.0, 5.0, 5.0)
        left, right, bottom, top = edges
        chars = _placed(left, right, bottom, top)
        x, y = (left + right) / 2, (bottom + top) / 2
        expected = _held(x, y, bottom, top, np.array(rects, np.float64))
        assert np.array_equal(_owners(chars, rects), expected), trial
