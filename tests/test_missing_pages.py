"""A return that lacks some of the form's pages says which it holds and which it lacks.

A speaker who sends back only the page they signed (the form's last page, cut out with
qpdf or pdftk, or printed alone) got ``unreadable`` with "damaged PDF: Failed to load
page." (the check for ink in a signature box looked on the page of the form's number,
past the file's end), or "not a release". The box is now looked for on the return's page
taken for that page of the form, and a return of fewer pages than the form says first
which of its pages it holds (``missing-page``): a live return reads ``invalid`` with the
values of the page it has; a flattened or printed one, too little of whose wording is
there to read it as a release, is ``unreadable`` with that message.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pubrelease import fill, parse
from pubrelease.record import Status

from .helpers import cut_pages, require_tool, signed_release


@pytest.mark.parametrize("tool", ["qpdf", "pdftk"])
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_the_signed_page_alone_reads_invalid_not_damaged(
    tool: str, flatten: bool, tmp_path: Path
) -> None:
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(signed_release("Zoë Ødegård"), flatten=flatten))
    record = parse(cut_pages(issued, tmp_path / "last.pdf", tool, "z"))
    messages = " ".join(f.message for f in record.findings)
    assert "damaged" not in messages, record.findings
    said = "the file holds the form's page 2 of 2, not its page 1: ask for the whole form"
    if flatten:  # (too little of the wording to read it as a release: said why)
        assert record.status is Status.UNREADABLE, record.findings
        assert record.findings[0].message == said
    else:
        assert record.status is Status.INVALID, record.findings
        assert (record.findings[0].code, record.findings[0].message) == ("missing-page", said)
        assert "wording" in messages  # the first page's wording is missing
        assert record.signature == "Zoë Ødegård"


@pytest.mark.parametrize("printer", ["ghostscript", "pdftocairo"])
def test_the_signed_page_printed_alone_says_which_page_it_is(printer: str, tmp_path: Path) -> None:
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(signed_release("Zoë Ødegård")))
    out = tmp_path / "printed.pdf"
    command = {
        "ghostscript": [
            *(require_tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"),
            *("-dFirstPage=2", "-dLastPage=2", f"-sOutputFile={out}", str(issued)),
        ],
        "pdftocairo": [
            require_tool("pdftocairo"),
            "-pdf",
            "-f",
            "2",
            "-l",
            "2",
            str(issued),
            str(out),
        ],
    }[printer]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    record = parse(out)
    assert record.status is Status.UNREADABLE
    assert record.findings[0].message == (
        "the file holds the form's page 2 of 2, not its page 1: ask for the whole form"
    )


def test_a_whole_release_says_nothing_of_missing_pages() -> None:
    record = parse(fill(signed_release("Zoë Ødegård"), flatten=True))
    assert "missing-page" not in {f.code for f in record.findings}


def test_the_first_page_alone_is_not_read_as_damaged(tmp_path: Path) -> None:
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(signed_release("Zoë Ødegård")))
    first = cut_pages(issued, tmp_path / "first.pdf", "qpdf", "1")
    record = parse(first)
    assert record.status is not Status.VALID
    assert record.findings[0].message == (
        "the file holds the form's page 1 of 2, not its page 2: ask for the whole form"
    )


def test_a_release_of_another_known_form_says_which(tmp_path: Path) -> None:
    """A recording-consent release audited with the default form reads invalid, and
    says first that it was issued for the other form (the audit's "why" starts so)."""
    from pubrelease import Release

    release = Release(
        speaker_name="Ada Lovelace",
        event_title="Talk",
        event_date="2026-05-01",
        consent="accept",
        signature="Ada Lovelace",
        sign_date="2026-05-02",
    )
    data = fill(release, form="recording-consent")
    record = parse(data)
    assert record.status is Status.INVALID
    first = record.findings[0]
    assert first.code == "other-form" and "--form recording-consent" in first.message
    assert parse(data, form="recording-consent").status is Status.VALID


def test_a_blank_sheet_is_not_taken_for_the_forms_second_page(tmp_path: Path) -> None:
    """A blank sheet resembles the ICML form's sparse second page (.pagematch): without
    any of the form's wording it is not a return of that page."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    blank = tmp_path / "blank.pdf"
    writer.write(blank)
    record = parse(blank)
    assert record.status is Status.UNREADABLE
    assert all("holds the form's page" not in f.message for f in record.findings)
