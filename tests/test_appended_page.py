"""A page appended after the form's (a cover letter) is reported, and no part of a value.

The text of a file's pages was joined into one string to find the wording, and the last
value (the countersignature's date, at the foot of the form's last page) took everything
after its label: a letter appended as page 3 was read into it, so a return filled by
``fill``, with a letter put after it by qpdf or poppler's ``pdfunite``, was ``invalid``
for a ``value-disagreement`` ("the page shows 'Sep 23, 2020 Dear ICML Publications
Chair, ...'") and a flattened one read that text as the date. A value now ends with its
page; the letter is an ``extra-page`` (an error: an appended page may say anything, and a
person reads it), quoted, and the values are read as filled.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pubrelease import Release, fill, parse
from pubrelease.dates import parse_date
from pubrelease.record import Status

from . import layouts
from .helpers import require_tool, signed_release

LETTER = ["Dear ICML Publications Chair,", "Please find attached my signed release."]


def _letter(path: Path) -> Path:
    page = canvas.Canvas(str(path), pagesize=letter)
    page.setFont("Helvetica", 11)
    for number, line in enumerate(LETTER):
        page.drawString(72, 720 - 16 * number, line)
    page.showPage()
    page.save()
    return path


def _joined(release: Path, cover: Path, out: Path, tool: str) -> Path:
    command = {
        "qpdf": [
            require_tool("qpdf"),
            "--empty",
            "--pages",
            str(release),
            str(cover),
            "--",
            str(out),
        ],
        "pdfunite": [require_tool("pdfunite"), str(release), str(cover), str(out)],
    }[tool]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def _countersigned() -> Release:
    return dataclasses.replace(
        signed_release("Ada Lovelace"),
        countersigner_name="David Blei",
        countersign_date=parse_date("2020-09-24"),
    )


@pytest.mark.parametrize(
    ("tool", "flatten"),
    [("qpdf", False), ("qpdf", True), ("pdfunite", True)],
    ids=["qpdf-live", "qpdf-flattened", "pdfunite-flattened"],
)
def test_a_cover_letter_after_the_form_is_no_part_of_its_last_value(
    tool: str, flatten: bool, tmp_path: Path
) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(fill(_countersigned(), flatten=flatten))
    joined = _joined(path, _letter(tmp_path / "letter.pdf"), tmp_path / "joined.pdf", tool)
    record = parse(joined)
    assert (
        record.countersign_date is not None and record.countersign_date.isoformat() == "2020-09-24"
    )
    assert (record.speaker_name, record.countersigner_name) == ("Ada Lovelace", "David Blei")
    codes = {f.code for f in record.findings}
    assert "value-disagreement" not in codes and "altered-text" not in codes, record.findings
    extra = [f.message for f in record.findings if f.code == "extra-page"]
    assert len(extra) == 1 and "page 3" in extra[0] and "Dear ICML Publications Chair" in extra[0]
    assert record.status is Status.INVALID  # an appended page is for a person to read


def test_a_form_dropped_by_pdfunite_reads_no_letter_into_a_value(tmp_path: Path) -> None:
    """pdfunite keeps a live release's widgets but not its form: PDFium draws none of
    them (the reading says so, ``viewers-disagree``), and the empty last value stays
    empty rather than taking the letter's words."""
    path = tmp_path / "release.pdf"
    path.write_bytes(fill(_countersigned()))
    joined = _joined(path, _letter(tmp_path / "letter.pdf"), tmp_path / "joined.pdf", "pdfunite")
    record = parse(joined)
    assert record.countersign_date is None and record.status is Status.INVALID
    assert not any("Dear ICML" in (e.raw or "") for e in record.evidence), record.evidence
    assert "viewers-disagree" in {f.code for f in record.findings}


def _sheet(path: Path, draw: str = "") -> Path:
    """A letter-sized page: blank, with a dot ("dot"), or with white text ("white")."""
    page = canvas.Canvas(str(path), pagesize=letter)
    if draw == "dot":
        page.circle(300, 400, 0.8, stroke=0, fill=1)
    elif draw == "white":
        page.setFillColorRGB(1, 1, 1)
        page.setFont("Helvetica", 11)
        page.drawString(72, 720, "I withdraw my consent to this release.")
    page.showPage()
    page.save()
    return path


def _joined_pages(first: Path, second: Path, out: Path) -> Path:
    command = [require_tool("qpdf"), "--empty", "--pages", str(first), str(second), "--", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def _return(kind: str, tmp_path: Path) -> Path:
    """A signed return: live fields, flattened, or laid out by another system."""
    path = tmp_path / f"{kind}.pdf"
    if kind == "layout":
        return layouts.render(signed_release("Ada Lovelace"), path)
    path.write_bytes(fill(signed_release("Ada Lovelace"), flatten=kind == "flattened"))
    return path


@pytest.mark.parametrize(
    ("kind", "where"),
    [("live", "after"), ("flattened", "after"), ("flattened", "before"), ("layout", "after"),
     ("layout", "before")],
)  # fmt: skip
def test_a_blank_sheet_beside_the_form_adds_nothing(kind: str, where: str, tmp_path: Path) -> None:
    """A blank sheet (a scanner's or printer's, rev26) is noted, not held against the
    return: a person sees the release and an empty page."""
    release, blank = _return(kind, tmp_path), _sheet(tmp_path / "blank.pdf")
    pages = (release, blank) if where == "after" else (blank, release)
    record = parse(_joined_pages(*pages, tmp_path / "joined.pdf"))
    assert record.status is Status.VALID, record.findings
    extra = [f for f in record.findings if f.code == "extra-page"]
    assert len(extra) == 1 and "blank" in extra[0].message
    assert extra[0].severity.value == "info"


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("draw", ["letter", "dot", "white"])
@pytest.mark.parametrize("kind", ["flattened", "layout"])
def test_a_page_beside_the_form_with_words_or_marks_is_for_a_person(
    kind: str, draw: str, where: str, tmp_path: Path
) -> None:
    """A page of a letter, a dot or white words, before or after the form's pages: the
    wording's reading skips what stands before the agreement and ends its last value with
    its page, and a return laid out by another system (or whose first page is not the
    form's) was read from its text alone: with such a page before or after it, it was
    ``valid``, the page unread (session 25)."""
    release = _return(kind, tmp_path)
    sheet = _letter(tmp_path / "sheet.pdf") if draw == "letter" else _sheet(
        tmp_path / "sheet.pdf", draw
    )  # fmt: skip
    pages = (release, sheet) if where == "after" else (sheet, release)
    record = parse(_joined_pages(*pages, tmp_path / "joined.pdf"))
    assert record.status is Status.INVALID, record.findings
    page = 1 if where == "before" else 3
    assert any(
        f.code == "extra-page" and f.severity.value == "error" and f"page {page} " in f.message
        for f in record.findings
    ), record.findings
