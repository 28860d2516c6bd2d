"""Clips that cut the printed name while its glyphs still read as drawn whole.

Returns a reviewer built against vouching (reading/vouching.py): the name's appearance
clips by the even-odd rule (W*) to the box less small holes, in a stream whose dictionary
says it is something else (a font program, metadata, XML), or by a bow tie (a rectangle's
corners visited in crossing order), or sets the clip outside the form XObject that draws
the name, or clips by text (render mode 7). PDFium cuts the glyphs in each; the file must
not vouch for them, so the box is read by OCR. Each builder is an ``attacks.Edit``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, PdfObject

from pubrelease.form.registry import load_form

from . import attacks as A

NAME = b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET"
"""The printed name drawn plainly in Helvetica (not embedded) at its box's baseline."""

HOLES = b"0 0 300 30 re 11.6 3.5 2.8 6.2 re 14.1 9.3 5.8 3 re 46.1 3.5 5.6 8 re"
"""The box less three small rectangles over the right of "o", the ascender of "h" and
"H" but its left stem: filled even-odd, PDFium shows "Bcnyung lan"."""

RECTANGLE = b"0 0 m 300 0 l 300 30 l 0 30 l h"
"""The box's four corners visited in turn: a rectangle (the control)."""

BOW_TIE = b"0 0 m 70 30 l 70 0 l 0 30 l h"
"""The same two x and two y values visited in crossing order: two triangles meeting in
the middle, which cut the name above its baseline."""

STREAM_KEYS: dict[str, tuple[dict[str, PdfObject], bool]] = {
    "/Length1 on the AP": ({"/Length1": NumberObject(5)}, False),
    "/Type /Metadata on the AP": ({"/Type": NameObject("/Metadata")}, False),
    "/Subtype /XML on the AP": ({"/Subtype": NameObject("/XML")}, False),
    "/Type /Metadata on a nested form": ({"/Type": NameObject("/Metadata")}, True),
}
"""Keys put on the stream that clips (and whether it is a form the appearance calls):
each says the stream is not drawn content (a font program, metadata, XML), yet PDFium
draws it as a form by its /Subtype /Form, whatever /Type or /Length1 say."""


def clipped_name(clip: bytes, rule: bytes = b"W") -> bytes:
    """The name drawn under the clip path ``clip`` set by ``rule`` (``W`` or ``W*``)."""
    return b"q " + clip + b" " + rule + b" n " + NAME + b" Q"


def redraw_marked(field: str, content: bytes, keys: dict[str, PdfObject], nested: bool) -> A.Edit:
    """Every widget of ``field`` given a normal appearance drawing ``content``, in a stream
    that also carries ``keys``; with ``nested``, that stream is a form the appearance
    calls (``/Fx Do``)."""

    def edit(writer: PdfWriter) -> None:
        for rect, annot in _widgets(writer, field):
            inner = A._stream(writer, content, rect)
            marked = inner.get_object()  # type: ignore[attr-defined]
            for key, value in keys.items():
                marked[NameObject(key)] = value
            normal = _calling(writer, inner, rect) if nested else inner
            annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): normal})

    return edit


def clip_outside(outer: bytes, inner: bytes = NAME) -> A.Edit:
    """Every widget of the printed name given an appearance running ``outer`` (which
    sets a clip and calls ``/Fx Do``) around a form ``/Fx`` that draws ``inner``."""

    def edit(writer: PdfWriter) -> None:
        for rect, annot in _widgets(writer, "speaker_name"):
            form = A._stream(writer, inner, rect)
            normal = _calling(writer, form, rect, outer)
            annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): normal})

    return edit


OUTSIDE_CLIPS: dict[str, A.Edit] = {
    "W* holes set outside the form drawing the name": clip_outside(
        b"q " + HOLES + b" W* n /Fx Do Q"
    ),
    "W (one rect cutting tops) outside the form": clip_outside(b"q 0 0 300 9 re W n /Fx Do Q"),
    "text clip (7 Tr) over the name": A._redraw(
        "speaker_name",
        b"BT /Helv 10 Tf 7 Tr 2 4 Td (Bohyung) Tj ET " + NAME.replace(b"0 g", b"0 g 0 Tr"),
    ),
}
"""Clips PDFium does not report with the name's text objects: one set around the Do of
the form that draws the name (even-odd holes, or a rectangle cutting the tops), and text
that adds itself to the clip (render mode 7) before the name is drawn."""


def name_box(data: bytes) -> npt.NDArray[np.uint8]:
    """The printed name's box on its page as PDFium draws ``data`` (grey, 144 dpi)."""
    form = load_form()
    widget = form.fields["speaker_name"].widgets[0]
    index = [p.number for p in form.pages].index(widget.page)
    x0, y0, x1, y1 = widget.box.rect
    doc = pdfium.PdfDocument(data)
    doc.init_forms()
    try:
        page = doc[index]
        height = page.get_height()
        image = np.asarray(page.render(scale=2, may_draw_forms=True).to_pil().convert("L"))
        return image[int((height - y1) * 2) : int((height - y0) * 2), int(x0 * 2) : int(x1 * 2)]
    finally:
        doc.close()


def dark_pixels(data: bytes) -> int:
    """How many pixels of the name's box PDFium draws dark."""
    return int((name_box(data) < 128).sum())


def drawn_otherwise(data: bytes, honest: bytes) -> bool:
    """Whether PDFium draws the name's box plainly otherwise in ``data`` than in ``honest``
    (more than 50 pixels differing by more than a quarter of the grey scale)."""
    diff = np.abs(name_box(data).astype(int) - name_box(honest).astype(int))
    return int((diff > 64).sum()) > 50


def _widgets(
    writer: PdfWriter, field: str
) -> list[tuple[tuple[float, float, float, float], DictionaryObject]]:
    """(box of the appearance, widget) of each widget of ``field``."""
    found = []
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if (annot.get("/T") or annot.get("/Parent", {}).get("/T")) == field:
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                found.append(((0.0, 0.0, x1 - x0, y1 - y0), annot))
    return found


def _calling(
    writer: PdfWriter,
    form: object,
    rect: tuple[float, float, float, float],
    content: bytes = b"/Fx Do",
) -> object:
    """A new form drawing ``content``, with ``form`` among its resources as ``/Fx``."""
    outer = A._stream(writer, content, rect)
    resources = outer.get_object()["/Resources"]  # type: ignore[attr-defined]
    resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Fx"): form})
    return outer
