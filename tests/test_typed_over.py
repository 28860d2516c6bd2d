"""Values typed over the page with a viewer's text tool, not into the form's fields.

Acrobat's Fill & Sign, macOS Preview and PDF-XChange type over the page: a ``/FreeText``
annotation holding the text and drawing it, the field under it left empty; baked, the
same text is drawn by the page. A person sees a signed, dated, accepted release: it was
``invalid`` ("the page shows 'Bohyung Han' but the stored value is empty"; baked a
little high, "ink the form does not have" above the box; review rev26). Values the
page and the field disagree on, notes that draw other words than they hold, marks
painted beside the letters and notes over the conference's values stay caught.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from pubrelease import Consent, Record, Status, fill, parse
from pubrelease.demo import SEED_RELEASES

from . import typednotes as T
from .helpers import poppler_blank_ticks

DATA = Path(__file__).parent / "data" / "typed-over-rev26"


def codes(record: Record) -> list[str]:
    return [f.code for f in record.findings]


def _typed_valid(record: Record) -> None:
    assert record.status is Status.VALID, record.findings
    assert (record.signature, record.consent) == (T.SIGNATURE, Consent.ACCEPT)
    assert record.sign_date == SEED_RELEASES[0].sign_date
    assert "value-disagreement" not in codes(record)
    assert "typed-on-page" in codes(record)


@pytest.mark.parametrize("incremental", [False, True], ids=["saved-whole", "as-an-update"])
def test_a_release_finished_with_a_text_tool_reads_as_it_shows(incremental: bool) -> None:
    values = {"signature": T.SIGNATURE, "sign_date": T.DATE}
    record = parse(T.typed(fill(T.UNSIGNED), values, incremental=incremental))
    _typed_valid(record)
    assert "modified-after-issue" not in codes(record)


@pytest.mark.parametrize("incremental", [False, True], ids=["saved-whole", "as-an-update"])
def test_a_flattened_release_finished_with_a_text_tool(incremental: bool) -> None:
    values = {"signature": T.SIGNATURE, "sign_date": T.DATE}
    record = parse(T.typed(fill(T.UNSIGNED, flatten=True), values, incremental=incremental))
    assert record.status is Status.VALID, record.findings
    assert (record.signature, record.consent) == (T.SIGNATURE, Consent.ACCEPT)
    assert record.sign_date == SEED_RELEASES[0].sign_date


def test_the_box_ticked_and_the_rest_typed() -> None:
    issued = fill(dataclasses.replace(T.UNSIGNED, consent=Consent.ACCEPT))
    record = parse(T.typed(issued, {"signature": T.SIGNATURE, "sign_date": T.DATE}, tick=None))
    _typed_valid(record)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.pdf")))
def test_pymupdfs_notes_read_valid(name: str) -> None:
    record = parse(DATA / name)
    # (the box PyMuPDF ticked, in ZapfDingbats named in WinAnsi: poppler draws nothing,
    # in its widget or baked into the page)
    ticks = poppler_blank_ticks(record)
    blank = {"fill-and-sign-accept-ticked.pdf", "signature-typed-high-baked.pdf"}
    assert ticks is (name in blank), record.findings
    assert record.status is (Status.INVALID if ticks else Status.VALID), record.findings
    assert record.signature == "Siobhan O'Brien-Nunez"
    assert record.consent is Consent.ACCEPT
    assert not {"value-disagreement", "page-differs"} & set(codes(record))


def test_a_note_drawing_other_words_than_it_holds_disagrees() -> None:
    values = {"signature": T.SIGNATURE, "sign_date": T.DATE}
    data = T.typed(fill(T.UNSIGNED), values, drawn={"signature": "I do not agree"})
    record = parse(data)
    assert record.status is Status.INVALID
    assert any(f.code == "value-disagreement" and f.field == "signature" for f in record.findings)


def test_a_note_over_a_filled_value_disagrees() -> None:
    issued = fill(dataclasses.replace(SEED_RELEASES[0], signature="Bohyung Han"))
    record = parse(T.typed(issued, {"sign_date": "Sep 24, 2020"}, tick=None))
    assert record.status is Status.INVALID
    assert "typed-on-page" not in codes(record)


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize("incremental", [False, True], ids=["saved-whole", "as-an-update"])
def test_an_x_typed_over_decline_of_an_accepted_release(incremental: bool, flatten: bool) -> None:
    release = dataclasses.replace(SEED_RELEASES[0], signature="Bohyung Han")
    record = parse(
        T.typed(fill(release, flatten=flatten), {}, tick="Decline", incremental=incremental)
    )
    assert record.status is Status.INVALID
    assert {"value-disagreement", "consent-both"} & set(codes(record))


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_a_note_over_the_conferences_value_is_a_modification(flatten: bool) -> None:
    release = dataclasses.replace(SEED_RELEASES[0], countersign_date=None)
    issued = fill(release, flatten=flatten)
    values = {"signature": T.SIGNATURE, "sign_date": T.DATE, "countersign_date": T.DATE}
    record = parse(T.typed(issued, values, tick=None, incremental=True))
    assert record.status is Status.INVALID
    assert any(
        f.code == "modified-after-issue" and "FreeText" in f.message for f in record.findings
    )


# -- baked: the typed text drawn by the page, a little high -----------------------------


def test_a_signature_typed_a_little_high_is_the_boxs_value() -> None:
    record = parse(T.baked("Siobhan O'Brien-Nunez"))  # its "O'B" 2.4 pt above the box
    assert "page-differs" not in codes(record), record.findings
    assert record.signature == "Siobhan O'Brien-Nunez"
    assert parse(T.baked(T.SIGNATURE)).status is Status.VALID
    date = parse(T.baked(T.DATE, "sign_date"))  # its "S", "2" and digits 3.4 pt above
    assert date.status is Status.VALID, date.findings
    assert date.sign_date == SEED_RELEASES[0].sign_date


def test_a_signature_reaching_far_above_its_box_is_foreign_ink() -> None:
    record = parse(T.baked(T.SIGNATURE, rise=13))  # its capitals 7 pt above the box
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record)


def _letter(data: bytes, page: int, char: str, rect: T.Box) -> T.Box:
    doc = pdfium.PdfDocument(data)
    try:
        text = doc[page].get_textpage()
        for index in range(text.count_chars()):
            box = text.get_charbox(index)
            middle = (box[1] + box[3]) / 2
            inside = rect[0] <= box[0] <= rect[2] and rect[1] <= middle <= rect[3]
            if text.get_text_range(index, 1) == char and inside:
                return box
        raise AssertionError(f"no {char!r} in {rect}")
    finally:
        doc.close()


def _painted(data: bytes, page: int, path: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    target = writer.pages[page]
    stream = DecodedStreamObject()
    stream.set_data(f"q 0 g {path} f Q".encode())
    parts = target.raw_get("/Contents").get_object()
    parts = list(parts) if isinstance(parts, ArrayObject) else [target.raw_get("/Contents")]
    target[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(stream)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("char", ["e", "S", "2"])
def test_an_accent_painted_over_a_date_typed_high_stays_foreign_ink(char: str) -> None:
    """An acute drawn as a path above a letter of a date typed a little high: above an
    "e" (within the box) or above an "S" or a "2" (whose tops are above it). It is not
    the value's glyph. (In the signature's box a drawing may sign, as before.)"""
    data = T.baked(T.DATE, "sign_date")
    page, rect = T.box_of("sign_date")
    left, _, right, top = _letter(data, page, char, rect)
    x = (left + right) / 2
    acute = f"{x - 0.5:.2f} {top + 0.6:.2f} m {x + 1.3:.2f} {top + 2.8:.2f} l "
    acute += f"{x + 2:.2f} {top + 2.3:.2f} l {x:.2f} {top + 0.3:.2f} l h"
    record = parse(_painted(data, page, acute))
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record)


def test_a_capital_drawn_taller_than_its_text_stays_foreign_ink() -> None:
    """A date typed high whose "S" draws "Š" (its ToUnicode map reads "S"): the caron
    above the box is no part of the letter read, however the glyph's box holds it."""
    record = parse(T.baked(T.DATE, "sign_date", lying={"S": "Scaron"}))
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record)
    assert "(99, 485)-(108, 494)" in " ".join(f.message for f in record.findings)
