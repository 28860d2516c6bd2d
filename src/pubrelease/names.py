"""Comparing names read by a machine: accent-folded, by edit distance, never exactly.

A name read by OCR may lose an accent or confuse two letters; a person's name
typed by them is compared exactly (:func:`pubrelease.verify.normalise_name`).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["NAME_LIKE", "NEAR", "REFUSALS", "fold_name", "name_similarity", "near_names"]

NAME_LIKE = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'\- ])*[^\W\d_]")
"""A name as OCR may read one: letters, with dots, apostrophes, hyphens and spaces
between; no figure nor sign (OCR reads "Jürgen Weiß" as "Jurgen Wei8,")."""

NEAR = 0.85
"""Similarity (0..1) from which two folded names are the same name misread."""


_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
"""Letters that do not decompose into a base letter and an accent."""


def fold_name(name: str) -> str:
    """Case-folded, accents removed, spacing collapsed: ``Zoë  Ødegård`` -> ``zoe odegard``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = kept.translate(_LETTERS)
    return " ".join(kept.split())


def name_similarity(a: str, b: str) -> float:
    """Normalised Indel similarity (0..1) of the folded names."""
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(fold_name(a), fold_name(b)))


def near_names(a: str, b: str) -> bool:
    """The same name, allowing for accents and a few misread characters."""
    return name_similarity(a, b) >= NEAR


REFUSALS = frozenset(
    (
        "not",
        "dont",
        "never",
        "decline",
        "declined",
        "disagree",
        "disagreed",
        "refuse",
        "refused",
        "reject",
        "rejected",
        "withdraw",
        "withdrawn",
        "revoke",
        "revoked",
        "protest",
        "unsigned",
        "void",
        "deny",
        "denied",
        "objection",
    )
)
"""Folded words that make a signature beside the speaker's name a refusal ("Bohyung Han
DOES NOT AGREE"). Only these: the other words people sign with (middle names, second
surnames, "Ph.D." read as "ph d", an affiliation) are no finding (review rev18d)."""
