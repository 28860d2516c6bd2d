"""Returns the first version of the reading of other tools' fills from their widgets
(:mod:`pubrelease.reading.provenfill`) took as proved, though a viewer shows otherwise
(a helper's review, session 36).

Each is an honest pypdf fill changed only in a widget's appearance; in PDFium (Chrome),
with the widgets drawn, the page shows something else than the record says: the proof's
render drew no widgets (``FPDF_RenderPage`` leaves them to a form environment), its
tokenizer read Python's white space and split ``Tj0``, a clip of no area passed for a
rectangle, and ``Q`` did not restore the font. Each is left to the general path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from .helpers import widget_readings
from .test_proven_fills import BUILDS, _field, _widgets, built

TODAY = dt.date(2020, 9, 23)
_CLIP = b"q 2 0 254 13 re W n "
_TEXT = b"BT /Helv 11.2 Tf 0 g 2 2.479 Td (Ada Lovelace) Tj ET"


def _appearance(content: bytes) -> Callable[[PdfWriter], None]:
    """The signature's appearance stream drawing ``content`` (its font kept)."""

    def edit(writer: PdfWriter) -> None:
        _field(writer, "signature")["/AP"]["/N"].get_object().set_data(content)

    return edit


def _consent_swapped(writer: PdfWriter) -> None:
    """The ticked Accept box drawn empty, the empty Decline box drawn ticked (their
    states, /AS and /V as filled: accepted). The proof's page render draws no widgets
    (FPDF_RenderPage leaves widgets to FPDF_FFLDraw): each box's faces compared equal."""
    ticked, empty = b"<02E8>", b"<02E7>"
    for widget in _widgets(writer):
        states = widget.get("/AP", {}).get("/N")
        if states is None or "/Off" not in states.get_object():
            continue
        states = states.get_object()
        if "/Accept" in states:
            stream = states["/Accept"].get_object()
            stream.set_data(stream.get_data().replace(ticked, empty))
        if "/Decline" in states:
            off = states["/Off"].get_object()  # (shared with the Accept box)
            new = StreamObject()
            for key, value in off.items():
                if key not in ("/Length", "/Filter"):
                    new[NameObject(key)] = value
            new.set_data(off.get_data().replace(empty, ticked))
            states[NameObject("/Off")] = writer._add_object(new)


HOLES: dict[str, Callable[[PdfWriter], None]] = {
    # PDFium and pdf.js read "Tj0" as one unknown operator (ignored): nothing is drawn
    "an operator glued to a digit": _appearance(_CLIP + _TEXT.replace(b"Tj ET", b"Tj0 ET") + b" Q"),
    # vertical tab is no PDF white space: "Tj\vET" is one unknown operator to PDFium
    "a vertical tab read as white space": _appearance(
        _CLIP + _TEXT.replace(b"Tj ET", b"Tj\x0bET") + b" Q"
    ),
    # corners (0,0) (254,0) (0,0) (0,13): each side level or upright, but no area
    "a clip of no area": _appearance(b"q 0 0 m 254 0 l 0 0 l 0 13 l h W n " + _TEXT + b" Q"),
    # Q restores the text state too: the value is drawn at 0.3 points
    "a font size restored by Q": _appearance(
        b"/Helv 0.3 Tf q /Helv 11.2 Tf Q BT 0 g 2 2.479 Td (Ada Lovelace) Tj ET"
    ),
    "a font unset by Q": _appearance(b"q /Helv 11.2 Tf Q BT 0 g 2 2.479 Td (Ada Lovelace) Tj ET"),
    "consent boxes drawn swapped": _consent_swapped,
}


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("hole", sorted(HOLES))
def test_a_value_a_viewer_does_not_show_is_not_proved(honest: bytes, hole: str, build: str) -> None:
    record, taken, general = widget_readings(built(honest, HOLES[hole], build), today=TODAY)
    assert not taken, (hole, record.status, record.signature, record.consent)
    assert record == general and record.status.value != "valid", record.findings
