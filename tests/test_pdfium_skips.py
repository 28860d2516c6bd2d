"""Cross-reference data PDFium skips or refuses where pypdf reads it (review of session 59):
each makes a viewer show another document than the one read, so the fast reader refuses
it as ambiguous (``ambiguous-objects``: invalid).

PDFium (``CPDF_Parser``) marks a number free under the generation a cross-reference
stream's free entry gives and then refuses the entry that uses it under a lower one;
resolves nothing under number 0; skips an object stream's entry numbered 0, which moves
every later index; reads a cross-reference stream whose ``/Index`` lists nothing as if it
listed objects 0 to ``/Size``; and refuses a cross-reference stream numbered 0, or of a
``/Size`` past its limit, rebuilding the cross-reference data from the bodies in the file
(the last body of a number wins). Each attack is an update to an issued release answered by pypdf
(valid), aimed at the signature's widget or its appearance.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest

from pubrelease import Status, parse
from pubrelease.pdf.objects import Ambiguous, Objects

from . import xrefattacks as X
from .helpers import pdfium_flattened_text
from .test_issued_answered import TODAY, issued, pypdf_answered

REFUSAL = b"q 1 g 0 0 400 13 re f Q BT /Helv 11 Tf 0 g 1 0 0 1 2 2 Tm (I DO NOT AGREE) Tj ET"
REFUSAL_AP = (
    b"<< /Type /XObject /Subtype /Form /BBox [0 0 400 13] "
    b"/Resources << /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
    b"/Length %d >>\nstream\n" % len(REFUSAL) + REFUSAL + b"\nendstream"
)


@pytest.fixture(scope="module")
def answered() -> bytes:
    data = pypdf_answered(issued())
    assert parse(data, today=TODAY).status is Status.VALID
    return data


def _freed_under_generation_one(data: bytes) -> bytes:
    """One update: its table lists the signature's appearance where it is, and its
    ``/XRefStm`` marks it free under generation 1: PDFium reads nothing."""
    _, appearance = X.signature_widget(data)
    update = X.Update(data)
    where = Objects(data).xref[(appearance, 0)]
    return update.table([(appearance, where, 0)], ((appearance, 0, 0, 1),))


def _object_zero(data: bytes) -> bytes:
    """The signature's widget drawn by object 0, which PDFium never resolves."""
    widget, appearance = X.signature_widget(data)
    update = X.Update(data)
    drawing = update.obj(0, 0, X.body(data, appearance))
    body = re.sub(rb"/N %d 0 R" % appearance, b"/N 0 0 R", X.body(data, widget))
    at = update.obj(widget, 0, body)
    return update.table([(0, drawing, 0), (widget, at, 0)])


def _object_stream_entry_zero(data: bytes) -> bytes:
    """The signature's widget moved into an object stream whose header lists an entry
    numbered 0 before it: PDFium skips that entry and finds no widget at its index."""
    widget, _ = X.signature_widget(data)
    update = X.Update(data)
    header = b"0 0 %d 5\n" % widget
    raw = header + b"null\n" + X.body(data, widget) + b"\n"
    container = update.new()
    at = update.obj(container, 0, X.stream(raw, b"/Type /ObjStm /N 2 /First %d " % len(header)))
    return update.stream([(container, 1, at, 0), (widget, 2, container, 1)])


def _rebuilt(number: int | None, size: int | None) -> Callable[[bytes], bytes]:
    """An appearance of refusal written late under the signature appearance's number and
    listed nowhere, then an update whose cross-reference stream PDFium refuses (numbered
    ``number``, of ``/Size`` ``size``): PDFium rebuilds, and the late body wins."""

    def build(data: bytes) -> bytes:
        widget, appearance = X.signature_widget(data)
        update = X.Update(data)
        at = update.obj(widget, 0, X.body(data, widget))
        update.obj(appearance, 0, REFUSAL_AP)  # (listed nowhere)
        return update.stream([(widget, 1, at, 0)], number=number, size=size)

    return build


def _index_lists_none(data: bytes) -> bytes:
    """An update whose cross-reference stream's ``/Index`` is ``[0 0]`` over rows for
    every object: pypdf reads none of them, PDFium reads them as objects 0 to ``/Size``,
    where the signature's widget draws a refusal (review of session 59, /tmp/review59d)."""
    widget, appearance = X.signature_widget(data)
    objects = Objects(data)
    update = X.Update(data)
    drawing, section = update.new(), update.new()
    body = re.sub(rb"/N %d 0 R" % appearance, b"/N %d 0 R" % drawing, X.body(data, widget))
    moved = {widget: update.obj(widget, 0, body), drawing: update.obj(drawing, 0, REFUSAL_AP)}
    at = len(update.out)
    moved[section] = at
    rows = b""
    for num in range(section + 1):
        if num in moved:
            kind, first, second = 1, moved[num], 0
        elif num and (num, 0) in objects.xref:
            kind, first, second = 1, objects.xref[(num, 0)], 0
        elif num in objects.in_stream:
            kind, (first, second) = 2, objects.in_stream[num]
        else:
            kind, first, second = 0, 0, 0xFFFF if num == 0 else 0
        rows += X.row(kind, first, second)
    entries = b"/Type /XRef /Size %d /W [1 4 2] /Index [0 0] /Root %s R /Prev %d " % (
        update.size,
        update.root,
        update.prev,
    )
    update.obj(section, 0, X.stream(rows, entries))
    return bytes(update.out + b"startxref\n%d\n%%%%EOF\n" % at)


ATTACKS: dict[str, Callable[[bytes], bytes]] = {
    "a free entry under generation 1": _freed_under_generation_one,
    "object 0": _object_zero,
    "an object stream's entry numbered 0": _object_stream_entry_zero,
    "a cross-reference stream numbered 0": _rebuilt(0, None),
    "a cross-reference stream of /Size past PDFium's limit": _rebuilt(None, 99_999_999),
    "a cross-reference stream whose /Index lists nothing": _index_lists_none,
}


def _pdfium_shows(data: bytes) -> str:
    """Every page's text, its widgets drawn in, as PDFium shows it."""
    doc = pdfium.PdfDocument(data)
    count = len(doc)
    doc.close()
    return "\n".join(pdfium_flattened_text(data, n) for n in range(count))


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_what_pdfium_skips_or_refuses_is_ambiguous(answered: bytes, attack: str) -> None:
    data = ATTACKS[attack](answered)
    honest = _pdfium_shows(answered).count("Ada Lovelace")
    shown = _pdfium_shows(data)
    assert shown.count("Ada Lovelace") < honest or "I DO NOT AGREE" in shown  # (a viewer)
    with pytest.raises(Ambiguous):
        Objects(data)
    record = parse(data, today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings
