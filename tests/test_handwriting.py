"""Values written by hand on the printed release: the sign date, sometimes the name.

The pen is a hand-drawn font (Intuitive, OFL, from the ``font-intuitive`` wheel) with
each letter off the line and turned, larger than the box (tests/scans.py
``pen_write``), on scans at 150-300 dpi with skew and noise and on phone photos.
A value OCR cannot read with confidence is reported with what it read, never guessed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageDraw

from pubrelease import Consent, Status, parse
from pubrelease.demo import SEED_RELEASES

from . import scans

TODAY = dt.date(2021, 1, 1)
HAN = SEED_RELEASES[0]
SIGNED = dt.date(2020, 9, 23)
FORMS = ["23/09/2020", "Sep 23, 2020", "2020-09-23", "23.09.2020", "9/23/2020",
         "23 September 2020", "Sept 23 2020", "23-09-2020"]  # fmt: skip


def paper(
    written: str,
    dpi: int = 200,
    *,
    angle: float = 0.8,
    noise: float = 6.0,
    photo: bool = False,
    seed: int = 0,
    name: bool = False,
    name_size: float = 14.0,
) -> list:  # type: ignore[type-arg]
    """Han's release printed without a sign date (and name), ticked, signed, dated by pen
    (the name, written large, reaches up into the line of the effective date's box)."""
    pages = scans.printed(
        scans.release(sign_date=None), dpi, blank=("speaker_name",) if name else ()
    )
    scans.tick(pages, "Accept", dpi)
    scans.sign(pages, dpi)
    scans.pen_write(pages, "sign_date", written, dpi, seed=seed)
    if name:
        for index in range(3):
            scans.pen_write(
                pages,
                "speaker_name",
                HAN.speaker_name,
                dpi,
                index=index,
                seed=seed + index + 1,
                size=name_size,
            )
    return pages


def pdf_of(
    pages,
    dpi: int = 200,
    *,
    angle: float = 0.8,
    noise: float = 6.0,
    photo: bool = False,
    seed: int = 0,
) -> bytes:  # type: ignore[no-untyped-def]
    if photo:
        return scans.to_pdf(scans.photographed(pages, seed=seed), dpi)
    return scans.to_pdf(scans.scanned(pages, angle=angle, noise=noise, seed=seed), dpi)


def ocr_unsure(record) -> list:  # type: ignore[no-untyped-def]
    return [f for f in record.findings if f.code == "ocr-unsure"]


@pytest.mark.parametrize(
    ("written", "dpi", "angle", "noise", "photo"),
    [
        ("23/09/2020", 300, 1.0, 5.0, False),
        ("Sep 23, 2020", 240, 1.9, 6.0, False),
        ("2020-09-23", 150, -2.0, 10.0, False),
        ("23.09.2020", 200, 0.0, 3.0, True),
        ("9/23/2020", 150, 0.5, 3.0, False),
        ("23 September 2020", 200, -0.8, 9.0, False),
    ],
)
def test_a_handwritten_sign_date_is_read(
    written: str, dpi: int, angle: float, noise: float, photo: bool
) -> None:
    pages = paper(written, dpi)
    record = parse(pdf_of(pages, dpi, angle=angle, noise=noise, photo=photo), today=TODAY)
    assert record.sign_date == SIGNED, record.findings
    assert record.status is Status.VALID, record.findings
    evidence = {e.field: e for e in record.evidence}["sign_date"]
    assert evidence.source.value == "ocr"
    assert evidence.raw == written
    assert evidence.confidence >= 0.45


@pytest.mark.parametrize("photo", [False, True])
def test_a_handwritten_name_is_read_and_matches_the_roster(photo: bool) -> None:
    pages = paper("23/09/2020", 200, name=True, seed=3, name_size=17.0)
    pdf = pdf_of(pages, 200, angle=-1.2, noise=6.0, photo=photo, seed=7)
    record = parse(pdf, today=TODAY, expected=HAN)
    assert record.speaker_name == HAN.speaker_name, record.findings
    assert record.sign_date == SIGNED
    assert record.consent is Consent.ACCEPT
    assert record.status is Status.VALID, record.findings
    assert {e.field: e for e in record.evidence}["speaker_name"].source.value == "ocr"


def test_a_date_scribbled_over_is_reported_with_its_reading_not_guessed() -> None:
    pages = paper("23/09/2020", 200)
    page, (left, bottom, _right, top) = scans.widget("sign_date")
    draw = ImageDraw.Draw(pages[page])
    for k in range(7):  # a pen going over the figures again and again
        x0, y0 = scans.px(200, left + 6 + 9 * k, bottom + 1)
        x1, y1 = scans.px(200, left + 16 + 9 * k, top + 1)
        draw.line([(x0, y0), (x1, y1)], scans.PEN, 4)
    record = parse(pdf_of(pages), today=TODAY)
    assert record.sign_date is None
    unsure = ocr_unsure(record)
    assert [f.field for f in unsure] == ["sign_date"], record.findings
    assert "sign_date: OCR reads '" in unsure[0].message
    assert "with confidence 0." in unsure[0].message
    assert "missing-value" not in {f.code for f in record.findings}
    assert record.status is Status.INCOMPLETE


def test_a_date_read_years_from_the_event_is_a_misread_figure_not_taken() -> None:
    pages = paper("23/09/2029", 200, seed=7)  # as a handwritten 2020 may read
    record = parse(pdf_of(pages, 200, angle=0.5, noise=4.0), today=TODAY)
    assert record.sign_date is None
    (unsure,) = ocr_unsure(record)
    assert unsure.field == "sign_date" and "'23/09/2029'" in unsure.message
    assert "more than two years from the event (Jul 15, 2020)" in unsure.message
    assert "bad-date" not in {f.code for f in record.findings}
    assert record.status is Status.INCOMPLETE


@settings(
    max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    written=st.sampled_from(FORMS),
    angle=st.floats(-2.0, 2.0),
    dpi=st.sampled_from([150, 200, 240, 300]),
    noise=st.floats(0.0, 12.0),
    seed=st.integers(0, 1000),
)  # fmt: skip
def test_a_handwritten_date_is_read_right_or_reported_never_wrong(
    written: str, angle: float, dpi: int, noise: float, seed: int
) -> None:
    _read_right_or_reported(written, angle, dpi, noise, seed)


@pytest.mark.parametrize(("noise", "seed"), [(6.0, 460), (5.0, 461)])
def test_a_label_beside_a_signature_is_read_whole_on_a_speckled_scan(
    noise: float, seed: int
) -> None:
    """Examples Hypothesis drew in a fresh clone (session 61): the area blanked around the
    countersigner's signature took the end of the label above it, and the scan's line
    read 'Name (Prir' for 'Name (Print):', an alteration (``altered-text``, invalid)."""
    _read_right_or_reported("23/09/2020", 0.0, 300, noise, seed)


def _read_right_or_reported(written: str, angle: float, dpi: int, noise: float, seed: int) -> None:
    pages = paper(written, dpi, seed=seed)
    record = parse(pdf_of(pages, dpi, angle=angle, noise=noise, seed=seed), today=TODAY)
    if record.sign_date is None:
        assert [f.field for f in ocr_unsure(record)] == ["sign_date"], record.findings
        assert record.status is Status.INCOMPLETE
    else:
        assert record.sign_date == SIGNED, record.findings
        assert record.status is Status.VALID, record.findings
