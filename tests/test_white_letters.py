"""A letter drawn white inside a name drawn black is hidden text, whoever filled the form.

The text layer (what ``parse``, pdftotext or a copy-paste read) keeps the white letter;
the page shows a gap ("Bohyung H n"), or nothing for a white word added after the name.
At 72 dpi a glyph's box grown by its margin reaches the ink of the letters beside it and
the field's underline (a descender's box touches it), so contrast alone passed such a
letter for shown. Each return here is filled by our own fill, by pypdf, pdftk or pdf-lib
(live or flattened), then edited by :mod:`.whiteletters` as an incremental update or a
file re-saved by qpdf; the ``hidden-text`` finding must quote the white letters and only
them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pubrelease import Consent, Release, Status, parse

from . import attacks as A
from . import returns as R
from .whiteletters import whiten

HAN = "Bohyung Han"
DESCENDERS = "Pooja Yuqi Gupta"
"""A name whose lowercase letters j, q, p reach below the line, onto the underline (a
white "j", narrow, is judged by contrast alone where its box leaves it no square of 3 pt
of its own: :data:`pubrelease.pdf.ownink.ROOM`)."""

CASES: dict[str, tuple[str, tuple[int, ...], str | None, set[str]]] = {
    "middle": (HAN, (9,), None, {"a"}),
    "y-and-g": (HAN, (3, 6), None, {"y", "g"}),
    "q-and-p": (DESCENDERS, (8, 13), None, {"q", "p"}),
    "first-and-last": (HAN, (0, 10), None, {"B", "n"}),
    "extra-word": (HAN, (), " Hong", {"Hong"}),
}
"""Case -> (name, indices of its letters drawn white, a white word added, the words
quoted as not shown)."""

Fill = Callable[[Release, Path], Path]
FILLS: dict[str, Fill] = {
    "pubrelease": lambda r, p: R.fill_pubrelease(r, p),
    "pubrelease-flattened": lambda r, p: R.fill_pubrelease(r, p, flatten=True),
    "pypdf": lambda r, p: R.fill_pypdf(r, p),
    "pdftk": lambda r, p: R.fill_pdftk(r, p),
    "pdf-lib": lambda r, p: R.fill_pdflib(r, p),
    "pdftk-flattened": lambda r, p: R.fill_pdftk(r, p, flatten=True),
}


@functools.cache
def _filled(tool: str, name: str) -> bytes:
    release = Release(
        speaker_name=name,
        event_title="Learning to Rank Proposals for Object Detection",
        event_date=dt.date(2020, 7, 13),
        effective_date=dt.date(2020, 7, 1),
        consent=Consent.ACCEPT,
        signature=name,
        sign_date=dt.date(2020, 7, 2),
    )
    with tempfile.TemporaryDirectory(prefix="white-letters-") as folder:
        return FILLS[tool](release, Path(folder) / "filled.pdf").read_bytes()


def _quoted(record_findings: list[tuple[str, str]]) -> set[str]:
    """The words the hidden-text findings quote."""
    out: set[str] = set()
    for code, message in record_findings:
        if code == "hidden-text":
            out |= set(re.findall(r"'([^']*)' at \(", message))
    return out


CAUGHT_BEFORE = {
    (tool, case)
    for tool in ("pubrelease", "pubrelease-flattened")
    for case in ("middle", "first-and-last")
}
"""Our own fill (10 pt) leaves these letters' margins clear of their neighbours' ink:
caught by contrast alone already, so not cases of this test."""


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    ("tool", "case"),
    [(t, c) for t in sorted(FILLS) for c in sorted(CASES) if (t, c) not in CAUGHT_BEFORE],
    ids=lambda v: str(v),
)
def test_a_white_letter_in_a_black_name_is_hidden_text(tool: str, case: str, save: A.Save) -> None:
    name, white, extra, quoted = CASES[case]
    honest = _filled(tool, name)
    assert parse(honest, today=A.TODAY).status is not Status.INVALID  # the fill itself is fine
    record = parse(A.apply(honest, whiten(name, white, extra=extra), save), today=A.TODAY)
    findings = [(f.code, f.message) for f in record.findings]
    assert record.status is Status.INVALID, findings
    assert _quoted(findings) == quoted, findings


def test_the_honest_fills_show_every_letter() -> None:
    """No glyph of the honest fills is taken for hidden (the underline under a descender,
    the letters beside a narrow one)."""
    for tool in FILLS:
        for name in (HAN, DESCENDERS):
            record = parse(_filled(tool, name), today=A.TODAY)
            assert not [f for f in record.findings if f.code == "hidden-text"], (tool, name)


def test_glyphs_off_the_page_and_a_one_row_band_are_judged() -> None:
    """Boxes partly or wholly off the page are clipped to it (their corners must not wrap
    onto another row of the count of boxes per pixel); a page whose glyphs span a band of
    fewer rows than a rule is compared over."""
    import io

    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from pubrelease.pdf import rendering

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(200, 60))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(180, 30, "Hollow")  # runs off the right edge
    pdf.drawString(-20, 10, "Margin")  # starts off the left edge
    pdf.drawString(40, 70, "Above")  # wholly above the page
    pdf.drawString(60, 30, "Ha")
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(72.2, 30, "a")  # white, where "Ha" would go on
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(77.8, 30, "n")
    pdf.showPage()
    pdf.setPageSize((200, 6))
    pdf.setFont("Helvetica", 4)
    pdf.drawString(10, 3, "tiny")  # the page is 6 pt tall: a band of a few rows
    pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buffer.getvalue())
    try:
        first = rendering.render_page(doc, 0, rendering.ViewMode.SCREEN, glyphs=True)
        second = rendering.render_page(doc, 1, rendering.ViewMode.SCREEN, glyphs=True)
    finally:
        doc.close()
    hidden = rendering.hidden_glyphs(first)
    on_page = [g.char for g in hidden if g.box[0] >= 0 and g.box[2] <= 200 and g.box[3] <= 60]
    assert on_page == ["a"], hidden  # the white "a" only; glyphs off the page do not show
    assert {g.char for g in hidden} - {"a"} <= set("wMarAbove"), hidden
    assert rendering.hidden_glyphs(second) == []
