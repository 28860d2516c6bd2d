"""OCR's reading of a value box another program redrew (``reading/ocrwords.py``).

poppler redraws the fields PyPDFForm leaves without appearances, and pdftocairo prints
them so: the name set large, its feet on the form's grey underline, its descenders
through it. Tesseract read the box's crop as "Bohyuna Han" (the crop cut the "g") and
"BohyungHan ss" (the rule read as letters), so an honest print was ``incomplete``. The
box is read now as far as its glyphs reach (a few points past it), and where that
reading is not the text layer's words, again without the rule's grey (the glyphs' black
kept where they cross it).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from pubrelease import Status, parse
from pubrelease.reading.ocrwords import _inked

from . import attacks as A
from .returns import fill_pypdfform, flatten_with


def test_a_grey_rule_through_the_glyphs_loses_only_its_grey() -> None:
    image = np.full((30, 100), 255, np.uint8)
    image[20, :] = 140  # the form's grey underline
    image[21, :] = 213
    image[5:25, 40:44] = 0  # a stem through it
    inked = _inked(image)
    assert inked is not None
    assert (inked == 0).sum() == 20 * 4  # the stem whole
    assert not ((inked > 100) & (inked < 230)).any()  # no grey left


def test_a_black_rule_loses_its_rows() -> None:
    image = np.full((30, 100), 255, np.uint8)
    image[20, :] = 0
    image[5:25, 40:44] = 0
    inked = _inked(image)
    assert inked is not None
    assert (inked == 0).sum() == 19 * 4  # the stem, but where the rule was


def test_a_name_pdftocairo_redraws_over_its_rule_is_read(tmp_path: Path) -> None:
    release = dataclasses.replace(A.RELEASE, speaker_name="Bohyung Han", signature="Bohyung Han")
    source = fill_pypdfform(release, tmp_path / "filled.pdf")
    printed = flatten_with("pdftocairo", source, tmp_path / "printed.pdf")
    record = parse(printed)
    assert record.status is Status.VALID, record.findings
