"""Cross-reference data that readers resolve to different objects (pdf/xrefconflicts.py,
pdf/objects.py): an object listed twice in one section (a table's subsections, an xref
stream's /Index), or in use under two generations. PDFium draws one object, pypdf and
poppler read the other: such a file is never valid, on the fast reader's path or off it."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubrelease import Status, parse
from pubrelease.pdf.objects import Ambiguous, Objects
from pubrelease.pdf.xrefconflicts import ambiguity

from . import attacks as A
from . import returns as R
from . import xrefattacks as X
from .clipattacks import drawn_otherwise
from .helpers import require_tool
from .test_charboxes import ROUTES

MARK = b"BT /F1 24 Tf 1 0 0 1 72 400 Tm (DRAWN BY THE ATTACKER) Tj ET"


def _page_one_contents(data: bytes) -> int:
    objects = Objects(data)
    root = objects.dict_of(objects.trailer["/Root"])
    kids = objects.dict_of(root["/Pages"])["/Kids"]
    assert isinstance(kids, tuple)
    return objects.dict_of(kids[0])["/Contents"].num  # type: ignore[union-attr]


def _xref_stream_twice(data: bytes, num: int, content: bytes) -> bytes:
    """``data`` plus an update written as a cross-reference stream whose /Index lists
    object ``num`` twice: first where it stands, then at a new content stream."""
    objects = Objects(data)
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = max(int(v) for v in re.findall(rb"/Size (\d+)", data))
    out = bytearray(data)
    offset = len(out)
    out += b"%d 0 obj\n" % num + X.stream(content) + b"\nendobj\n"
    at = len(out)

    rows = X.row(1, objects.xref[(num, 0)], 0) + X.row(1, offset, 0) + X.row(1, at, 0)
    root = objects.trailer["/Root"]
    head = b"/Type /XRef /Size %d /W [1 4 2] /Index [%d 1 %d 1 %d 1] /Root %d %d R /Prev %d " % (
        size + 1,
        num,
        num,
        size,
        root.num,  # type: ignore[union-attr]
        root.gen,  # type: ignore[union-attr]
        startxref,
    )
    out += b"%d 0 obj\n" % size + X.stream(rows, head) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(out)


def _pdfium_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        text = page.get_textpage()
        out = text.get_text_range()
        text.close()
        page.close()
        return str(out)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return R.fill_pypdf(A.RELEASE, tmp_path_factory.mktemp("f") / "o.pdf").read_bytes()


BUILDS = {
    "table listed twice": lambda d, n: ROUTES["listed-twice"](d, n, X.stream(MARK)),
    "new generation": lambda d, n: ROUTES["generation"](d, n, X.stream(MARK)),
    "xref stream listed twice": lambda d, n: _xref_stream_twice(d, n, MARK),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_an_object_readers_resolve_differently_makes_the_return_invalid(
    build: str, filled: bytes
) -> None:
    data = BUILDS[build](filled, _page_one_contents(filled))
    assert "DRAWN BY THE ATTACKER" in _pdfium_text(data)  # what a viewer shows
    with pytest.raises(Ambiguous):
        Objects(data)
    assert ambiguity(data) is not None
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    found = [f.message for f in record.findings if f.code == "ambiguous-objects"]
    assert found and f"object {_page_one_contents(filled)} " in found[0], record.findings


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_sections_are_looked_at_when_the_fast_reader_refuses_the_file(
    build: str, filled: bytes
) -> None:
    """A comment after the last %%EOF: the fast reader refuses the file (pypdf reads
    it), PDFium reads it as before; the sections are still looked at, each on its own."""
    data = BUILDS[build](filled, _page_one_contents(filled)) + b"%comment\n"
    assert "DRAWN BY THE ATTACKER" in _pdfium_text(data)
    assert ambiguity(data) is not None
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


def test_the_same_entry_twice_and_ordinary_updates_are_not_ambiguous(filled: bytes) -> None:
    num = _page_one_contents(filled)
    startxref = int(re.findall(rb"startxref\s+(\d+)", filled)[-1])
    where = Objects(filled).xref[(num, 0)]
    root = Objects(filled).trailer["/Root"]
    size = int(re.findall(rb"/Size (\d+)", filled)[-1])
    twice = filled + (
        b"xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (num, where, num, where)
        + b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, root.num, root.gen, startxref, len(filled))  # type: ignore[union-attr]
    )
    Objects(twice)
    assert ambiguity(twice) is None
    assert ambiguity(filled) is None
    edited = A.apply(A.issued(), A.redraw_name, A.Save.INCREMENTAL)  # a plain update
    Objects(edited)
    assert ambiguity(edited) is None


def _qpdf(*args: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        source = R.fill_pypdf(A.RELEASE, tmp / "source.pdf")
        out = tmp / "qpdf.pdf"
        subprocess.run([require_tool("qpdf"), *args, str(source), str(out)], check=True)
        return out

    return build


TOOLS: dict[str, Callable[[Path], Path]] = {
    "pdftk": lambda t: R.fill_pdftk(A.RELEASE, t / "o.pdf"),
    "pdf-lib": lambda t: R.fill_pdflib(A.RELEASE, t / "o.pdf"),
    "pypdfform": lambda t: R.fill_pypdfform(A.RELEASE, t / "o.pdf"),
    "qpdf-object-streams": _qpdf("--object-streams=generate"),
    "qpdf-linearized": _qpdf("--linearize"),
}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_other_tools_returns_are_not_ambiguous(tool: str, tmp_path: Path) -> None:
    data = TOOLS[tool](tmp_path).read_bytes()
    assert ambiguity(data) is None
    record = parse(data, today=A.TODAY)
    assert not [f for f in record.findings if f.code == "ambiguous-objects"], record.findings


# A reviewer's returns drawing another name than they read: later bodies a viewer finds
# by rebuilding the cross-reference data, and an object stream holding a widget twice.
XREF_LIES = {
    "rebuilt over an update": X.rebuilt_by_update,
    "rebuilt in a file of one section": X.rebuilt_in_one_section,
    "a widget twice in an object stream": X.widget_twice_in_object_stream,
}


@pytest.mark.parametrize("build", list(XREF_LIES))
def test_a_name_a_viewer_finds_elsewhere_than_a_reader_makes_the_return_invalid(
    build: str, filled: bytes
) -> None:
    """Over a table listing object 1 where object 2 is, PDFium, MuPDF and poppler rebuild
    the cross-reference data from the bodies (the last body of a number wins) and draw the
    unlisted later appearances of the name ("Mark Wilson", whose /ToUnicode reads "Bohyung
    Han"); pypdf mends object 1 alone and reads the honest ones. In an object stream whose
    header lists each name widget twice, PDFium takes the body the index names (the lying
    one), pypdf the first. Either way the return is not valid."""
    data = XREF_LIES[build](filled)
    assert drawn_otherwise(data, filled)  # PDFium draws the lying appearances
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
