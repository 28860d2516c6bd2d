"""A right-to-left value with brackets or quotes reads back as typed, however it comes back.

HarfBuzz draws the "(" of "محمد (أبو علي)" with the glyph of ")" (UAX #9 L4). That glyph
is mapped to ")" in the font's ``ToUnicode`` and drawn in an ``/ActualText`` span of "(";
``parse`` reads the span's text from its mark. It used to read PDFium's character, which
PDFium mirrors again where its own grouping of the line calls it right-to-left: a
flattened, ``qpdf``-saved or ``mutool clean``-ed return read "محمد )أبو علي(" or
"]محمد]" and was invalid (issue 11). Returns issued before keep their quick reading.
A flattened value of mixed directions is put back in logical order by the levels of
its marked runs.

A bracket a line of both directions draws as itself was read mirrored too: PDFium took
the ")" of "Sarah (שרה) Cohen", between a Hebrew word and a space, for a right-to-left
one, so every flattened or re-saved copy of such a release read "Sarah (שרה( Cohen" and
was invalid (a reviewer's finding, 12 names). In such a line every bracket and quote is
now drawn in a span of its own text. ``tests/data/issued-36eb6ca`` holds two releases
issued before that (commit ``36eb6ca``): untouched, they are still read as ours.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from pubrelease import fill, parse

from .helpers import pdfjs_texts, require_tool, resaved, signed_release

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

NAMES = [
    "محمد (أبو علي)",
    "[محمد]",
    "«محمد»",
    "דוד (Dudu)",
    # brackets a left-to-right line draws as themselves, next to a right-to-left run
    "Sarah (שרה) Cohen",
    "Dr. יעל כהן (PhD)",
    "(PhD) יעל כהן",
    "Yael כהן [MIT]",
    "Dr. יעל כהן «PhD»",
    "Ali (محمد) Khan",
]
ISSUED = Path(__file__).parent / "data" / "issued-36eb6ca"
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _returned(name: str, how: str, tmp_path: Path) -> Path:
    """The release filled for ``name``, come back as ``how`` says."""
    release = signed_release(name)
    path = tmp_path / f"{how}.pdf"
    if how in ("live", "flattened"):
        path.write_bytes(fill(release, flatten=how == "flattened"))
        return path
    live = tmp_path / "issued.pdf"
    live.write_bytes(fill(release))
    return resaved(live, how, path)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how", ["live", "flattened", "qpdf", "mutool"])
def test_a_right_to_left_name_with_brackets_reads_back(name: str, how: str, tmp_path: Path) -> None:
    record = parse(_returned(name, how, tmp_path).read_bytes())
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status.value == "valid", [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("name", ["Ali محمد 2nd", "محمد Ali", "Ali (محمد) 2"])
def test_a_flattened_mixed_value_reads_by_the_levels_it_was_drawn_at(
    name: str, tmp_path: Path
) -> None:
    """The value "Ali محمد 2nd" is drawn "Ali 2 دمحمnd" (the "2" after Arabic is a number of it,
    level 2); read as logical again, that would be drawn otherwise: the signature read
    "Ali 2 محمدnd" and the return was incomplete. The runs' marked levels say it."""
    record = parse(_returned(name, "flattened", tmp_path).read_bytes())
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status.value == "valid", [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("name", NAMES)
def test_a_return_issued_before_reads_quickly_as_before(name: str) -> None:
    """A return as releases of 1 December 2026 drew it (the mirrored glyph mapped to the
    bracket typed, no span) is still ``fill``'s own, and valid."""
    from pubrelease.reading.quickread import _as_issued_before

    with _as_issued_before():
        old = fill(signed_release(name))
    assert old != fill(signed_release(name))
    record = parse(old)
    assert record.speaker_name == name
    assert record.status.value == "valid", [(f.code, f.message) for f in record.findings]


def test_pdfjs_and_mupdf_read_the_brackets_as_shown(tmp_path: Path) -> None:
    """pdf.js reads the glyphs (not ``/ActualText``) and mirrors a right-to-left run
    itself: a glyph mapped to the bracket typed came out as its pair ("محمد]["); MuPDF
    gives the line in drawing order, the brackets as they are seen."""
    path = _returned("[محمد]", "flattened", tmp_path)
    # two boxes side by side (pdf.js joins a page's items): "محمد][محمد][" before
    assert "[محمد][محمد]" in _CONTROLS.sub("", pdfjs_texts(path)[0])
    drawn = subprocess.run(
        [require_tool("mutool"), "draw", "-q", "-F", "txt", "-o", "-", str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8")
    assert "[دمحم]" in drawn


@pytest.mark.parametrize(
    ("name", "file"),
    [("Sarah (שרה) Cohen", "brackets-ltr.pdf"), ("(PhD) יעל כהן", "brackets-first.pdf")],
)
def test_a_release_issued_with_its_brackets_unspanned_is_still_ours(name: str, file: str) -> None:
    from pubrelease import load_form
    from pubrelease.reading.quickread import _issued, quick_read

    data = (ISSUED / file).read_bytes()
    reading = quick_read(data, load_form())
    assert reading is not None and reading.record is not None
    assert _issued(load_form(), reading.record, data) == "now"
    record = parse(data)
    assert (record.speaker_name, record.status.value) == (name, "valid"), record.findings


# Printed again by Ghostscript or pdftocairo, a release loses its /ActualText spans:
# every bracket is read from the glyph's own character, as PDFium's grouping of the line
# swapped it or not ("Sarah (שרה) Cohen" was read "Sarah (שרה( Cohen", valid).
PRINTED_AS_TYPED = [
    *(name for name in NAMES if name != "محمد (أبو علي)"),
    "שרה (לוי)",
    "(د) محمد",
    "«שרה» Cohen",
]
"""The names read as typed: all of :data:`NAMES` but an Arabic one with brackets (its
glyphs' map has holes Ghostscript leaves, and its brackets are drawn in another font
than its letters). Names whose two orders show alike ("דוד (Dudu)", "«שרה» Cohen") are
read in the paragraph direction whose drawing by ``fill`` their boxes show
(:mod:`pubrelease.reading.paragraphs`; before 2 December, as the left-to-right one)."""


@pytest.mark.parametrize("name", PRINTED_AS_TYPED)
@pytest.mark.parametrize("printer", ["gs", "pdftocairo"])
def test_a_printed_name_with_brackets_reads_as_typed_or_is_for_a_person(
    name: str, printer: str, tmp_path: Path
) -> None:
    from .returns import flatten_with

    live = tmp_path / "issued.pdf"
    live.write_bytes(fill(signed_release(name)))
    printed = flatten_with(printer, live, tmp_path / "printed.pdf", strict=False)  # type: ignore[arg-type]
    record = parse(printed.read_bytes())
    if name in PRINTED_AS_TYPED:
        assert (record.speaker_name, record.signature) == (name, name)
    # never valid with a bracket other than the one the page shows
    if record.status.value == "valid":
        assert (record.speaker_name, record.signature) == (name, name)


def _swapped_back(pdfium_text: str) -> str:
    from pubrelease.pdf.pdfiummirror import unmirrored

    units = np.frombuffer(pdfium_text.encode("utf-16-le"), np.uint16)
    return unmirrored(units).tobytes().decode("utf-16-le")


@pytest.mark.parametrize(
    ("read", "drawn"),
    [
        # PDFium 8149's text of Ghostscript's prints (their ToUnicode: the character each
        # glyph shows): a ")" after a right-to-left word, in a line with more left
        # segments, is swapped
        ("Sarah (שרה (Cohen\r\n", "Sarah (שרה )Cohen\r\n"),
        # more right segments than left: the line reversed, every neutral segment swapped
        ("[محمد]\r\n", "]محمد[\r\n"),
        ("(د) محمد\r\n", ")د( محمد\r\n"),
        # as many left segments as right ones: a left-to-right line, the "(" left
        ("(Dudu) דוד\r\n", "(Dudu) דוד\r\n"),
        # each line on its own: a bracket after a line of Hebrew is not swapped
        ("שרה\r\n(PhD)\r\n", "שרה\r\n(PhD)\r\n"),
        # left to right only: nothing swapped
        ("Name (Print): x\r\n", "Name (Print): x\r\n"),
        # a glyph of code 10 that no map names (U+000A inside a line): not a line's end
        ("ש)\n)x\r\n", "ש(\n(x\r\n"),
    ],
)
def test_pdfium_mirroring_is_undone(read: str, drawn: str) -> None:
    assert _swapped_back(read) == drawn


# Pages typeset by another program: LibreOffice maps a bracket drawn mirrored to the
# character typed, Chromium to the one shown inside an /ActualText of the one typed, and
# each orders the line its own way (review rev21: 28 such returns read valid with a
# bracket turned or moved, 'שרה «כהן» לוי' read 'שרה »כהן« לוי').
TYPESET = ["שרה «כהן» לוי", "محمد (أبو علي)", "יעל (כהן)", "Sarah Cohen שרה (לוי)"]


def test_a_page_typeset_elsewhere_with_brackets_in_right_to_left_text_is_for_a_person(
    tmp_path: Path,
) -> None:
    from .returns import STYLES, OfficeJob, render_office_many

    jobs = [
        OfficeJob(signed_release(name), tmp_path / f"{i}.pdf", STYLES["sans-tick-typed"])
        for i, name in enumerate(TYPESET)
    ]
    for name, path in zip(TYPESET, render_office_many(jobs), strict=True):
        record = parse(path.read_bytes())
        assert record.source.value == "layout", name
        assert record.status.value != "valid", (name, record.speaker_name)
        codes = {(f.code, f.field) for f in record.findings}
        assert ("shown-text-unchecked", "speaker_name") in codes, (name, record.findings)


def test_only_right_to_left_values_with_brackets_are_doubted() -> None:
    from pubrelease.reading.sources import turned_brackets

    found = turned_brackets(
        {
            "speaker_name": "שרה «כהן» לוי",
            "signature": "שרה כהן",
            "event_title": "Deep (Learning)",
            "countersigner_name": None,
        }
    )
    assert [f.field for f in found] == ["speaker_name"]
