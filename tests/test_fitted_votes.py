"""The votes and pairs of a fitted placement, counted over arrays (:mod:`pubrelease.pdf.fitted`),
give what counting anchor by anchor, character by character, gives: each anchor votes
once for each shift its characters give, the shift most anchors give wins (the first
given, of shifts as many give), and each anchor is paired with its nearest character
(the leftmost, then lowest, of two as near) within four points."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from pubrelease.pdf import fitted as F


def _case(seed: int) -> tuple[list[F.Anchor], F.Where]:
    rnd = random.Random(seed)
    anchors = [
        (rnd.choice(b"aeinrstAB12"), rnd.uniform(50, 560), rnd.uniform(50, 740), i)
        for i in range(rnd.randint(1, 48))
    ]
    where: F.Where = {}
    scale, dx, dy = rnd.choice((1.0, 0.972, 0.9)), rnd.uniform(-20, 20), rnd.uniform(-20, 40)
    for code in {a[0] for a in anchors}:
        spots = [(scale * x + dx, scale * y + dy) for c, x, y, _ in anchors if c == code]
        spots += [(rnd.uniform(0, 612), rnd.uniform(0, 792)) for _ in range(rnd.randint(0, 60))]
        # (some characters at whole and half points, where rounding and ties are decided)
        spots += [(float(rnd.randint(0, 600)) + rnd.choice((0, 0.5)), 300.5) for _ in range(3)]
        rnd.shuffle(spots)
        where[code] = np.array(spots, np.float64).reshape(-1, 2)
    return anchors, where


def _votes_one_by_one(
    anchors: list[F.Anchor], where: F.Where, sx: float, sy: float
) -> tuple[int, int]:
    votes: Counter[tuple[int, int]] = Counter()
    for code, x, y, _ in anchors:
        given = []  # (each anchor's shifts once, in the order its characters give them)
        for cx, cy in where[code].tolist():
            shift = (round(cx - sx * x), round(cy - sy * y))
            if shift not in given:
                given.append(shift)
        votes.update(given)
    return max(votes.items(), key=lambda kv: kv[1])[0]  # (the first of the most)


def _pairs_one_by_one(anchors: list[F.Anchor], where: F.Where, guess: F.Matrix) -> list[F.Pair]:
    a, b, c, d, e, f = guess
    pairs = []
    for code, x, y, _ in anchors:
        gx, gy = a * x + c * y + e, b * x + d * y + f
        near = [(abs(cx - gx) + abs(cy - gy), cx, cy) for cx, cy in where[code].tolist()]
        best = min(near, default=None)
        if best is not None and best[0] <= 4 * F.NEAR:
            pairs.append((x, y, best[1], best[2]))
    return pairs


@pytest.mark.parametrize("seed", range(60))
def test_the_votes_and_pairs_are_those_counted_one_by_one(seed: int) -> None:
    anchors, where = _case(seed)
    stands = F._Stands(anchors, where)
    for sx, sy in ((1.0, 1.0), (0.972, 0.972), (0.9, 0.95)):
        assert F._most_voted(stands, sx, sy) == _votes_one_by_one(anchors, where, sx, sy)
        guess = (sx, 0.0, 0.0, sy, *F._most_voted(stands, sx, sy))
        assert F._paired(stands, guess) == _pairs_one_by_one(anchors, where, guess)


def test_a_shift_far_beyond_any_page_is_counted_not_lost() -> None:
    anchors: list[F.Anchor] = [(97, 100.0, 100.0, 0), (98, 200.0, 100.0, 1)]
    where: F.Where = {97: np.array([[5e7, 100.0]]), 98: np.array([[5e7 + 100, 100.0]])}
    shift = F._most_voted(F._Stands(anchors, where), 1.0, 1.0)
    assert shift == (F._FAR, 0)  # (both vote for the one shift beyond: it wins, and
    # the anchors placed by it are then not found where it puts them)


def test_a_character_placed_nowhere_gives_no_vote_nor_pair() -> None:
    anchors: list[F.Anchor] = [(97, 100.0, 100.0, 0), (98, 200.0, 100.0, 1)]
    where: F.Where = {
        97: np.array([[110.0, 105.0], [np.nan, 100.0], [np.inf, 5.0]]),
        98: np.array([[210.0, 105.0], [-np.inf, np.nan]]),
    }
    stands = F._Stands(anchors, where)
    assert stands.anchor.tolist() == [0, 1]
    assert F._most_voted(stands, 1.0, 1.0) == (10, 5)
    assert F._paired(stands, (1.0, 0.0, 0.0, 1.0, 10.0, 5.0)) == [
        (100.0, 100.0, 110.0, 105.0),
        (200.0, 100.0, 210.0, 105.0),
    ]


def test_the_forms_page_is_in_place_with_as_many_anchors_missed_as_found_allows() -> None:
    import math

    import pypdfium2 as pdfium

    from pubrelease.form.registry import DEFAULT_FORM, load_form
    from pubrelease.reading.ontemplate import form_anchors

    form = load_form(DEFAULT_FORM)
    anchors = list(form_anchors(form))
    allowed = len(anchors) - math.ceil(F.FOUND * len(anchors))
    assert allowed >= 1
    doc = pdfium.PdfDocument(form.template)
    try:
        textpage = doc[0].get_textpage()
        for missed, expected in ((0, True), (allowed, True), (allowed + 1, False)):
            # (the last anchors looked for where the page has nothing: missed)
            moved = anchors[: len(anchors) - missed] + [
                (code, -500.0, -500.0, -1) for code, *_ in anchors[len(anchors) - missed :]
            ]
            assert F._in_place(textpage, moved) is expected, missed
        assert F._in_place(textpage, []) is False
    finally:
        doc.close()
