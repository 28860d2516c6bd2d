"""Returns cropped by their media box, or printed turned, read as what they show.

A crop made the way pypdf documents it (``page.mediabox.lower_left = ...``; pikepdf and
qpdf alike) moves the page's corner, not its drawing; Ghostscript's ``pdfwrite`` and
``pdftocairo -pdf`` print a turned return (``qpdf --rotate=+90``) with its drawing
turned in the page's own space, its text running down the page. Every viewer shows
such a page as the one it was made from: the reading lays it in the form's frame first
(``pubrelease.pdf.reframe``). So the honest ones are ``valid`` (an update only
``turned-or-cropped``, info), a print of a turned return reads like the print of its
upright twin, and a media box that hides a clause, the signature or a VOID stays
``invalid``, named by what it hides. The audit report's signature picture of a turned
print is its upright twin's.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pubrelease import Record, Status, parse
from pubrelease.pdf.pagespace import page_space
from pubrelease.pdf.reframe import frames, reframed
from pubrelease.reading.pictures import signature_block_png

from . import attacks as A
from . import returns as R
from . import turned as T

NAME = "Zoë Ødegård"


class Filled:
    """One speaker's releases, filled by the command line, and a folder to work in."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.live = T.cli_fill(NAME, folder)
        self.flat = T.cli_fill(NAME, folder, flatten=True)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    return Filled(tmp_path_factory.mktemp("reframed"))


def _read(data: bytes) -> Record:
    return parse(data, today=A.TODAY)


def _messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


def _turned(f: Filled, data: bytes) -> bytes:
    return T.qpdf_rotate(data, "+90", f.folder)


HONEST: dict[str, tuple[Callable[[Filled], bytes], bool]] = {
    "pypdf-mediabox-margins": (
        lambda f: T.pypdf_media_crop(f.live, T.MARGINS, incremental=False),
        False,
    ),
    "pypdf-mediabox-margins-update": (
        lambda f: T.pypdf_media_crop(f.live, T.MARGINS, incremental=True),
        True,
    ),
    "pikepdf-mediabox-foot-flattened": (lambda f: T.pikepdf_media_crop(f.flat, T.FOOT), False),
    "mediabox-and-drawing-shifted": (lambda f: T.shifted(f.flat, 100, 100), False),
    "mediabox-drawing-and-fields-shifted": (lambda f: T.shifted(f.live, -50, 30), False),
    "gs-print-of-a-turned-return": (lambda f: T.gs_print(_turned(f, f.live), f.folder), False),
    "gs-print-not-autorotated": (
        lambda f: T.gs_print(_turned(f, f.flat), f.folder, autorotate=False),
        False,
    ),
    "pdftocairo-print-of-a-turned-return": (
        lambda f: T.cairo_print(_turned(f, f.live), f.folder),
        False,
    ),
    "pdftocairo-print-turned-the-other-way": (
        lambda f: T.cairo_print(T.qpdf_rotate(f.flat, "-90", f.folder), f.folder),
        False,
    ),
    "gs-print-of-a-return-upside-down": (
        lambda f: T.gs_print(T.qpdf_rotate(f.live, "+180", f.folder), f.folder),
        False,
    ),
}
"""Name -> (the honest return, whether it is an update of the issued file)."""


@pytest.mark.parametrize("case", sorted(HONEST))
def test_a_return_cropped_by_its_media_box_or_printed_turned_is_valid(
    filled: Filled, case: str
) -> None:
    build, update = HONEST[case]
    record = _read(build(filled))
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == NAME and record.signature == NAME
    told = _messages(record, "turned-or-cropped")
    assert bool(told) == update, record.findings
    assert all("/MediaBox" in m for m in told), told


@pytest.mark.parametrize("printer", ["gs", "gs-not-autorotated", "pdftocairo"])
def test_a_printed_turned_pdftk_fill_reads_like_its_upright_twin(
    tmp_path: Path, printer: str
) -> None:
    def printed(data: bytes) -> bytes:
        if printer == "pdftocairo":
            return T.cairo_print(data, tmp_path)
        return T.gs_print(data, tmp_path, autorotate=printer == "gs")

    filled = R.fill_pdftk(A.RELEASE, tmp_path / "pdftk.pdf").read_bytes()
    upright = _read(printed(filled))
    turned = _read(printed(T.qpdf_rotate(filled, "+90", tmp_path)))
    assert turned.status is upright.status, (turned.findings, upright.findings)
    assert turned.speaker_name == upright.speaker_name == A.RELEASE.speaker_name
    assert turned.consent is upright.consent
    assert [f.code for f in turned.findings] == [f.code for f in upright.findings]


def _media_crop(box: T.Box, page: int) -> Callable[[Filled, bool], bytes]:
    def build(f: Filled, incremental: bool) -> bytes:
        if incremental:
            return T.pypdf_media_crop(f.live, box, [page - 1], incremental=True)
        return T.pikepdf_media_crop(f.live, box, [page - 1])

    return build


def _void_cropped_off(f: Filled, incremental: bool) -> bytes:
    stamped = T.edited(f.live, T.void_text, incremental=incremental)
    if incremental:
        return T.pypdf_media_crop(stamped, T.FOOT, incremental=True)
    return T.pikepdf_media_crop(stamped, T.FOOT)


def _white_rect_printed_turned(f: Filled, incremental: bool) -> bytes:
    doctored = T.edited(f.live, A.clause4_white_rect, incremental=incremental)
    turned = T.rotate_update(doctored, 90) if incremental else _turned(f, doctored)
    return T.gs_print(turned, f.folder)


ATTACKS: dict[str, tuple[Callable[[Filled, bool], bytes], str, int, str]] = {
    "mediabox-hides-clauses-4-to-6": (
        _media_crop((0, 400, 612, 792), 1),
        "page-differs",
        1,
        "guarantee",
    ),
    "mediabox-hides-signature": (
        _media_crop((0, 508, 612, 792), 2),
        "page-differs",
        2,
        "Signature:",
    ),
    "mediabox-hides-a-void": (_void_cropped_off, "hidden-text", 1, "VOID"),
    "white-rect-then-turned-and-printed": (
        _white_rect_printed_turned,
        "page-differs",
        1,
        "third party",
    ),
}
"""Name -> (the attack, made as an update or not; the finding that must name it, on
which page, with which words)."""


@pytest.mark.parametrize("incremental", [True, False], ids=["update", "resaved"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_media_box_or_a_turned_print_hides_no_attack(
    filled: Filled, attack: str, incremental: bool
) -> None:
    build, code, page, words = ATTACKS[attack]
    record = _read(build(filled, incremental))
    assert record.status is Status.INVALID, record.findings
    named = [m for m in _messages(record, code) if f"page {page}" in m and words in m]
    assert named, record.findings
    assert not _messages(record, "extra-page"), record.findings


def test_laid_in_the_frame_a_page_shows_what_it_showed(filled: Filled) -> None:
    printed = T.gs_print(_turned(filled, filled.live), filled.folder)
    cropped = T.pikepdf_media_crop(filled.live, T.MARGINS)
    for data, turn in ((printed, 90), (cropped, 0)):
        doc = pdfium.PdfDocument(data)
        try:
            laid = frames(doc, (612, 792), 20)
            before = [doc[n].render(scale=0.5, may_draw_forms=False).to_numpy() for n in range(2)]
        finally:
            doc.close()
        assert [f.turn for f in laid] == [turn, turn]
        assert all(f.media == (0, 0, 612, 792) for f in laid)
        doc = pdfium.PdfDocument(reframed(data, laid))
        try:
            for n in range(2):
                shown = doc[n].render(scale=0.5, may_draw_forms=False).to_numpy()
                assert (shown == before[n]).all()  # as every viewer shows it
                assert page_space(doc[n]).media == (0, 0, 612, 792)
        finally:
            doc.close()
    doc = pdfium.PdfDocument(filled.live)
    try:
        assert frames(doc, (612, 792), 20) == []  # the form's own pages are left alone
    finally:
        doc.close()


def test_the_signature_picture_of_a_print_turned_is_its_upright_twins(filled: Filled) -> None:
    upright = signature_block_png(T.gs_print(filled.live, filled.folder))
    turned = signature_block_png(T.gs_print(_turned(filled, filled.live), filled.folder))
    assert upright is not None and turned is not None
    a, b = (np.asarray(Image.open(io.BytesIO(png)).convert("L")) for png in (upright, turned))
    assert a.shape == b.shape
    assert np.mean(np.abs(a.astype(int) - b.astype(int)) > 64) < 0.01  # the same picture
