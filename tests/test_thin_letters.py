"""A letter of a light face, too thin to stand out at 72 dpi, is no hidden text.

pdf-lib, drawing every field in Noto Sans Hebrew (``--font``: the variable font's
default instance, a light weight at about 6 pt), draws "יעל כהן" as it should look in
poppler, MuPDF and PDFium. Each "ה" was yet reported as ``hidden-text`` ("text that a
viewer does not show: 'ה' … (covered or blank)") and the return was ``invalid`` (a
reviewer's finding): at a pixel a point its strokes leave 30 to 40 of 255 of ink on the
pixels of its own, short of the contrast a glyph must show. Such a glyph is looked at
again at 288 dpi (:mod:`pubrelease.pdf.closerlook`).

The closer look must not pass a letter a person cannot see: the same letter drawn white,
or in a grey too light to read (0.85), stays ``hidden-text``, in an incremental update
and in a file re-saved by qpdf.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import pytest

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R
from .helpers import signed_release
from .whiteletters import whiten

HEBREW = "justmytype_intl_rtl/fonts/ofl/notosanshebrew/NotoSansHebrew[wdth,wght].ttf"
NAME = "יעל כהן"
DRAWN = NAME[::-1]
"""pdf-lib draws the name's glyphs in the order they stand, right to left."""


@functools.cache
def _filled(flatten: bool) -> bytes:
    import justmytype_intl_rtl  # the packaged fonts: pubrelease depends on them

    font = Path(justmytype_intl_rtl.__file__).parent.parent / HEBREW
    with tempfile.TemporaryDirectory(prefix="thin-letters-") as folder:
        out = Path(folder) / "pdflib.pdf"
        R.fill_pdflib(signed_release(NAME), out, font=font, flatten=flatten)
        return out.read_bytes()


def _hidden(record_findings: list[tuple[str, str]]) -> set[str]:
    out: set[str] = set()
    for code, message in record_findings:
        if code == "hidden-text":
            out |= set(re.findall(r"'([^']*)' at \(", message))
    return out


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_a_light_hebrew_face_shows_every_letter(flatten: bool) -> None:
    record = parse(_filled(flatten), today=A.TODAY)
    findings = [(f.code, f.message) for f in record.findings]
    assert not _hidden(findings), findings
    assert record.status is not Status.INVALID, findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("grey", [1.0, 0.85], ids=["white", "light-grey"])
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_the_letter_white_or_too_light_stays_hidden(
    flatten: bool, grey: float, save: A.Save
) -> None:
    at = DRAWN.index("ה")
    edit = whiten(NAME, (at,), grey=grey)
    record = parse(A.apply(_filled(flatten), edit, save), today=A.TODAY)
    findings = [(f.code, f.message) for f in record.findings]
    assert record.status is Status.INVALID, findings
    assert _hidden(findings) == {"ה"}, findings
