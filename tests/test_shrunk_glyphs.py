"""A letter of a name set at a speck's size among the others is not a letter shown.

Review rev22: a glyph drawn at a hundredth of its size closes up with its advance (the
letters around it meet) and shows nothing; a render of a pixel a point does not judge a
glyph under half a point across (rendering.hidden_glyphs), and the text layer still
reads the letter. Boxes vouched for by their fonts (vouching._box_vouched) now ask every
text object in them to be set at painted.SMALLEST points at least and painted.AS_BESIDE
of the largest; the letters outside ASCII judged glyph by glyph
(valueglyphs.misdrawn_letters) likewise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R

ATTACKED = Path(__file__).parent / "data" / "attacks-rev22"


def _y_at(size: float) -> A.Edit:
    """The printed name's appearance redrawn in Helvetica with its "y" at ``size``."""
    return A._redraw(
        "speaker_name",
        b"BT /Helv 10 Tf 0 g 2 4 Td (Boh) Tj /Helv %.3f Tf (y) Tj /Helv 10 Tf (ung Han) Tj ET"
        % size,
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("pypdf")
    return R.fill_pypdf(A.RELEASE, folder / "filled.pdf").read_bytes()


def test_the_same_letter_set_as_the_others_is_valid(filled: bytes) -> None:
    """The redrawing itself is honest: re-saved with the "y" at 10 pt, valid."""
    record = parse(A.apply(filled, _y_at(10), A.Save.RESAVED), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_letter_shrunk_to_a_speck_in_a_fill_is_not_valid(filled: bytes, save: A.Save) -> None:
    """pypdf's fill with the "y" of "Bohyung Han" at 0.05 pt shows "Bohung Han"."""
    assert A.RELEASE.speaker_name == "Bohyung Han"
    record = parse(A.apply(filled, _y_at(0.05), save), today=A.TODAY)
    assert record.speaker_name == "Bohyung Han"  # (what the text layer reads)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize("file", sorted(p.name for p in ATTACKED.glob("*.pdf")))
def test_a_printed_letter_shrunk_to_a_speck_is_not_valid(file: str) -> None:
    record = parse((ATTACKED / file).read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
