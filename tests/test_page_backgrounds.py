"""A page's background is no ink in a signature box.

LibreOffice's export (Draw's copy of a return) begins every page with a white rectangle
over the whole of it; a held-out sweep (session 67) found its copies read signed and
countersigned in boxes that show nothing: any path over the box counted as ink. A path
painted only in pale colours, or not painted at all, is a background now; ink is ink.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pikepdf
import pytest

from pubrelease import Status, fill, parse
from pubrelease.demo import SEED_RELEASES

from . import returns as R

TODAY = dt.date(2026, 11, 24)


def _under(data: bytes, content: bytes, *, page: int | None = None) -> bytes:
    """``data`` with ``content`` drawn first on each page (or on page ``page`` only)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, each in enumerate(pdf.pages):
            if page is None or number == page:
                each.contents_add(pdf.make_stream(content), prepend=True)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    """A release flattened before the speaker signed it: both signature boxes empty."""
    release = dataclasses.replace(SEED_RELEASES[0], signature=None, countersign_date=None)
    return fill(release, flatten=True, today=TODAY)


@pytest.mark.parametrize(
    ("background", "status"),
    [
        (b"q 1 g 0 0 612 792 re f Q", Status.INCOMPLETE),  # (LibreOffice's: white, the page)
        # (a pale grey sheet: its pages are not found as the form's, whose pixels are
        # compared on white paper, extra-page and page-differs; left as it is)
        (b"q 0.95 0.95 0.95 rg 0 0 612 792 re f Q", Status.INVALID),
        (b"q 1 G 2 w 0 0 612 792 re S Q", Status.INCOMPLETE),  # (a white frame stroked)
        (b"q 0 0 612 792 re W n Q", Status.INCOMPLETE),  # (a clip, painting nothing)
    ],
)
def test_a_page_background_is_no_signature(
    unsigned: bytes, background: bytes, status: Status
) -> None:
    record = parse(_under(unsigned, background), today=TODAY)
    assert record.signed is False, record.findings
    assert record.countersigned is False
    assert record.status is status
    assert any(f.code == "unsigned" for f in record.findings), record.findings


@pytest.mark.tools
def test_libreoffice_draws_copy_of_an_unsigned_release_is_unsigned(
    unsigned: bytes, tmp_path: Path
) -> None:
    """The release opened in LibreOffice Draw (its PDF import) and exported again, as a
    speaker without a PDF form filler may: before, read signed and countersigned."""
    record = parse(R.libreoffice_copy(unsigned, tmp_path / "copy.pdf"), today=TODAY)
    assert record.speaker_name == SEED_RELEASES[0].speaker_name
    assert record.signed is False, record.findings
    assert record.countersigned is False
    assert any(f.code == "unsigned" for f in record.findings), record.findings


def test_ink_in_a_signature_box_is_still_a_signature(unsigned: bytes) -> None:
    """A dark scribble drawn in the speaker's signature box (page 2), under a white
    background as LibreOffice's pages have, signs as before."""
    from pubrelease import load_form

    (widget,) = load_form().fields["signature"].widgets
    x0, y0, _, y1 = widget.box.rect
    scribble = b"q 0 0 0.6 RG 1.2 w %.1f %.1f m %.1f %.1f l %.1f %.1f l S Q" % (
        x0 + 10,
        y0 + 2,
        x0 + 60,
        y1 - 2,
        x0 + 110,
        y0 + 3,
    )
    data = _under(_under(unsigned, scribble, page=1), b"q 1 g 0 0 612 792 re f Q")
    record = parse(data, today=TODAY)
    assert record.signed is True, record.findings
    assert record.countersigned is False
