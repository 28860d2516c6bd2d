"""Releases sent through PostScript and back, read as the page shows them.

A speaker's print path may go through PostScript: ``pdftops`` then ``ps2pdf``,
Ghostscript's ``ps2write`` then ``ps2pdf``, ``pdftocairo -ps`` then ``ps2pdf``. The form's
wording stays readable, but the values come back in fonts made up on the way (Type 3
bitmaps mapped to dingbats, TrueType subsets re-encoded without a map) and their text
layer is garbage: such returns read ``invalid`` (``name-mismatch``, ``bad-date``,
``shown-text-differs``). Now the value boxes are read off the page by OCR and each box is
compared glyph by glyph with ``fill``'s drawing of what is read
(:mod:`pubrelease.reading.printedvalues`): a Latin name reads as issued, and ``valid``;
a name the English OCR model does not read is left to a person (``incomplete``); the
attacks stay caught. The programs are the real ones, run at test time.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

import numpy as np
import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease import Release, RosterEntry, fill, parse
from pubrelease.auditing.audit import Outcome, audit
from pubrelease.form.registry import load_form
from pubrelease.pdf.closeups import render_closeups
from pubrelease.pdf.rendering import ViewMode
from pubrelease.record import ValueSource

from .helpers import require_tool

Route = Literal["pdftops", "ps2write", "pdftocairo"]

RELEASE = Release.create(
    speaker_name="Margaret Hamilton",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Margaret Hamilton",
    sign_date="2020-09-23",
)


def through_postscript(pdf: bytes, route: Route) -> bytes:
    """``pdf`` printed to PostScript by ``route`` and distilled back by ``ps2pdf``."""
    with tempfile.TemporaryDirectory() as folder:
        source, ps, out = (Path(folder) / n for n in ("in.pdf", "x.ps", "out.pdf"))
        source.write_bytes(pdf)
        if route == "pdftops":
            args = [require_tool("pdftops"), str(source), str(ps)]
        elif route == "ps2write":
            args = [
                require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE",
                "-sDEVICE=ps2write", f"-sOutputFile={ps}", str(source),
            ]  # fmt: skip
        else:
            args = [require_tool("pdftocairo"), "-ps", str(source), str(ps)]
        subprocess.run(args, check=True, capture_output=True, timeout=60)
        subprocess.run(
            [require_tool("ps2pdf"), str(ps), str(out)], check=True, capture_output=True, timeout=60
        )
        return out.read_bytes()


def _issued(release: Release = RELEASE, *, flatten: bool = False) -> bytes:
    return fill(release, flatten=flatten, today=release.effective_date)


def _codes(record: object) -> set[str]:
    return {str(f.code) for f in record.findings}  # type: ignore[attr-defined]


# ------------------------------------------------------------------ Latin names: as issued


@pytest.mark.parametrize("route", ["pdftops", "ps2write"])
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_a_latin_release_through_postscript_reads_as_issued(route: Route, flatten: bool) -> None:
    record = parse(through_postscript(_issued(flatten=flatten), route))
    assert record.status.value == "valid", [f.message for f in record.findings]
    assert record.speaker_name == "Margaret Hamilton"
    assert record.signature == "Margaret Hamilton"
    assert record.event_title == RELEASE.event_title
    assert (record.event_date, record.sign_date) == (RELEASE.event_date, RELEASE.sign_date)
    assert record.countersigner_name == "David Blei"
    read = {e.field: e.source for e in record.evidence}
    # read off the page, not its text layer: TrueType glyphs by their outlines, bitmaps by OCR
    assert read["speaker_name"] is (ValueSource.GLYPHS if route == "pdftops" else ValueSource.OCR)
    assert read["event_title"] is ValueSource.OCR


@pytest.mark.parametrize("route", ["pdftops", "ps2write"])
def test_a_declined_latin_release_through_postscript_reads_declined(route: Route) -> None:
    declined = dataclasses.replace(RELEASE, consent=type(RELEASE.consent)("decline"))
    record = parse(through_postscript(_issued(declined, flatten=True), route))
    assert record.status.value == "declined", [f.message for f in record.findings]
    assert record.consent.value == "decline"
    assert record.speaker_name == "Margaret Hamilton"
    assert not _codes(record) & {"name-mismatch", "bad-date", "shown-text-differs"}


# ------------------------------------- other scripts: by their glyphs' outlines, or a person


@pytest.mark.parametrize(
    ("name", "route"),
    [
        ("Zoë Ødegård-Łukasiewicz", "pdftops"),
        ("Αλέξανδρος Παπαδόπουλος", "pdftops"),
        ("Дмитрий Шостакович", "pdftops"),
        ("محمد عبد الله", "pdftops"),
        ("محمد عبد الله", "pdftocairo"),
    ],
    ids=["accented", "greek", "cyrillic", "arabic", "arabic-cairo"],
)
def test_a_name_in_the_forms_truetype_glyphs_reads_by_their_outlines(
    name: str, route: Route
) -> None:
    """pdftops (and pdftocairo -ps) embed the form's TrueType glyphs again, under codes of
    their own with no encoding: the glyphs are found by their outlines in the fonts
    pubrelease ships, in one script (not a Latin 'o' for a Greek omicron drawn alike)."""
    release = dataclasses.replace(RELEASE, speaker_name=name, signature=name)
    record = parse(through_postscript(_issued(release), route))
    assert record.status.value == "valid", [f.message for f in record.findings]
    assert record.speaker_name == name
    assert record.signature == name
    read = {e.field: e.source for e in record.evidence}
    assert read["speaker_name"] is ValueSource.GLYPHS


@pytest.mark.parametrize(
    ("name", "route"),
    [
        ("Zoë Ødegård-Łukasiewicz", "pdftocairo"),
        ("Zoë Ødegård-Łukasiewicz", "ps2write"),
        ("Αλέξανδρος Παπαδόπουλος", "ps2write"),
        ("Дмитрий Шостакович", "ps2write"),
        ("李飞飞", "ps2write"),
        ("李飞飞", "pdftops"),
    ],
    ids=["accented-cairo", "accented", "greek", "cyrillic", "cjk", "cjk-pdftops"],
)
def test_a_name_ocr_does_not_read_is_left_to_a_person(name: str, route: Route) -> None:
    """Bitmaps (ps2write), a glyph of a Type 3 font (pdftocairo's 'Ł') or a font pubrelease
    does not read glyph by glyph (CJK) are read by OCR, whose English model reads Latin
    letters without accents: the name is for a person, the rest is read."""
    release = dataclasses.replace(RELEASE, speaker_name=name, signature=name)
    record = parse(through_postscript(_issued(release), route))
    assert record.status.value == "incomplete", [f.message for f in record.findings]
    assert record.speaker_name is None
    assert record.signed  # (typed text in the box, unread)
    unchecked = [f for f in record.findings if f.field == "speaker_name"]
    assert [str(f.code) for f in unchecked] == ["shown-text-unchecked"]
    assert "OCR" in unchecked[0].message and "look at what the page shows" in unchecked[0].message
    # the values in Latin letters are read all the same
    assert record.event_title == RELEASE.event_title
    assert record.sign_date == RELEASE.sign_date


def test_a_name_left_to_a_person_is_no_roster_mismatch(tmp_path: Path) -> None:
    """Judged against its roster row, the Greek name ps2write's bitmaps leave to a person
    is not "differs from the roster's"; the audit matches the return to its row by its
    title, not as unexpected with the row chased as missing."""
    name = "Αλέξανδρος Παπαδόπουλος"
    row = dataclasses.replace(RELEASE, speaker_name=name, signature=name)
    (tmp_path / "returns").mkdir()
    path = tmp_path / "returns" / "printed.pdf"
    path.write_bytes(through_postscript(_issued(row), "ps2write"))
    record = parse(path, expected=row)
    assert "roster-mismatch" not in _codes(record), [f.message for f in record.findings]
    assert record.status.value == "incomplete"
    other = dataclasses.replace(RELEASE, speaker_name="Ada Lovelace", event_title="Another Talk")
    roster = [RosterEntry("roster.csv", 2, other, None), RosterEntry("roster.csv", 3, row, None)]
    report = audit(tmp_path / "returns", roster, workers=1)
    (found,) = report.returns
    assert found.roster_row == 3
    assert found.roster_outcome is Outcome.INCOMPLETE


# ------------------------------------------------------------------------------ attacks


def _clause_changed(data: bytes) -> bytes:
    """The issued release with clause 1's licence made exclusive (its page content edited)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        content = page.Contents.read_bytes()
        assert b"a non-exclusive, perpetual" in content
        page.Contents = pdf.make_stream(
            content.replace(b"a non-exclusive, perpetual", b"an exclusive, perpetual")
        )
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("route", ["pdftops", "ps2write"])
def test_a_changed_clause_through_postscript_is_invalid(route: Route) -> None:
    record = parse(through_postscript(_clause_changed(_issued(flatten=True)), route))
    assert record.status.value == "invalid"
    assert "altered-text" in _codes(record)
    assert record.speaker_name == "Margaret Hamilton"  # (and the values read as shown)


def _pages_of_two(first: bytes, second: bytes) -> bytes:
    """Page 1 of ``first`` and page 2 of ``second``: a name on page 2 that is not page 1's."""
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(first)).pages[0])
    writer.add_page(PdfReader(io.BytesIO(second)).pages[1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("route", ["pdftops", "ps2write"])
def test_a_name_drawn_otherwise_on_a_page_through_postscript_is_invalid(route: Route) -> None:
    other = dataclasses.replace(
        RELEASE, speaker_name="Margret Hamilton", signature="Margret Hamilton"
    )
    mixed = _pages_of_two(_issued(flatten=True), _issued(other, flatten=True))
    record = parse(through_postscript(mixed, route))
    assert record.status.value == "invalid"
    mismatch = [f for f in record.findings if str(f.code) == "name-mismatch"]
    assert mismatch, [f.message for f in record.findings]
    assert "'Margaret Hamilton'" in mismatch[0].message
    assert "'Margret Hamilton'" in mismatch[0].message


def test_a_release_declined_by_a_tick_through_postscript_is_not_valid() -> None:
    """The decline box ticked over an accepted release (a cross drawn on the page, then
    through PostScript): both boxes are ticked, never ``valid``."""
    from reportlab.pdfgen import canvas

    form = load_form()
    decline = next(w.box for w in form.fields["consent"].widgets if w.box.state == "Decline")
    box = decline.rect
    drawing = io.BytesIO()
    sheet = canvas.Canvas(drawing, pagesize=form.definition.page_size)
    sheet.setLineWidth(1.2)
    sheet.line(box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)
    sheet.line(box[0] + 1, box[3] - 1, box[2] - 1, box[1] + 1)
    sheet.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_issued(flatten=True))))
    writer.pages[decline.page].merge_page(PdfReader(drawing).pages[0])
    out = io.BytesIO()
    writer.write(out)
    record = parse(through_postscript(out.getvalue(), "ps2write"))
    assert record.status.value == "invalid", [f.message for f in record.findings]
    assert record.consent.value == "both"
    assert record.speaker_name == "Margaret Hamilton"


# ---------------------------------------------------------------- glyph by glyph


def _box(pdf: bytes, field: str = "speaker_name") -> np.ndarray:  # type: ignore[type-arg]
    from pubrelease.pdf.sameglyphs import DPI

    box = load_form().fields[field].widgets[0].box
    shown = render_closeups(pdf, ViewMode.SCREEN, {box.page: [box.rect]}, dpi=DPI)
    page = box.page
    return shown[page][0].image


def test_same_glyphs_takes_a_bitmap_copy_and_tells_a_letter_changed() -> None:
    from pubrelease.pdf.sameglyphs import same_glyphs

    printed = _box(through_postscript(_issued(flatten=True), "ps2write"))
    assert same_glyphs(printed, _box(_issued(flatten=True)))
    for other in (
        "Margaret Harnilton",
        "Margaret Hamiltom",
        "Margarét Hamilton",
        "MargaretHamilton",
    ):
        drawn = _box(_issued(dataclasses.replace(RELEASE, speaker_name=other), flatten=True))
        assert not same_glyphs(printed, drawn), other
