"""A value's ink stays inside its box: nothing of a name is cut by the appearance's clip.

The dots under a final Arabic yeh ("علي"), lowered by HarfBuzz to join, reached below a
one-line box and were clipped: MuPDF and PDFium drew "على". Each name below is filled,
then each of its appearance streams is drawn by PDFium as written and again without its
clip: the two must show the same ink. Releases issued before lines were moved inside
their boxes (:func:`placed_as_before`) still read back as ``valid``.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from pubrelease import Release, fill, load_form, parse
from pubrelease.filling.appearance import ValueFonts, placed_as_before

DEEP = {
    "yeh": "علي الهاشمي",  # dots under a final and an isolated yeh
    "kasra": "بِسْمِ",  # a kasra under a final meem
    "persian": "پرو",
    "tamil": "ரு",
    "stacked": "لِّلّٰهِ أحمد",  # shadda, kasra and a superscript alef: ink above the box
}


def _release(name: str) -> Release:
    return Release.create(
        speaker_name=name,
        event_title="Deep Learning",
        event_date=dt.date(2020, 7, 13),
        effective_date=dt.date(2020, 7, 1),
        consent="accept",
        signature=name,
        sign_date=dt.date(2020, 7, 2),
    )


def _ink(data: bytes) -> np.ndarray:
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()  # the widgets drawn by their appearance streams
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            pages.append(page.render(scale=300 / 72, may_draw_forms=True).to_numpy().min(axis=2))
            page.close()
        return np.concatenate([p.ravel() for p in pages])
    finally:
        pdf.close()


def _unclipped(data: bytes, margin: float = 12.0) -> bytes:
    """``data`` with every text widget's appearance drawn without its clip to the box:
    no ``W n``, and its ``/BBox`` and the widget's ``/Rect`` grown by ``margin`` points
    above and below alike (a viewer clips an appearance to its ``/BBox`` and maps that
    onto the ``/Rect``: grown together, the drawing stays where it was)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                normal = annot.get("/AP", {}).get("/N")
                if isinstance(normal, pikepdf.Stream) and b" re W n" in normal.read_bytes():
                    normal.write(normal.read_bytes().replace(b" re W n", b" re n"))
                    x0, y0, x1, y1 = (float(v) for v in normal.BBox)
                    normal.BBox = pikepdf.Array([x0, y0 - margin, x1, y1 + margin])
                    r0, s0, r1, s1 = (float(v) for v in annot.Rect)
                    annot.Rect = pikepdf.Array([r0, s0 - margin, r1, s1 + margin])
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("how", sorted(DEEP))
def test_no_ink_is_clipped(how: str) -> None:
    data = fill(_release(DEEP[how]))
    shown, whole = _ink(data), _ink(_unclipped(data))
    assert shown.shape == whole.shape
    lost = int(np.count_nonzero(shown.astype(int) - whole.astype(int) > 60))
    assert lost == 0, f"{lost} pixels of {DEEP[how]!r} cut by its box"


def test_lines_that_fit_stay_where_they_were() -> None:
    form = load_form()
    for name in ("Bohyung Han", "Zoë Ødegård", "王小明", "Νίκος Παπαδόπουλος", "محمد"):
        now = ValueFonts.for_values(form, {"speaker_name": name})
        with placed_as_before():
            then = ValueFonts.for_values(form, {"speaker_name": name})
        assert not now.moved
        assert [p.lines[0][1] for p in now.placed.values()] == [
            p.lines[0][1] for p in then.placed.values()
        ]


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize("how", ["yeh", "stacked"])
def test_releases_issued_before_still_read_valid(how: str, flatten: bool, tmp_path) -> None:
    with placed_as_before():
        old = fill(_release(DEEP[how]), flatten=flatten)
    new = fill(_release(DEEP[how]), flatten=flatten)
    assert old != new
    for label, data in (("before", old), ("now", new)):
        path = tmp_path / f"{label}.pdf"
        path.write_bytes(data)
        record = parse(path)
        assert record.speaker_name == DEEP[how], label
        assert record.status.value == "valid", (label, [f.message for f in record.findings])


def test_the_cjk_fonts_draw_every_ideograph_inside_their_em_box() -> None:
    """fill takes an ideograph's ink as the em box, unread: true of every ideograph,
    kana and Hangul syllable of each packaged CJK font."""
    from pubrelease.filling.appearance import _source_for
    from pubrelease.filling.inkbox import _EMBOXED, EMBOX, EMBOXED_FACES

    seen = set()
    for probe, cjk in (("王", "sc"), ("王", "tc"), ("ア", "jp"), ("가", "kr")):
        face = _source_for(probe, cjk)
        assert face is not None
        seen.add(face.postscript_name)
        for block in ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3)):
            for code in range(*block):
                gid = face.nominal(chr(code))
                if gid is None or not _EMBOXED.fullmatch(chr(code)):
                    continue
                bottom, top = face.extent(gid)
                assert EMBOX[0] <= bottom / face.upem and top / face.upem <= EMBOX[1], chr(code)
    assert seen <= EMBOXED_FACES
