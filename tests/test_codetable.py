"""Per-code answers for a page's codes at once (pdf/codetable.py): the characters of a
page's UTF-16 code units made by one decode are those ``chr`` makes one by one, and the
code table of the units a page's reading drops answers as the rule it stands for."""

from __future__ import annotations

import numpy as np
import pytest

from pubrelease.pdf import chartable
from pubrelease.pdf.codetable import as_text

SAMPLES = [
    "Release of rights — Müller, Ἀθῆναι, Дворжак, محمد, 山田太郎, हिन्दी",
    "\x00\x02\r\n\t \ufeff\ufffd\uffff\ufffe",
    "",
]


def _one_by_one(codes: np.ndarray) -> str:
    return "".join(map(chr, codes.tolist()))


@pytest.mark.parametrize("text", SAMPLES)
def test_units_decoded_at_once_as_one_by_one(text: str) -> None:
    units = np.frombuffer(text.encode("utf-16-le"), np.uint16).copy()
    assert as_text(units) == _one_by_one(units) == text
    for dtype in (np.int32, np.int64, np.uint32):
        assert as_text(units.astype(dtype)) == _one_by_one(units)


def test_surrogate_halves_stay_one_character_each() -> None:
    # a pair, a lone high half and a lone low half: each unit one character, as chr makes
    # it (a decode would join the pair into one character and refuse the lone halves)
    units = np.array([0x41, 0xD83D, 0xDE00, 0xD800, 0x42, 0xDC00], np.uint16)
    assert as_text(units) == _one_by_one(units)
    assert len(as_text(units)) == units.size


def test_codes_beyond_the_units() -> None:
    codes = np.array([0x1F600, 0x41, 0x10FFFF], np.int64)
    assert as_text(codes) == _one_by_one(codes)


def test_every_unit_alone_and_in_a_row() -> None:
    every = np.arange(0x10000, dtype=np.uint16)
    assert as_text(every) == _one_by_one(every)
    for start in range(0, 0x10000, 0x1000):
        block = every[start : start + 0x1000][::-1].copy()
        assert as_text(block) == _one_by_one(block)


def test_dropped_units_as_the_rule() -> None:
    every = np.arange(0x10000, dtype=np.uint16)
    rule = np.isin(every, chartable._DROPPED) | ((every >= 0xD800) & (every <= 0xDFFF))
    assert np.array_equal(chartable._USELESS(every)[:, 0], rule)
