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
from pubrelease.pdf.objects import Ambiguous, Objects, Ref

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


def _signature(data: bytes) -> tuple[int, int]:
    """The signature widget's object number and its normal appearance's."""
    objects = Objects(data)
    root = objects.dict_of(objects.trailer["/Root"])
    for ref in objects.resolve(objects.dict_of(root["/AcroForm"])["/Fields"]):  # type: ignore[union-attr]
        field = objects.dict_of(ref)
        if field.get("/T") == "signature":
            appearance = objects.dict_of(field["/AP"])["/N"]
            assert isinstance(ref, Ref) and isinstance(appearance, Ref)
            return ref.num, appearance.num
    raise AssertionError("no signature field")


def _body(data: bytes, num: int) -> bytes:
    """Object ``num``'s body as the file's newest cross-reference data places it."""
    at = Objects(data).xref[(num, 0)]
    start = data.index(b"obj", at) + 3
    return data[start : data.index(b"endobj", start)].strip()


class _Update:
    """One update appended to ``data``: its objects, then its cross-reference section."""

    def __init__(self, data: bytes) -> None:
        self.base = data
        self.out = bytearray(data if data.endswith(b"\n") else data + b"\n")
        self.size = int(re.findall(rb"/Size (\d+)", data)[-1])
        self.root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])

    def obj(self, num: int, gen: int, body: bytes) -> int:
        at = len(self.out)
        self.out += b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n"
        return at

    @staticmethod
    def _rows(rows: list[tuple[int, int, int, int]]) -> tuple[bytes, bytes]:
        """(/Index, data) of cross-reference stream rows (number, type, field 2, field 3)."""
        rows = sorted(rows)
        index = b" ".join(b"%d 1" % num for num, *_ in rows)
        raw = b"".join(
            bytes([k]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for _, k, a, b in rows
        )
        return index, raw

    def table(
        self, entries: list[tuple[int, int, int]], hybrid: list[tuple[int, int, int, int]] = ()
    ) -> bytes:  # type: ignore[assignment]
        """A table of ``entries`` (number, offset, generation), ``hybrid`` rows in the
        stream its ``/XRefStm`` names."""
        extra = b""
        if hybrid:
            num = self.size
            self.size += 1
            index, raw = self._rows(list(hybrid))
            at = self.obj(
                num,
                0,
                b"<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Length %d >>\nstream\n"
                % (self.size, index, len(raw))
                + raw
                + b"\nendstream",
            )
            entries = [*entries, (num, at, 0)]
            extra = b" /XRefStm %d" % at
        xref = len(self.out)
        self.out += b"xref\n" + b"".join(
            b"%d 1\n%010d %05d n \n" % (n, at, g) for n, at, g in sorted(entries)
        )
        self.out += b"trailer\n<< /Size %d /Root %s R /Prev %d%s >>\n" % (
            self.size,
            self.root,
            self.prev,
            extra,
        )
        return bytes(self.out + b"startxref\n%d\n%%%%EOF\n" % xref)

    def stream(
        self,
        rows: list[tuple[int, int, int, int]],
        *,
        number: int | None = None,
        size: int | None = None,
    ) -> bytes:
        """A cross-reference stream of ``rows`` (itself listed too), numbered ``number``."""
        num = self.size if number is None else number
        self.size = max(self.size, num + 1)
        at = len(self.out)
        index, raw = self._rows([*rows, (num, 1, at, 0)])
        self.out += (
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Root %s R /Prev %d"
            % (num, self.size if size is None else size, index, self.root, self.prev)
            + b" /Length %d >>\nstream\n" % len(raw)
            + raw
            + b"\nendstream\nendobj\n"
        )
        return bytes(self.out + b"startxref\n%d\n%%%%EOF\n" % at)


def _freed_under_generation_one(data: bytes) -> bytes:
    """One update: its table lists the signature's appearance where it is, and its
    ``/XRefStm`` marks it free under generation 1: PDFium reads nothing."""
    _, appearance = _signature(data)
    update = _Update(data)
    return update.table(
        [(appearance, Objects(data).xref[(appearance, 0)], 0)], [(appearance, 0, 0, 1)]
    )


def _object_zero(data: bytes) -> bytes:
    """The signature's widget drawn by object 0, which PDFium never resolves."""
    widget, appearance = _signature(data)
    update = _Update(data)
    drawing = update.obj(0, 0, _body(data, appearance))
    body = re.sub(rb"/N %d 0 R" % appearance, b"/N 0 0 R", _body(data, widget))
    at = update.obj(widget, 0, body)
    return update.table([(0, drawing, 0), (widget, at, 0)])


def _object_stream_entry_zero(data: bytes) -> bytes:
    """The signature's widget moved into an object stream whose header lists an entry
    numbered 0 before it: PDFium skips that entry and finds no widget at its index."""
    widget, _ = _signature(data)
    update = _Update(data)
    header = b"0 0 %d 5\n" % widget
    raw = header + b"null\n" + _body(data, widget) + b"\n"
    container = update.size
    update.size += 1
    at = update.obj(
        container,
        0,
        b"<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n" % (len(header), len(raw))
        + raw
        + b"\nendstream",
    )
    return update.stream([(container, 1, at, 0), (widget, 2, container, 1)])


def _rebuilt(number: int | None, size: int | None) -> Callable[[bytes], bytes]:
    """An appearance of refusal written late under the signature appearance's number and
    listed nowhere, then an update whose cross-reference stream PDFium refuses (numbered
    ``number``, of ``/Size`` ``size``): PDFium rebuilds, and the late body wins."""

    def build(data: bytes) -> bytes:
        widget, appearance = _signature(data)
        update = _Update(data)
        at = update.obj(widget, 0, _body(data, widget))
        update.obj(appearance, 0, REFUSAL_AP)  # (listed nowhere)
        return update.stream([(widget, 1, at, 0)], number=number, size=size)

    return build


def _index_lists_none(data: bytes) -> bytes:
    """An update whose cross-reference stream's ``/Index`` is ``[0 0]`` over rows for
    every object: pypdf reads none of them, PDFium reads them as objects 0 to ``/Size``,
    where the signature's widget draws a refusal (review of session 59, /tmp/review59d)."""
    widget, appearance = _signature(data)
    objects = Objects(data)
    update = _Update(data)
    drawing, section = update.size, update.size + 1
    body = re.sub(rb"/N %d 0 R" % appearance, b"/N %d 0 R" % drawing, _body(data, widget))
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
        rows += bytes([kind]) + first.to_bytes(4, "big") + second.to_bytes(2, "big")
    update.out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [0 0] /Root %s R /Prev %d"
        % (section, section + 1, update.root, update.prev)
        + b" /Length %d >>\nstream\n" % len(rows)
        + rows
        + b"\nendstream\nendobj\n"
    )
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
