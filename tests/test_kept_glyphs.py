"""The standard fonts' glyphs kept from one file to the next (pdf/keptglyphs.py): every
render is what it is without them, on returns other tools filled in Helvetica, and the
kept document is let go and made anew so that a worker's memory stays bounded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pytest

from pubrelease import Release
from pubrelease.demo import SEED_RELEASES
from pubrelease.pdf import keptglyphs, pagespace
from pubrelease.pdf.pagespace import render_upright

from . import returns as R

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""

TOOLS: dict[str, Callable[[Release, Path], Path]] = {
    "pypdf": lambda r, out: R.fill_pypdf(r, out),
    "pdftk": lambda r, out: R.fill_pdftk(r, out),
    "fill-flattened": lambda r, out: R.fill_pubrelease(r, out, flatten=True),
}


@pytest.fixture
def returns(tmp_path: Path) -> list[bytes]:
    """Returns of three releases by each tool (Latin-1 names: pypdf draws WinAnsi)."""
    latin = [r for r in SEED_RELEASES if r.speaker_name.isascii()][:3]
    return [
        make(release, tmp_path / f"{tool}-{i}.pdf").read_bytes()
        for tool, make in TOOLS.items()
        for i, release in enumerate(latin)
    ]


def _renders(files: list[bytes]) -> Iterator[npt.NDArray[np.uint8]]:
    """Every page of ``files``, each file opened and closed in turn as the reading does:
    at 72 dpi in grey and in colour, and a value box's close-up at 4 pixels a point."""
    for data in files:
        doc = pdfium.PdfDocument(data)
        try:
            for number in range(len(doc)):
                page = doc[number]
                yield render_upright(page, 1.0)
                yield render_upright(page, 1.0, colour=True)
                yield render_upright(page, 4.0, (100.0, 600.0, 400.0, 700.0))
                page.close()
        finally:
            doc.close()


def test_renders_are_the_same_with_the_standard_glyphs_kept(
    returns: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    keptglyphs._KEEPER.let_go()
    with monkeypatch.context() as patched:
        patched.setattr(pagespace, "keep_standard_glyphs", lambda: None)
        alone = list(_renders(returns))
        assert keptglyphs._KEEPER.kept is None  # (nothing kept the glyphs)
    # twice: the glyphs rasterised for the first files are those drawn for the later ones
    for _ in range(2):
        kept = list(_renders(returns))
        assert keptglyphs._KEEPER.kept is not None
        assert len(kept) == len(alone)
        for before, after in zip(alone, kept, strict=True):
            assert np.array_equal(before, after)


def test_the_kept_document_is_made_anew_after_RENEW_renders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keptglyphs, "RENEW", 3)
    keeper = keptglyphs._Keeper()
    seen = []
    for _ in range(7):
        keeper.keep()
        assert keeper.kept is not None
        seen.append(keeper.kept[0])
    # made on the first render, then anew on the 4th and the 7th
    assert [s is seen[0] for s in seen[:3]] == [True] * 3
    assert seen[3] is not seen[2] and seen[3] is seen[5] and seen[6] is not seen[5]
    keeper.let_go()
    assert keeper.kept is None


def test_the_kept_document_draws_each_standard_font() -> None:
    """One glyph in each of the 14 standard fonts, none embedded (PDFium's own copies, the
    faces every file naming them shares), and a file PDFium reads without repairing it."""
    doc = pdfium.PdfDocument(keptglyphs._document())
    try:
        page = doc[0]
        textpage = page.get_textpage()
        assert len("".join(textpage.get_text_range().split())) == len(keptglyphs._STANDARD)
        objects = list(page.get_objects())
        assert len(objects) == len(keptglyphs._STANDARD)
        names = {_base_name(o) for o in objects}
        assert names == set(keptglyphs._STANDARD)
        assert page.render(scale=1.0, grayscale=True).to_numpy().min() < 128  # (ink)
        textpage.close()
        page.close()
    finally:
        doc.close()


def _base_name(obj: pdfium.PdfObject) -> str:
    import ctypes

    font = pdfium.raw.FPDFTextObj_GetFont(obj.raw)
    size = pdfium.raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium.raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode()
