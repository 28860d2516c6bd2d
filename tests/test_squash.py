"""Squashing text at C speed reads the same as folding it one character at a time."""

from __future__ import annotations

import random
import unicodedata

from pubrelease.form import wording
from pubrelease.form.wording import squash, squashed


def _one_by_one(text: str) -> tuple[str, list[int]]:
    """The definition: each character folded alone (NFKC of it with quotes unified, no
    spaces nor hyphens), each kept character's index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = "".join(
            c
            for c in unicodedata.normalize("NFKC", char.translate(wording._QUOTES))
            if not c.isspace() and c not in wording._DROP
        )
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index


_ALPHABET = (
    "abcXYZ019 \t\n\r\x0b\x0c\x1c\x1f-`'\"\u00a0\u2028\u3000\u00ad\u2010\u2013\u2212"
    "\u201c\u201d\u2019\u00ab\u00a9\u00aa\u00ba\ufb01\ufb03\u2460\u00bd\u2122\u00c5"
    "A\u030a\u0915\u094d\u0937\u05d0\u0627\u4e2d\uac00\u2610\u2612\uff21\ud800\U0001d400"
)


def test_squash_is_folding_each_character() -> None:
    rng = random.Random(13)
    texts = ["", " ", "-", "`", "plain ascii words - and more", "\ufb01nal \u201cquotes\u201d"]
    texts += ["".join(rng.choices(_ALPHABET, k=rng.randint(1, 300))) for _ in range(400)]
    for text in texts:
        assert squash(text) == _one_by_one(text), repr(text)
        assert squashed(text) == _one_by_one(text)[0], repr(text)


def test_many_new_characters_start_the_table_afresh(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(wording, "_MAX_FOLDS", 200)
    text = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300)) + " \ufb01 x"
    assert squash(text) == _one_by_one(text)
    assert len(wording._folds) <= 300 + 128
    assert squash("\u201cok\u201d") == _one_by_one("\u201cok\u201d")
