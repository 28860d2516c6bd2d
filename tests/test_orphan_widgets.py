"""Pages merged or copied without their form (``pdf/orphanwidgets.py``).

``pdfunite`` and pypdf's ``add_page`` copy a live return's pages, their widgets among
their annotations, but not its form (or a form whose fields are left behind). poppler
draws the widgets' appearances, PDFium leaves them blank (review 6, finding 5). The
return was ``invalid`` for reasons that were not so ("the Accept box shows checked but
the consent read is 'none'"); it is now said first that the viewers disagree, and why.
A flattened return merged the same way has no widgets and stays ``valid``.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from pubrelease import Status, fill, parse
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.orphanwidgets import orphan_widgets

from . import attacks as A
from .helpers import require_tool

NAME_BOX = A._widget_rect("speaker_name")


def _pdfunite(data: bytes, folder: Path) -> bytes:
    source, out = folder / "in.pdf", folder / "merged.pdf"
    source.write_bytes(data)
    subprocess.run([require_tool("pdfunite"), str(source), str(out)], check=True)
    return out.read_bytes()


def _added(data: bytes, folder: Path) -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_ink(data: bytes, viewer: str, folder: Path) -> int:
    """Dark pixels ``viewer`` draws in the first page's name box (72 dpi)."""
    if viewer == "pdfium":
        doc = pdfium.PdfDocument(data)
        try:
            doc.init_forms()
            image = doc[0].render(scale=1, may_draw_forms=True).to_pil()
        finally:
            doc.close()
    else:
        path, out = folder / "view.pdf", folder / "view"
        path.write_bytes(data)
        command = [require_tool("pdftoppm"), "-r", "72", "-f", "1", "-l", "1", "-png"]
        subprocess.run([*command, "-singlefile", str(path), str(out)], check=True)
        image = Image.open(out.with_suffix(".png"))
    grey = np.asarray(image.convert("L"))
    left, bottom, right, top = (round(v) for v in NAME_BOX)
    height = grey.shape[0]
    return int((grey[height - top : height - bottom - 2, left:right] < 100).sum())


@pytest.mark.parametrize("merge", [_pdfunite, _added], ids=["pdfunite", "pypdf-add_page"])
def test_a_live_return_merged_without_its_form_is_viewers_disagree(
    merge: object, tmp_path: Path
) -> None:
    live = fill(A.RELEASE, today=A.TODAY)
    data = merge(live, tmp_path)  # type: ignore[operator]
    # the premise: poppler draws the name, PDFium does not
    assert _name_ink(data, "poppler", tmp_path) > 20
    assert _name_ink(data, "pdfium", tmp_path) == 0
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    disagree = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert any("of no field of the document's form" in m for m in disagree), record.findings


def test_a_flattened_return_merged_stays_valid(tmp_path: Path) -> None:
    flat = fill(A.RELEASE, flatten=True, today=A.TODAY)
    for data in (_pdfunite(flat, tmp_path), _added(flat, tmp_path)):
        record = parse(data, today=A.TODAY)
        assert record.status is Status.VALID, record.findings


def test_the_fills_of_other_tools_have_no_orphans() -> None:
    live = fill(A.RELEASE, today=A.TODAY)
    assert orphan_widgets(Objects(live), 4) == []
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(live)))  # re-saved whole, form kept
    out = io.BytesIO()
    writer.write(out)
    assert orphan_widgets(Objects(out.getvalue()), 4) == []


def test_what_pypdf_repairs_is_not_printed_between_the_records(tmp_path: Path) -> None:
    # pypdf logged "Object 18 0 not defined." to stderr for the merged file's form
    merged = tmp_path / "merged.pdf"
    merged.write_bytes(_pdfunite(fill(A.RELEASE, today=A.TODAY), tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "pubrelease", "parse", str(merged)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1  # an invalid return
    assert '"viewers-disagree"' in run.stdout
    assert run.stderr == ""


@pytest.mark.filterwarnings("ignore:This document has 1 form widget")  # pikepdf agrees
def test_a_widget_written_in_annots_itself_is_no_fields_and_does_not_crash(
    tmp_path: Path,
) -> None:
    """Review 7: a widget dictionary written directly in a page's /Annots (not by
    reference) made the check raise ``TypeError`` (a dict is not hashable)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(fill(A.RELEASE, flatten=True, today=A.TODAY))) as pdf:
        pdf.pages[0].obj.Annots = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Widget,
                    FT=pikepdf.Name.Tx,
                    T="extra",
                    Rect=[300, 700, 400, 712],
                )
            ]
        )
        out = io.BytesIO()
        pdf.save(out)
    data = out.getvalue()
    assert orphan_widgets(Objects(data), 4) == [(0, 1)]
    record = parse(data, today=A.TODAY)  # no exception
    assert any(f.code == "viewers-disagree" for f in record.findings), record.findings
