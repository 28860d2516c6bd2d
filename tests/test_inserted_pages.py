"""A page put before or between the form's pages is an ``extra-page``; the form's pages read
as the form's.

The form's pages were found greedily, each page taken for the first of the form's pages
left that it resembled: a blank sheet between the ICML form's pages (``qpdf --pages``,
pdftk ``cat``, pikepdf, or an incremental update that adds a page to ``/Pages``)
resembles the form's sparse second page, took it, and the real second page went
unmatched; before a live return, it took the second page at once. The value boxes were
looked for by page number, a letter between the pages was read into the wording, and an
update adding a page was "page 2 content changed" and its widgets "removed from page 2".
Honest returns read ``invalid`` for ``page-differs`` against a blank page. Now the pages
are aligned with the form's by the best monotone alignment, the form's pages are read
where they are, and the page that is none of them is an ``extra-page``: only noted when
blank, for a person when it has words, or when it is a second copy of a form's page.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pubrelease import Release, fill, parse
from pubrelease.dates import parse_date
from pubrelease.record import Record, Severity, Status

from .helpers import require_tool, signed_release

LETTER = "Dear ICML Publications Chair, please find my signed release."
ERRORS_OF_A_MISREAD_PAGE = {
    "page-differs",
    "shown-text-differs",
    "value-disagreement",
    "consent-unsure",
    "altered-text",
    "modified-after-issue",
}
"""What a return read against the wrong pages of the form showed."""


def _release(name: str = "Ada Lovelace") -> Release:
    return dataclasses.replace(
        signed_release(name),
        countersigner_name="David Blei",
        countersign_date=parse_date("2020-09-24"),
    )


def _issued(kind: str, tmp_path: Path, name: str = "Ada Lovelace") -> Path:
    """A return: ``live`` (as issued), ``flattened`` (by ``fill``), or flattened by
    ``pdftk`` or ``qpdf`` from the live one."""
    live = tmp_path / f"live-{name}.pdf"
    live.write_bytes(fill(_release(name), flatten=kind == "flattened"))
    if kind in ("live", "flattened"):
        return live
    out = tmp_path / f"{kind}-{name}.pdf"
    command = {
        "pdftk": [require_tool("pdftk"), str(live), "output", str(out), "flatten"],
        "qpdf": [require_tool("qpdf"), "--flatten-annotations=all", str(live), str(out)],
    }[kind.removesuffix("-flattened")]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def _sheet(path: Path, words: str = "") -> Path:
    page = canvas.Canvas(str(path), pagesize=letter)
    if words:
        page.setFont("Helvetica", 11)
        page.drawString(72, 720, words)
    page.showPage()
    page.save()
    return path


def _inserted(release: Path, sheet: Path, at: int, tool: str, out: Path) -> Path:
    """``release`` with the first page of ``sheet`` put before its page ``at`` (from 0): by
    qpdf, pdftk, mutool, pikepdf (the file saved anew) or pypdf (an incremental update);
    ``gs``: by qpdf, the whole then printed to PDF by Ghostscript."""
    if tool == "gs":
        joined = _inserted(release, sheet, at, "qpdf", out.with_suffix(".joined.pdf"))
        command = [require_tool("gs"), "-q", "-sDEVICE=pdfwrite", "-o", str(out), str(joined)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return out
    if tool == "update":
        writer = PdfWriter(PdfReader(release), incremental=True)
        writer.insert_page(PdfReader(sheet).pages[0], index=at)
        buffer = io.BytesIO()
        writer.write(buffer)
        assert buffer.getvalue().startswith(release.read_bytes())
        out.write_bytes(buffer.getvalue())
        return out
    if tool == "pikepdf":
        import pikepdf

        with pikepdf.open(release) as pdf, pikepdf.open(sheet) as other:
            pdf.pages.insert(at, other.pages[0])
            pdf.save(out)
        return out
    before, after = f"1-{at}" if at else "", f"{at + 1}-z"
    command = {
        "qpdf": [
            require_tool("qpdf"), "--empty", "--pages",
            *([str(release), before] if at else []), str(sheet), "1", str(release), after,
            "--", str(out),
        ],
        "pdftk": [
            require_tool("pdftk"), f"A={release}", f"B={sheet}", "cat",
            *([f"A{before}"] if at else []), "B1", f"A{after.replace('z', 'end')}",
            "output", str(out),
        ],
        "mutool": [
            require_tool("mutool"), "merge", "-o", str(out),
            *([str(release), before] if at else []), str(sheet), "1", str(release), f"{at + 1}-N",
        ],
    }[tool]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def _read_as_filled(record: Record) -> None:
    assert (record.speaker_name, record.signature) == ("Ada Lovelace", "Ada Lovelace")
    assert record.event_title == "Talk" and record.consent.value == "accept"
    assert record.sign_date is not None and record.sign_date.isoformat() == "2020-09-23"
    assert record.countersigner_name == "David Blei"
    assert record.countersign_date is not None
    assert record.countersign_date.isoformat() == "2020-09-24"


@pytest.mark.parametrize(
    ("kind", "tool", "at"),
    [
        ("live", "qpdf", 1), ("live", "pdftk", 1), ("live", "pikepdf", 1), ("live", "update", 1),
        ("live", "qpdf", 0), ("live", "pikepdf", 0), ("live", "update", 0),
        ("flattened", "qpdf", 1), ("flattened", "pikepdf", 1), ("flattened", "update", 1),
        ("flattened", "mutool", 1), ("flattened", "gs", 1),
        ("pdftk-flattened", "qpdf", 1), ("qpdf-flattened", "pdftk", 1),
    ],
)  # fmt: skip
def test_a_blank_sheet_before_or_between_the_forms_pages_is_only_noted(
    kind: str, tool: str, at: int, tmp_path: Path
) -> None:
    release = _issued(kind, tmp_path)
    joined = _inserted(release, _sheet(tmp_path / "blank.pdf"), at, tool, tmp_path / "in.pdf")
    record = parse(joined)
    assert record.status is Status.VALID, record.findings
    _read_as_filled(record)
    extra = [f for f in record.findings if f.code == "extra-page"]
    assert len(extra) == 1 and extra[0].severity is Severity.INFO, record.findings
    assert extra[0].message == f"page {at + 1} is not a page of the form, and it is blank"
    assert not {f.code for f in record.findings} & ERRORS_OF_A_MISREAD_PAGE, record.findings
    added = [f for f in record.findings if f.code == "pages-added"]  # (told by the history)
    assert len(added) == (tool == "update") and all(f.severity is Severity.INFO for f in added)


@pytest.mark.parametrize("tool", ["qpdf", "update"])
@pytest.mark.parametrize("kind", ["live", "flattened"])
def test_a_letter_between_the_forms_pages_is_for_a_person_and_no_part_of_the_wording(
    kind: str, tool: str, tmp_path: Path
) -> None:
    release = _issued(kind, tmp_path)
    sheet = _sheet(tmp_path / "letter.pdf", LETTER)
    record = parse(_inserted(release, sheet, 1, tool, tmp_path / "in.pdf"))
    assert record.status is Status.INVALID  # a page that may say anything: a person reads it
    _read_as_filled(record)
    errors = [f for f in record.findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["extra-page"], record.findings
    assert errors[0].message.startswith("page 2 is not a page of the form") and (
        LETTER in errors[0].message
    )


@pytest.mark.parametrize("tool", ["qpdf", "update"])
@pytest.mark.parametrize("kind", ["live", "flattened"])
def test_two_copies_of_the_first_page_with_other_values_are_for_a_person(
    kind: str, tool: str, tmp_path: Path
) -> None:
    """Page 1 of Ada's return, page 1 of Bob's, page 2 of Ada's: one copy is read with
    the form's second page, the other is named a second copy, not read."""
    ada, bob = _issued(kind, tmp_path), _issued(kind, tmp_path, "Bob Builder")
    record = parse(_inserted(ada, bob, 1, tool, tmp_path / "two.pdf"))
    assert record.status is Status.INVALID, record.findings
    copies = [f for f in record.findings if f.code == "extra-page"]
    assert len(copies) == 1 and copies[0].severity is Severity.ERROR
    assert "is another copy of the form's page 1" in copies[0].message, copies


def _deny(writer: PdfWriter) -> None:
    """The first clause changed on page 1: "grant" becomes "deny"."""
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None and b"grant" in contents.get_data()
    contents.set_data(contents.get_data().replace(b"grant", b"deny"))
    page.replace_contents(contents)


@pytest.mark.parametrize("incremental", [True, False], ids=["update", "resaved"])
def test_a_changed_clause_beside_a_blank_sheet_is_found_on_its_page(
    incremental: bool, tmp_path: Path
) -> None:
    """A look-alike first page with a clause changed, a blank sheet after it: the change is
    found on page 1, and the blank page is only the blank page (no page 2 compared with
    the form's)."""
    release = _issued("live", tmp_path)
    writer = PdfWriter(PdfReader(release), incremental=incremental)
    _deny(writer)
    writer.insert_blank_page(index=1)
    out = tmp_path / "changed.pdf"
    with out.open("wb") as file:
        writer.write(file)
    record = parse(out)
    assert record.status is Status.INVALID
    codes = {f.code for f in record.findings}
    assert "altered-text" in codes and "page-differs" in codes, record.findings
    on_page_2 = [f for f in record.findings if f.message.startswith("page 2")]
    assert [(f.code, f.severity) for f in on_page_2] == [("extra-page", Severity.INFO)], on_page_2
    assert all(f.message.startswith("page 1 ") for f in record.findings if f.code == "page-differs")


@pytest.mark.parametrize("kind", ["live", "flattened"])
def test_swapped_pages_around_a_blank_sheet_are_read_in_order_and_named_as_the_file_has_them(
    kind: str, tmp_path: Path
) -> None:
    """The form's page 2, a blank sheet, the form's page 1 (qpdf): read in the form's order
    (``pages-reordered``), the blank sheet named as the file's page 2."""
    release, blank = _issued(kind, tmp_path), _sheet(tmp_path / "blank.pdf")
    out = tmp_path / "swapped.pdf"
    command = [require_tool("qpdf"), "--empty", "--pages", str(release), "2", str(blank)]
    subprocess.run([*command, str(release), "1", "--", str(out)], check=True, timeout=120)
    record = parse(out)
    _read_as_filled(record)
    moved = [f.message for f in record.findings if f.code == "pages-reordered"]
    assert moved and "page 3 is its page 1, page 1 is its page 2" in moved[0]
    extra = [f for f in record.findings if f.code == "extra-page"]
    assert [f.message for f in extra] == ["page 2 is not a page of the form, and it is blank"]
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("kind", ["live", "flattened"])
def test_a_return_saved_twice_in_one_file_is_read_as_its_first_copy(
    kind: str, tmp_path: Path
) -> None:
    """Ada's return, then Bob's, in one file (qpdf): the pages of the first that match the
    form are read, each page of the second named a copy of the form's page, for a person."""
    ada, bob = _issued(kind, tmp_path), _issued(kind, tmp_path, "Bob Builder")
    out = tmp_path / "twice.pdf"
    command = [require_tool("qpdf"), "--empty", "--pages", str(ada), str(bob), "--", str(out)]
    subprocess.run(command, check=True, timeout=120)
    record = parse(out)
    assert record.status is Status.INVALID
    _read_as_filled(record)
    copies = [f.message for f in record.findings if f.code == "extra-page"]
    assert [m.split(",")[0] for m in copies] == [
        "page 3 is another copy of the form's page 1",
        "page 4 is another copy of the form's page 2",
    ], copies


def _changed_second_page(release: Path) -> bytes:
    """The first page of ``release`` with "California" changed to "Delaware" on its second."""
    writer = PdfWriter(clone_from=PdfReader(release))
    contents = writer.pages[1].get_contents()
    assert contents is not None and b"California" in contents.get_data()
    contents.set_data(contents.get_data().replace(b"California", b"Delaware"))
    writer.pages[1].replace_contents(contents)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("incremental", [True, False], ids=["update", "resaved"])
@pytest.mark.parametrize("kind", ["live", "flattened"])
def test_a_changed_copy_of_the_second_page_before_it_is_caught(
    kind: str, incremental: bool, tmp_path: Path
) -> None:
    """A look-alike of the form's second page, a clause changed, put before the real one:
    the first of the two is read (the change found), the other named a copy of it."""
    release = _issued(kind, tmp_path)
    changed = PdfReader(io.BytesIO(_changed_second_page(release))).pages[1]
    writer = PdfWriter(PdfReader(release), incremental=True)
    writer.insert_page(changed, index=1)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if not incremental:  # (saved anew whole by pypdf)
        rewrite = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        buffer = io.BytesIO()
        rewrite.write(buffer)
        data = buffer.getvalue()
    record = parse(data)
    assert record.status is Status.INVALID
    altered = [f.message for f in record.findings if f.code == "altered-text"]
    assert altered and "Delaware" in altered[0], record.findings
    copies = [f for f in record.findings if f.code == "extra-page"]
    assert len(copies) == 1 and copies[0].severity is Severity.ERROR
    assert copies[0].message.startswith("page 3 is another copy of the form's page 2"), copies
