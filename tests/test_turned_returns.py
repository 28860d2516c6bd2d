"""Returns only turned or cropped are valid; turning or cropping does not hide an attack.

A page turned by ``/Rotate`` or cropped by ``/CropBox`` is compared with the form's page
in its own space: drawn upright over its media box, with what the crop hides left blank
(``pubrelease.pdf.pagespace``). So a return turned by qpdf (re-saved) or by an update
(a viewer's "rotate and save"), or cropped to its blank margin by mutool or pikepdf, is
``valid``; a crop that hides a clause or the signature, clause 4 moved off the page under
an honest-looking crop, a doctored page turned, and a page swapped for another and
turned are each caught by the check that names what happened (``page-differs``,
``hidden-text``, ``value-disagreement``), never by a page "not of the form". Returns are
filled with ``pubrelease fill`` for a Latin and a Greek name, each edit made as an
incremental update and as a file re-saved whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from pubrelease import Record, Status, parse
from pubrelease.pdf.pagespace import PageSpace, page_space, render_upright

from . import attacks as A
from . import turned as T

NAMES = {"latin": "Zoë Ødegård", "greek": "Νίκος Παπαδόπουλος"}


class Filled:
    """The releases of one speaker, filled by the command line, and a folder to work in."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.live = T.cli_fill(name, folder)
        self.flat = T.cli_fill(name, folder, flatten=True)
        self.declined_flat = T.cli_fill(name, folder, decline=True, flatten=True)


@pytest.fixture(scope="module", params=sorted(NAMES))
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    return Filled(NAMES[request.param], tmp_path_factory.mktemp(request.param))


Build = Callable[[Filled], bytes]

HONEST: dict[str, tuple[Build, bool]] = {
    "qpdf-rotate-all": (lambda f: T.qpdf_rotate(f.live, "+90", f.folder), False),
    "qpdf-rotate-page-2-back": (lambda f: T.qpdf_rotate(f.live, "-90:2", f.folder), False),
    "flattened-qpdf-rotate": (lambda f: T.qpdf_rotate(f.flat, "+90", f.folder), False),
    "update-rotate-180": (lambda f: T.rotate_update(f.live, 180), True),
    "update-rotate-page-1": (lambda f: T.rotate_update(f.live, 90, [0]), True),
    "mutool-crop-margins-update": (
        lambda f: T.mutool_crop(f.live, T.MARGINS, f.folder, incremental=True),
        True,
    ),
    "mutool-crop-foot-resaved": (
        lambda f: T.mutool_crop(f.live, T.FOOT, f.folder, incremental=False),
        False,
    ),
    "qpdf-rotate-then-mutool-clean": (
        lambda f: T.mutool_clean(T.qpdf_rotate(f.live, "+90:2", f.folder), f.folder),
        False,
    ),
    "pikepdf-crop-then-qpdf-rotate": (
        lambda f: T.qpdf_rotate(T.pikepdf_crop(f.live, T.MARGINS), "+90", f.folder),
        False,
    ),
}
"""Name -> (the honest return, whether it is an update of the issued file)."""


def _read(data: bytes) -> Record:
    return parse(data, today=A.TODAY)


def _messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


@pytest.mark.parametrize("case", sorted(HONEST))
def test_a_return_only_turned_or_cropped_is_valid(filled: Filled, case: str) -> None:
    build, update = HONEST[case]
    record = _read(build(filled))
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == filled.name and record.signature == filled.name
    told = _messages(record, "turned-or-cropped")
    assert bool(told) == update, record.findings  # an update that turns or crops is told


def _clause4_moved_off(f: Filled, incremental: bool) -> bytes:
    return T.edited(f.live, T.clause4_moved_off, incremental=incremental)


def _crop(box: T.Box, page: int) -> Callable[[Filled, bool], bytes]:
    def build(f: Filled, incremental: bool) -> bytes:
        if incremental:
            return T.mutool_crop(f.live, box, f.folder, page=page, incremental=True)
        return T.pikepdf_crop(f.live, box, [page - 1])

    return build


def _white_rect_turned(f: Filled, incremental: bool) -> bytes:
    doctored = T.edited(f.live, A.clause4_white_rect, incremental=incremental)
    if incremental:
        return T.rotate_update(doctored, 90)
    return T.qpdf_rotate(doctored, "+90", f.folder)


def _page_swapped_turned(f: Filled, incremental: bool) -> bytes:
    swap = T.substitute_page(f.declined_flat, 1, 90)
    return T.edited(f.live, swap, incremental=incremental)


ATTACKS: dict[str, tuple[Callable[[Filled, bool], bytes], str, int, str]] = {
    "crop-hides-clauses-4-to-6": (_crop((0, 400, 612, 792), 1), "page-differs", 1, "guarantee"),
    "crop-hides-the-continued-line": (
        _crop((0, 80, 612, 792), 1),
        "page-differs",
        1,
        "Continued",
    ),
    "crop-hides-signature": (_crop((0, 508, 612, 792), 2), "page-differs", 2, "Signature:"),
    "clause-4-moved-off-the-crop": (_clause4_moved_off, "hidden-text", 1, "guarantee"),
    "white-rect-then-turned": (_white_rect_turned, "page-differs", 1, "third party"),
    "page-2-swapped-and-turned": (_page_swapped_turned, "value-disagreement", 2, "Decline box"),
}
"""Name -> (the attack, made as an update or not; the finding that must name it, on
which page, with which words)."""


@pytest.mark.parametrize("incremental", [True, False], ids=["update", "resaved"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_turning_or_cropping_hides_no_attack(
    filled: Filled, attack: str, incremental: bool
) -> None:
    build, code, page, words = ATTACKS[attack]
    record = _read(build(filled, incremental))
    assert record.status is Status.INVALID, record.findings
    named = [m for m in _messages(record, code) if f"page {page}" in m and words in m]
    assert named, record.findings
    # the pages are still taken for the form's: what differs is named, not the page
    assert not _messages(record, "extra-page"), record.findings


def test_text_a_crop_hides_is_hidden_text(filled: Filled) -> None:
    record = _read(_crop((0, 400, 612, 792), 1)(filled, False))
    hidden = _messages(record, "hidden-text")
    assert any("page 1" in m and "I guarantee" in m for m in hidden), record.findings
    assert not any("page 2" in m for m in hidden), record.findings


def _pages_of(data: bytes) -> list[bytes]:
    """Each page of ``data`` rendered by :func:`render_upright` at 72 dpi, as bytes."""
    doc = pdfium.PdfDocument(data)
    try:
        return [render_upright(doc[n], 1.0).tobytes() for n in range(len(doc))]
    finally:
        doc.close()


def test_a_page_turned_or_cropped_draws_upright_with_what_the_crop_hides_white(
    tmp_path: Path,
) -> None:
    live = A.issued()
    upright = _pages_of(live)
    for degrees in ("+90", "+180", "-90"):
        assert _pages_of(T.qpdf_rotate(live, degrees, tmp_path)) == upright, degrees
    left, bottom, right, top = 100, 300, 500, 700
    doc = pdfium.PdfDocument(
        T.pikepdf_crop(T.qpdf_rotate(live, "+90", tmp_path), (left, bottom, right, top))
    )
    try:
        page = doc[0]
        assert page_space(page) == PageSpace((0, 0, 612, 792), (left, bottom, right, top), 90)
        cropped = render_upright(page, 1.0)
        whole = np.frombuffer(upright[0], np.uint8).reshape(cropped.shape)
        inside = (slice(792 - top, 792 - bottom), slice(left, right))
        assert (cropped[inside] == whole[inside]).all()
        outside = np.ones(cropped.shape, bool)
        outside[inside] = False
        assert (cropped[outside] == 255).all() and (whole[outside] < 128).any()
        assert page_space(page).shown == (left, bottom, right, top)  # set back after the render
    finally:
        doc.close()


def test_a_crop_box_the_pages_inherit_is_what_is_shown() -> None:
    with pikepdf.open(io.BytesIO(A.issued())) as pdf:
        pdf.Root.Pages.CropBox = pikepdf.Array([18, 18, 594, 774])
        pdf.Root.Pages.MediaBox = pikepdf.Array([0, 0, 612, 792])
        for page in pdf.pages:
            for key in ("/MediaBox", "/CropBox"):
                if key in page.obj:
                    del page.obj[key]
        out = io.BytesIO()
        pdf.save(out)
    doc = pdfium.PdfDocument(out.getvalue())
    try:
        assert page_space(doc[0]) == PageSpace((0, 0, 612, 792), (18, 18, 594, 774), 0)
    finally:
        doc.close()
    assert _read(out.getvalue()).status is Status.VALID
