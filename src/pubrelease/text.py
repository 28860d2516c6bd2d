"""When two pieces of text are the same text: the one rule every layer uses.

Names, titles and other values are compared after NFKC normalisation, case
folding and collapsing of spacing. Accents are kept: "Zoë" and "Zoe" are
different people, and a near match is for a person to judge, never equal.
"""

from __future__ import annotations

import unicodedata

from .pdf.bidi import display

__all__ = ["normalise", "same_text"]


def normalise(text: str) -> str:
    """``text`` for comparison: NFKC, case-folded, runs of spacing collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def same_text(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same text for every comparison pubrelease makes.

    Two orders of a value mixing directions that show alike on the page ("محمد Ali" and
    "Ali محمد", both drawn as "Ali دمحم") are the same text: a page cannot tell them apart.
    """
    a, b = normalise(a), normalise(b)
    return a == b or display(a) == display(b)
