"""pubrelease's bidi algorithm against python-bidi (a complete UAX #9), and its inverse."""

from __future__ import annotations

from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from pubrelease.pdf.bidi import DirectionalRun, display, logical_order, visual_runs

ALPHABET = "abcXYZ אבגדה مححمد ١٢٣ 0123456789 -.,:/+%#"
"""Letters of both directions, European and Arabic digits, separators and terminators."""


@settings(max_examples=2000, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=16))
def test_display_order_is_python_bidis(text: str) -> None:
    assert display(text) == get_display(text)


@settings(max_examples=500, deadline=None)
@given(st.text("אבגדהمحمد -", min_size=1, max_size=16).filter(lambda t: t.strip(" -")))
def test_a_right_to_left_line_reads_back_in_logical_order(text: str) -> None:
    """A name without Latin letters, read off the page left to right, comes back as typed."""
    text = " ".join(text.split())
    assert logical_order(display(text)) == text


def test_names_from_the_issue() -> None:
    for name in ("דוד בן-גוריון", "محمد عبد الله", "محمد 123 علي"):
        assert logical_order(display(name)) == name
    assert display("محمد Ali") == "Ali دمحم" == display("Ali محمد")
    assert logical_order("I, ןוירוג-ןב דוד , agree that:") == "I, דוד בן-גוריון , agree that:"


@settings(max_examples=1000, deadline=None)
@given(st.text("abc 中文字 हिंदी ไทย ‍‌‎ 0123 -.,:/+%# ½ ①", min_size=1, max_size=20))
def test_a_line_without_right_to_left_characters_is_one_run_as_python_bidi_says(
    text: str,
) -> None:
    """visual_runs' shortcut (no R, AL or AN: one run of level 0) gives the same display."""
    assert visual_runs(text) == [DirectionalRun(0, len(text), 0)]
    assert display(text) == get_display(text) == text
