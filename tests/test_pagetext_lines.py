"""Lines of page text from characters and their boxes (pdf/textlines.py), without PDFium.

Each test places a few characters by hand, as PDFium reports them (loose boxes, in
points, origin bottom-left), and checks the reading: rows by vertical overlap, word
breaks by gaps, value boxes read as one text, right-to-left rows in logical order.
"""

from __future__ import annotations

import numpy as np

from pubrelease.pdf.chartable import Chars
from pubrelease.pdf.textlines import block_text, lines, region_texts, set_apart

Placed = tuple[str, float, float, float, float]
"""``(text, left, right, bottom, top)``"""


def _chars(placed: list[Placed], levels: list[int] | None = None) -> Chars:
    texts = np.empty(len(placed), object)
    texts[:] = [p[0] for p in placed]
    columns = [np.array([p[k] for p in placed], np.float64) for k in range(1, 5)]
    return Chars(
        texts,
        np.array([ord(p[0][0]) for p in placed], np.int32),
        np.array([ord(p[0][-1]) for p in placed], np.int32),
        (columns[0], columns[1], columns[2], columns[3]),
        np.array(levels or [0] * len(placed), np.int8),
    )


def _word(text: str, left: float, bottom: float, width: float = 5.0) -> list[Placed]:
    return [
        (c, left + k * width, left + (k + 1) * width, bottom, bottom + 12.0)
        for k, c in enumerate(text)
    ]


def test_rows_by_overlap_and_words_by_gaps_whatever_the_drawing_order() -> None:
    # drawn bottom line first and words out of order: read top to bottom, left to right
    placed = _word("world", 60.0, 100.0) + _word("hello", 20.0, 100.0) + _word("top", 20.0, 130.0)
    got = lines(_chars(placed), 0)
    assert [line.text for line in got] == ["top", "hello world"]
    assert (got[1].left, got[1].right, got[1].bottom, got[1].top) == (20.0, 85.0, 100.0, 112.0)


def test_a_mark_on_its_own_row_extent_stays_on_the_line() -> None:
    # a character whose box is a little higher (another font) but whose middle lies
    # within the line's extent belongs to it; one entirely above does not
    placed = [*_word("ab", 10.0, 100.0), ("c", 20.0, 25.0, 104.0, 117.0), ("d", 30, 35, 120, 132)]
    assert [line.text for line in lines(_chars(placed), 0)] == ["d", "abc"]


def test_a_wide_gap_is_a_phrase_and_a_narrow_one_no_break() -> None:
    placed = _word("ab", 10.0, 100.0) + _word("cd", 20.5, 100.0) + _word("ef", 200.0, 100.0)
    assert [line.text for line in lines(_chars(placed), 0)] == ["abcd ef"]


def test_value_boxes_are_read_as_one_text_where_they_stand() -> None:
    # a value set on two smaller lines inside its box, in a line of wording
    wording = _word("I,", 10.0, 100.0) + _word("agree", 150.0, 100.0)
    value = [(c, 40.0 + k * 3, 43.0 + k * 3, 106.0, 112.0) for k, c in enumerate("Ada")] + [
        (c, 40.0 + k * 3, 43.0 + k * 3, 99.0, 105.0) for k, c in enumerate("King")
    ]
    chars = _chars(wording + value)
    box = (38.0, 98.0, 140.0, 113.0)
    assert [line.text for line in lines(chars, 0, [box])] == ["I, Ada King agree"]
    inside, rest = set_apart(chars, [box])
    assert block_text(inside[0], 0) == "Ada King"
    assert [line.text for line in lines(rest, 0)] == ["I, agree"]
    # every box of a page read at once, as an imported form's are
    texts, rest = region_texts(chars, [(0.0, 0.0, 5.0, 5.0), box], 0)
    assert texts == ["", "Ada King"]
    assert [line.text for line in lines(rest, 0)] == ["I, agree"]


def test_in_a_value_box_a_gap_between_clusters_of_an_unspaced_script_is_a_word_break() -> None:
    # "शर्मा राज" with the space glyph lost: only its advance (3 pt at 12 pt high) is left
    placed = [
        ("श", 10.0, 17.0, 100.0, 112.0),
        ("र्", 17.0, 19.0, 100.0, 112.0),
        ("मा", 19.0, 23.0, 100.0, 112.0),
        ("रा", 26.0, 30.0, 100.0, 112.0),
        ("ज", 30.0, 37.0, 100.0, 112.0),
    ]
    chars = _chars(placed)
    assert block_text(chars, 0) == "शर्मा राज"
    # in running text such a gap is the shaping's, not a space
    assert [line.text for line in lines(chars, 0)] == ["शर्माराज"]


def test_a_right_to_left_row_is_read_in_logical_order() -> None:
    # "محمد Ali" drawn as "Ali دمحم": a right-to-left paragraph when "Ali" is marked
    # embedded in it (level 2), else the left-to-right reading that shows alike
    drawn = _word("Ali", 10.0, 100.0) + _word("دمحم", 30.0, 100.0)
    assert block_text(_chars(drawn), 0) == "Ali محمد"
    assert block_text(_chars(drawn, [2] * 3 + [1] * 4), 0) == "محمد Ali"
    # "Ali محمد 2nd" drawn as "Ali 2 دمحمnd": read by the levels it was drawn at, as
    # the order drawn read again as logical would be drawn otherwise
    drawn = _word("Ali", 10.0, 100.0) + _word("2", 30.0, 100.0)
    drawn += _word("دمحم", 40.0, 100.0) + _word("nd", 60.0, 100.0)
    assert block_text(_chars(drawn), 0) == "Ali 2 محمدnd"
    levels = [0] * 3 + [2] + [1] * 4 + [0] * 2
    assert block_text(_chars(drawn, levels), 0) == "Ali محمد 2nd"
