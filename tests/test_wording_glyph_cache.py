"""What a print's wording glyphs were judged to show is kept across returns, by the pixels.

A Ghostscript or poppler print draws the form's wording the same way in print after
print, so the few cells whose ink is not the form's show the same pixels every time:
:func:`pubrelease.reading.wordingglyphs._judged` keeps each judging by the cell and the
very pixels it reads. A forged glyph (the same advance, code and text read as the
form's, another outline) draws other pixels there, so it is judged anew even after
honest prints of the same form filled the cache.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pubrelease import Status, fill, parse
from pubrelease.form.registry import load_form
from pubrelease.reading import wordingglyphs
from pubrelease.reading.formcells import form_cells

from . import attacks as A
from .returns import flatten_with
from .test_wording_glyphs import redrawn


def _honest_print(tool: str, tmp_path: Path) -> Path:
    source = tmp_path / "flat.pdf"
    source.write_bytes(fill(A.RELEASE, flatten=True, today=A.TODAY))
    return flatten_with(tool, source, tmp_path / f"honest-{tool}.pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("tool", ["gs", "pdftocairo"])
def test_a_forged_print_is_caught_after_honest_prints(tool: str, tmp_path: Path) -> None:
    """Both printers draw the "T" of clause 7's "This" (page 2) a little otherwise than
    the form's Helvetica: the honest print's judging of that cell is kept. A Type 3 font
    whose "T" reads "T", as wide, and draws an "F" is still seen, after it."""
    honest = _honest_print(tool, tmp_path)
    for _ in range(2):  # the second time, every judging of the print is kept
        assert parse(honest, today=A.TODAY).status is Status.VALID
    cells = form_cells(load_form("icml-2020"))[1]
    t = cells.chars.index("7.This") + 2
    assert any(key[0] == t for key in cells.seen), "the honest print's T was judged and kept"
    doctored = tmp_path / "doctored.pdf"
    doctored.write_bytes(
        A.apply(A.issued(), redrawn(1, "This", "Fhis", "type3", within=""), A.Save.RESAVED)
    )
    forged = flatten_with(tool, doctored, tmp_path / f"forged-{tool}.pdf")  # type: ignore[arg-type]
    record = parse(forged, today=A.TODAY)
    assert record.status is Status.INVALID
    messages = [f.message for f in record.findings if f.code == "shown-text-differs"]
    assert messages == [
        "page 2: the wording's glyphs are not the characters its text layer reads (drawn in "
        "a font the file does not vouch for): '…7.This' shows as '…7.Fhis'"
    ]
    assert parse(honest, today=A.TODAY).status is Status.VALID


def test_a_judging_is_kept_by_every_pixel_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same pixels: judged once; one pixel's level changed anywhere a judging reads
    (the cell and its pixels of play): judged again."""
    cells = form_cells(load_form("icml-2020"))[0]
    index = next(i for i, c in enumerate(cells.chars) if c == "6")
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    calls: list[int] = []
    original = wordingglyphs._classify

    def counted(*args: object) -> object:
        calls.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(wordingglyphs, "_classify", counted)
    shown = cells.soft.copy()
    first = wordingglyphs._judged(cells, index, shown)
    assert wordingglyphs._judged(cells, index, shown) == first
    assert len(calls) == 1
    corners = [
        (y0 + wordingglyphs.PLAY_Y[0], x0 + wordingglyphs.PLAY_X[0]),
        (y1 + wordingglyphs.PLAY_Y[-1] - 1, x1 + wordingglyphs.PLAY_X[-1] - 1),
    ]
    for y, x in corners:
        changed = shown.copy()
        changed[y, x] = np.uint8((int(changed[y, x]) + 1) % 256)
        wordingglyphs._judged(cells, index, changed)
    assert len(calls) == 3
