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
