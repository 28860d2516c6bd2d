"""A blank page added to another system's layout by an incremental update is judged as
the same file saved whole is.

A release laid out by another system (a web page printed by headless Chromium:
``tests/returns.py``; reportlab: ``tests/layouts.py``) is read by its text, not compared
with the form's pages; so "pages added" in a later update (session 26: ``pages-added``,
info, where the pages are compared) stayed ``modified-after-issue`` for it: a blank sheet
inserted between its pages or after them by pypdf (``PdfWriter(..., incremental=True)``,
``insert_blank_page``) or PyMuPDF (``new_page``, ``saveIncr``) read ``invalid``, while the
same file saved whole reads ``valid`` (an ``extra-page`` noted, or nothing, between the
pages). And pypdf, inserting a page into Chromium's tagged print, writes the page after
it anew, unchanged: the structure tree's ``/Pg`` named it by where it stands in the file,
"catalog /StructTreeRoot changed". Now pages added by an update that show and hold
nothing (no operator that paints or shows text, no annotation, no page action) are
``pages-added`` (info) naming them; the pages both revisions have are compared on their
own (``..pdf.revisions.Revision.expand``'s ``named``). A page added with words, ink, an
annotation or invisible text stays a change.
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from pubrelease import Record, Severity, Source, Status, parse

from . import attacks as A
from . import layouts as L
from . import returns as R


@functools.cache
def _layout(made: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "layout.pdf"
        if made == "chromium":
            R.render_html(A.RELEASE, out, R.STYLES["helvetica-cssbox-typed"])
        else:
            L.render(A.RELEASE, out)
        data = out.read_bytes()
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    return data


def _by_pypdf(
    data: bytes,
    at: int,
    content: bytes | None = None,
    *,
    whole: bool = False,
    action: bool = False,
) -> bytes:
    """A blank Letter page put before page ``at`` (from 0) by pypdf, appended as an update
    (or the file saved whole); ``content``: what the page draws, if anything; ``action``:
    a script run when the page is opened (``/AA /O``)."""
    writer = (
        PdfWriter(clone_from=io.BytesIO(data))
        if whole
        else PdfWriter(io.BytesIO(data), incremental=True)
    )
    writer.insert_blank_page(612, 792, index=at)
    page = writer.pages[at]  # (the page in the tree: what insert_blank_page gives is a copy)
    if content is not None:
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream)
    if action:
        script = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("this.getField('consent').value = 'Off';"),
            }
        )
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})
    out = io.BytesIO()
    writer.write(out)
    if not whole:
        assert out.getvalue().startswith(data)
    return out.getvalue()


def _by_mupdf(data: bytes, at: int, edit: Callable[[pymupdf.Page], None] | None = None) -> bytes:
    """A blank Letter page put before page ``at`` by PyMuPDF (``new_page``), saved as an
    update (``saveIncr``); ``edit``: what is then done to it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.pdf"
        path.write_bytes(data)
        doc = pymupdf.open(path)
        page = doc.new_page(at, width=612, height=792)
        if edit is not None:
            edit(page)
        doc.saveIncr()
        doc.close()
        out = path.read_bytes()
    assert out.startswith(data)
    return out


def _codes(record: Record) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in record.findings]


HONEST: dict[str, Callable[[], bytes]] = {
    "chromium, pypdf between": lambda: _by_pypdf(_layout("chromium"), 1),
    "chromium, pypdf after": lambda: _by_pypdf(_layout("chromium"), 2),
    "chromium, pymupdf between": lambda: _by_mupdf(_layout("chromium"), 1),
    "reportlab, pypdf between": lambda: _by_pypdf(_layout("reportlab"), 1),
    "reportlab, pypdf before": lambda: _by_pypdf(_layout("reportlab"), 0),
    "reportlab, pymupdf after": lambda: _by_mupdf(_layout("reportlab"), 2),
    "reportlab, pypdf between, state only": lambda: _by_pypdf(
        _layout("reportlab"), 1, b"q 1 0 0 1 0 0 cm 0 g 0 0 612 792 re W n Q"
    ),
}


@pytest.mark.parametrize("made", list(HONEST))
def test_a_blank_page_added_to_a_layout_by_an_update_reads_valid(made: str) -> None:
    """Fails on main before this change: ``modified-after-issue`` ("pages added: 3 pages,
    was 2"; for pypdf on Chromium's print, "catalog /StructTreeRoot changed" too)."""
    record = parse(HONEST[made](), today=A.TODAY)
    assert record.source is Source.LAYOUT
    assert record.status is Status.VALID, _codes(record)
    added = [f for f in record.findings if f.code == "pages-added"]
    assert [f.severity for f in added] == [Severity.INFO], _codes(record)
    at = {"between": 2, "after": 3, "before": 1}[made.split(", ")[1].split()[1]]
    assert f"(page {at} added, blank)" in added[0].message, added[0].message


@pytest.mark.parametrize("made", ["chromium", "reportlab"])
@pytest.mark.parametrize("at", [0, 1, 2])
def test_the_same_blank_page_saved_whole_reads_valid(made: str, at: int) -> None:
    """What the update is judged as (the reading's own, unchanged)."""
    record = parse(_by_pypdf(_layout(made), at, whole=True), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)


def _text(page: pymupdf.Page) -> None:
    page.insert_text((72, 720), "I withdraw my consent to publication.")


def _invisible(page: pymupdf.Page) -> None:
    page.insert_text((72, 720), "I withdraw my consent to publication.", render_mode=3)


def _note(page: pymupdf.Page) -> None:
    page.add_freetext_annot(pymupdf.Rect(72, 72, 400, 110), "I withdraw my consent.")


def _box(page: pymupdf.Page) -> None:
    page.draw_rect(pymupdf.Rect(72, 72, 300, 200), color=(0, 0, 0), width=2)


CHANGED: dict[str, Callable[[], bytes]] = {
    "pymupdf, words": lambda: _by_mupdf(_layout("chromium"), 1, _text),
    "pymupdf, invisible words": lambda: _by_mupdf(_layout("reportlab"), 1, _invisible),
    "pymupdf, a note": lambda: _by_mupdf(_layout("reportlab"), 1, _note),
    "pymupdf, a box drawn": lambda: _by_mupdf(_layout("reportlab"), 1, _box),
    "pypdf, a white sheet painted": lambda: _by_pypdf(
        _layout("reportlab"), 1, b"1 g 0 0 612 792 re f"
    ),
    "pypdf, a form drawn": lambda: _by_pypdf(_layout("chromium"), 1, b"q /X0 Do Q"),
    "pypdf, a page action": lambda: _by_pypdf(_layout("reportlab"), 1, action=True),
}


@pytest.mark.parametrize("made", list(CHANGED))
def test_a_page_with_anything_on_it_added_by_an_update_stays_a_change(made: str) -> None:
    record = parse(CHANGED[made](), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    changed = [f.message for f in record.findings if f.code == "modified-after-issue"]
    assert any("pages added: 3 pages, was 2 (revision" in m for m in changed), _codes(record)
    assert "pages-added" not in {f.code for f in record.findings}


def test_a_changed_structure_tree_is_still_a_change() -> None:
    """The pages both revisions have are named by number in the catalog's comparison;
    what else the structure tree holds is still compared."""
    writer = PdfWriter(io.BytesIO(_layout("chromium")), incremental=True)
    tree = writer.root_object["/StructTreeRoot"].get_object()
    tree[NameObject("/K")] = ArrayObject()
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=A.TODAY)
    changed = [f.message for f in record.findings if f.code == "modified-after-issue"]
    assert any("catalog /StructTreeRoot changed" in m for m in changed), _codes(record)
