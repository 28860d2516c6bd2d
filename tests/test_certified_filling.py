"""The speaker's answers after the conference certified the release, allowing it to be filled.

The conference certifies the release it issues with DocMDP permission 2 (Acrobat's
"certify: form fill-in and signing allowed"); the speaker then types the signature, the
date and ticks Accept or Decline, in an incremental update. The tick switches the
consent field's two widgets between the appearance states they already have, which
pyHanko's own rules leave unexplained (``reading/buttonstates.py``). Anything more than
that switch stays an error, and a certification that allows no change allows no answer.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

from pubrelease import parse
from pubrelease.reading.trust import TrustRoots
from pubrelease.record import Status

from .helpers import Edit, update
from .pki import Pki
from .signed import TODAY, certified_for_filling, issued, set_fields

ANSWERS = {"signature": "Bohyung Han", "sign_date": "Sep 23, 2020"}


@pytest.fixture(scope="module")
def certified(pki: Pki) -> bytes:
    return certified_for_filling(issued(), pki, "FILL_FORMS")


def _consent_widgets(writer: PdfWriter) -> tuple[DictionaryObject, list[DictionaryObject]]:
    """The consent field and its widgets (page 2), as the writer holds them."""
    for annot in writer.pages[1].get("/Annots", []):
        widget = annot.get_object()
        parent = widget.get("/Parent")
        if parent is not None and parent.get_object().get("/T") == "consent":
            field = parent.get_object()
            return field, [kid.get_object() for kid in field["/Kids"]]
    raise AssertionError("no consent field")


def _tick(state: str, *, on_widgets_too: bool = False) -> Edit:
    """Ticks ``state`` as Acrobat does: the field's ``/V`` and each widget's ``/AS``
    (``on_widgets_too``: a ``/V`` on each widget as well, as pypdf writes)."""

    def edit(writer: PdfWriter) -> None:
        field, widgets = _consent_widgets(writer)
        field[NameObject("/V")] = NameObject(f"/{state}")
        for widget in widgets:
            shown = f"/{state}" if f"/{state}" in widget["/AP"]["/N"] else "/Off"
            widget[NameObject("/AS")] = NameObject(shown)
            if on_widgets_too:
                widget[NameObject("/V")] = NameObject(shown)

    return edit


def _status(data: bytes, roots: TrustRoots) -> tuple[Status, str, list[str]]:
    record = parse(data, trust=roots, today=TODAY)
    errors = [f.code for f in record.findings if f.severity.value == "error"]
    return record.status, record.consent.value, errors


@pytest.mark.parametrize("state", ["Accept", "Decline"])
@pytest.mark.parametrize("how", ["acrobat", "pypdf"])
def test_the_speaker_ticks_the_consent_after_certification(
    certified: bytes, roots: TrustRoots, state: str, how: str
) -> None:
    """A tick after the certification is the speaker's answer: Accept reads valid,
    Decline declined; it was ``shadow-redefined`` (invalid)."""
    tick = set_fields(consent=f"/{state}", **ANSWERS) if how == "pypdf" else _tick(state)
    data = update(certified, tick, set_fields(**ANSWERS))
    status, consent, errors = _status(data, roots)
    assert errors == []
    assert (status, consent) == (
        (Status.VALID, "accept") if state == "Accept" else (Status.DECLINED, "decline")
    )
    record = parse(data, trust=roots, today=TODAY)
    assert record.signature == "Bohyung Han" and record.signatures[0].certifying


def test_what_the_conference_issued_stays_as_it_certified_it(
    certified: bytes, roots: TrustRoots
) -> None:
    retitled = update(certified, set_fields(**ANSWERS, event_title="Another Talk"))
    record = parse(retitled, trust=roots, today=TODAY)
    assert record.status is Status.INVALID
    assert any(
        f.code == "changed-after-signing" and f.message.startswith("event_title changed")
        for f in record.findings
    ), record.findings


def test_a_certification_that_allows_no_change_allows_no_answer(
    pki: Pki, roots: TrustRoots
) -> None:
    locked = certified_for_filling(issued(), pki, "NO_CHANGES")
    status, _, errors = _status(update(locked, _tick("Accept"), set_fields(**ANSWERS)), roots)
    assert status is Status.INVALID and errors


def _redrawn(writer: PdfWriter) -> None:
    """Accept's ticked appearance replaced by a new stream (a stroke across the box),
    and ticked."""
    _, widgets = _consent_widgets(writer)
    stream = DecodedStreamObject()
    stream.set_data(b"0 g 0 0 m 11 11 l S")
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 11, 11)),
        }
    )
    accept = next(w for w in widgets if "/Accept" in w["/AP"]["/N"])
    accept["/AP"]["/N"][NameObject("/Accept")] = writer._add_object(stream)
    _tick("Accept")(writer)


def _to_a_state_it_lacks(writer: PdfWriter) -> None:
    field, widgets = _consent_widgets(writer)
    field[NameObject("/V")] = NameObject("/Accept")
    widgets[0][NameObject("/AS")] = NameObject("/Maybe")


def _moved(writer: PdfWriter) -> None:
    _tick("Accept")(writer)
    _, widgets = _consent_widgets(writer)
    moved = ArrayObject(FloatObject(float(v) + 200) for v in widgets[0]["/Rect"])
    widgets[0][NameObject("/Rect")] = moved


@pytest.mark.parametrize(
    "change", [_redrawn, _to_a_state_it_lacks, _moved], ids=["redrawn", "no-such-state", "moved"]
)
def test_more_than_a_tick_after_certification_is_an_error(
    certified: bytes, roots: TrustRoots, change: Edit
) -> None:
    status, _, errors = _status(update(certified, change, set_fields(**ANSWERS)), roots)
    assert status is Status.INVALID
    assert set(errors) & {"shadow-redefined", "shadow-appearance-swapped", "changed-after-signing"}


def _kids_by_reference(data: bytes) -> bytes:
    """``data`` re-saved whole with the consent field's ``/Kids`` an indirect array (a
    reference to it, as some writers store arrays: pdfcpu's, iText's)."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    field, _ = _consent_widgets(writer)
    field[NameObject("/Kids")] = writer._add_object(ArrayObject(field["/Kids"]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("state", ["Accept", "Decline"])
def test_a_tick_is_explained_where_the_widgets_are_listed_through_a_reference(
    pki: Pki, roots: TrustRoots, state: str
) -> None:
    """pyHanko's dictionaries hand a reference back from ``get``: the consent's widgets
    listed in an indirect ``/Kids`` were not looked at, and the tick was unexplained."""
    certified = certified_for_filling(_kids_by_reference(issued()), pki, "FILL_FORMS")
    status, consent, errors = _status(update(certified, _tick(state), set_fields(**ANSWERS)), roots)
    assert errors == []
    assert (status, consent) == (
        (Status.VALID, "accept") if state == "Accept" else (Status.DECLINED, "decline")
    )
