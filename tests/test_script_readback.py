"""Names in every script read back from the page to the logical string, flattened too.

A flattened return (our ``fill``, pdftk, qpdf) has its values only as drawn text, read by
the general path: PDFium's characters put into lines by :mod:`pubrelease.pdf.textlines`.
Each shaped cluster is drawn inside an ``/ActualText`` span, whose characters PDFium
gives in no reliable order: the reading takes each span's text whole, in logical order,
where its glyphs stand (:mod:`pubrelease.pdf.spans`). The names come from a seeded
generator (``tests/scriptnames.py``; ``benchmarks/script_readback.py`` counts failures
over many more), and a few are the misreadings found by fuzzing before the spans were
read whole.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pubrelease.pdf.bidi import logical_order

from .helpers import require_tool
from .scriptnames import SCRIPTS, check, make_name

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

FOUND = {
    "hamza below": "إبراهيم",  # read "إ براهيم": a space made up at a side bearing
    "thai tone over vowel": "ยิ่ง",  # read "ยิ่ยิ่ง": a span of two operators read twice
    "harakat and shadda": "ضًغُّزٍّطَّ لَز",  # marks on the wrong letters, a space inside
    "niqqud": "יוֹסֵף כַּהֲנָא",
    "persian zwnj": "علی\u200cاکبر دهخدا",
    "devanagari zwj after virama": "र्\u200dय क्\u200dष",
    # its space is drawn in a span of a space (the ZWJ's glyph is the space glyph), which
    # PDFium drops; the virama overhangs the gap: read as one word
    "space span after a dead consonant": "विद्\u200dयुत् ज़ैदी",
    "bengali ya-phala": "র\u200d্যাব কর্মকার",
    # "শ্" is one glyph of no advance drawn over the "তী" span, which starts where it
    # does: read "তীশ্" when a left-to-right span was placed from where it starts
    "dead consonant over the next cluster": "ম্ঘূঘহ শ্তীত্\u200dয",
    "vocalised mixed": "مُحَمَّد Ali",
    # PDFium makes up a space after "ମି", whose advance reaches a tenth of an em past
    # its ink, in some boxes: read "ମି ଖୋ" (a word's space leaves a quarter of an em)
    "space made up after a cluster": "ଜେସ଼ୈଶ୍ ଖ୍ବୁମ୍‍ମିଖୋ",
}


def _run(name: str, mode: str, folder: Path) -> None:
    if mode != "pubrelease":
        require_tool(mode)
    outcome = check(name, mode, folder)
    assert outcome.ok, (name, outcome.problems)


@pytest.mark.parametrize("mode", ["pubrelease", "pdftk", "qpdf"])
@pytest.mark.parametrize("case", sorted(FOUND))
def test_a_name_once_misread_reads_back(case: str, mode: str, tmp_path: Path) -> None:
    _run(FOUND[case], mode, tmp_path)


@pytest.mark.parametrize(
    "script",
    [*sorted(SCRIPTS), "mixed"],
)
def test_names_of_each_script_read_back_flattened(script: str, tmp_path: Path) -> None:
    """Three names a script (a fixed seed), flattened by ``fill`` and by pdftk."""
    rng = random.Random(f"test-{script}")
    for k in range(3):
        _run(make_name(script, rng), ("pubrelease", "pdftk")[k % 2], tmp_path)


def test_a_span_moves_whole_when_a_line_is_put_in_logical_order() -> None:
    """The text of an ``/ActualText`` span is in logical order already: a right-to-left
    run is reversed piece by piece, never inside a piece."""
    # drawn left to right: "دَ" then "مَّ" then "حَ" then "مُ" (مُحَمَّد)
    visual = ["د", "مَّ", "حَ", "مُ"]
    assert logical_order(visual) == "مُحَمَّد"
    assert logical_order(["A", "l", "i", " ", "دَ", "مُ"]) == "Ali مُدَ"
    assert logical_order("".join(visual)) != "مُحَمَّد"  # a string is reversed by character
