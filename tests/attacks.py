"""Returns an attacker would make from the project's own release, built with the real tools.

Each attack is an edit of a filled release, applied with pypdf either as an incremental
update (the file keeps its history) or rewritten whole: the edited file re-saved by
pikepdf (qpdf), as Preview, Chrome, qpdf or pdftk would, so that no revision history is
left to compare. New ink is typeset with reportlab. Every attack changes what a viewer
shows while the fields and the text layer still read as an honest acceptance.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Collection
from enum import Enum

import pikepdf
import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pubrelease import Release, fill
from pubrelease.form.registry import load_form

from .helpers import form_xobject, helvetica
from .whiteletters import whiten

TODAY = dt.date(2026, 11, 24)
RELEASE = Release.create(
    speaker_name="Bohyung Han",
    event_title="Learning to Rank Proposals for Object Detection",
    event_date="2020-07-13",
    effective_date="2020-07-01",
    consent="accept",
    signature="Bohyung Han",
    sign_date="2020-07-02",
    countersigner_name="David Blei",
    countersign_date="2020-07-03",
)


class Save(Enum):
    INCREMENTAL = "incremental"
    """pypdf appends the edit as an update: the issued revision stays in the file."""
    RESAVED = "resaved"
    """The edited file rewritten whole by pikepdf (qpdf): no history to compare."""


Edit = Callable[[PdfWriter], None]


def issued(*, flatten: bool = False) -> bytes:
    return fill(RELEASE, flatten=flatten, today=dt.date(2020, 7, 1))


def apply(data: bytes, edit: Edit, save: Save) -> bytes:
    """``data`` with ``edit`` made, saved as ``save`` says."""
    if save is Save.INCREMENTAL:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    else:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    if save is Save.INCREMENTAL:
        return out.getvalue()
    return resave(out.getvalue())


def resave(data: bytes, **options: bool) -> bytes:
    """``data`` rewritten whole by qpdf (through pikepdf)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, **options)  # type: ignore[arg-type]
        return out.getvalue()


# -------------------------------------------------------------------------------- helpers


def _widget_rect(field: str, state: str | None = None) -> tuple[float, float, float, float]:
    plan = load_form().fields[field]
    for widget in plan.widgets:
        if state is None or widget.box.state == state:
            return widget.box.rect
    raise KeyError(state)


def _page_of(field: str) -> int:
    form = load_form()
    number = form.fields[field].widgets[0].page
    return [p.number for p in form.pages].index(number)


def _word_box(data: bytes, page: int, word: str) -> tuple[float, float, float, float]:
    doc = pdfium.PdfDocument(data)
    try:
        textpage = doc[page].get_textpage()
        found = textpage.search(word, match_case=True, match_whole_word=True).get_next()
        assert found is not None, word
        first = textpage.get_charbox(found[0])
        last = textpage.get_charbox(found[0] + found[1] - 1)
        return first[0], min(first[1], last[1]), last[2], max(first[3], last[3])
    finally:
        doc.close()


def _overlay(draw: Callable[[canvas.Canvas], None]) -> PdfReader:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _draw_on(page: int, draw: Callable[[canvas.Canvas], None]) -> Edit:
    def edit(writer: PdfWriter) -> None:
        writer.pages[page].merge_page(_overlay(draw).pages[0])

    return edit


def _stream(writer: PdfWriter, content: bytes, bbox: tuple[float, float, float, float]) -> object:
    fonts = DictionaryObject({NameObject("/Helv"): helvetica()})
    return form_xobject(writer, content, bbox, DictionaryObject({NameObject("/Font"): fonts}))


def redraw_widgets(
    writer: PdfWriter,
    fields: Collection[str],
    content: Callable[[tuple[float, float, float, float]], bytes],
    resources: object,
    *,
    on_page: bool = False,
) -> None:
    """Each widget of ``fields`` given a new normal appearance: ``content(rect)`` (the
    widget's /Rect) with ``resources``; its /BBox at the origin, or the /Rect itself
    (``on_page``: the form's space is then the page's)."""
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if (annot.get("/T") or annot.get("/Parent", {}).get("/T")) not in fields:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            rect = (x0, y0, x1, y1)
            stream = StreamObject()
            stream.set_data(content(rect))
            stream.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        FloatObject(v) for v in (rect if on_page else (0, 0, x1 - x0, y1 - y0))
                    ),
                    NameObject("/Resources"): resources,
                }
            )
            annot[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): writer._add_object(stream)}
            )


def _annotation(
    writer: PdfWriter,
    page: int,
    subtype: str,
    rect: tuple[float, float, float, float],
    content: bytes,
    *,
    flags: int = 4,
) -> None:
    x0, y0, x1, y1 = rect
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in rect),
            NameObject("/F"): NumberObject(flags),
            NameObject("/Contents"): TextStringObject(""),
            NameObject("/AP"): DictionaryObject(
                {NameObject("/N"): _stream(writer, content, (0, 0, x1 - x0, y1 - y0))}
            ),
        }
    )
    target = writer.pages[page]
    annots = target.get("/Annots")
    array = ArrayObject(annots.get_object() if annots is not None else [])
    array.append(writer._add_object(annot))
    target[NameObject("/Annots")] = array


def _edit_content(page: int, change: Callable[[str], str]) -> Edit:
    """Rewrite the text of page ``page``'s content (our template draws one BT..ET a line)."""

    def edit(writer: PdfWriter) -> None:
        target = writer.pages[page]
        text = target.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        stream = StreamObject()
        stream.set_data(change(text).encode("latin-1"))
        target[NameObject("/Contents")] = writer._add_object(stream)

    return edit


def _lines_of_clause(text: str, number: int) -> tuple[int, int]:
    """Character span of clause ``number``'s lines in our template's page content."""
    start = text.index(f"({number}.) Tj ET")
    start = text.rindex("BT", 0, start)
    end = text.find(f"({number + 1}.) Tj ET", start)
    end = text.rindex("BT", 0, end) if end != -1 else len(text)
    return start, end


# -------------------------------------------------------------------------------- the attacks


def cover_accept_mark_decline(writer: PdfWriter) -> None:
    """A white Square annotation hides the ticked Accept box; an X is drawn on Decline."""
    page = _page_of("consent")
    accept = _widget_rect("consent", "Accept")
    decline = _widget_rect("consent", "Decline")
    w, h = accept[2] - accept[0] + 4, accept[3] - accept[1] + 4
    padded = (accept[0] - 2, accept[1] - 2, accept[2] + 2, accept[3] + 2)
    _annotation(writer, page, "/Square", padded, f"1 g 0 0 {w} {h} re f".encode())
    w, h = decline[2] - decline[0], decline[3] - decline[1]
    cross = f"0 G 1.2 w 1 1 m {w - 1} {h - 1} l S 1 {h - 1} m {w - 1} 1 l S".encode()
    _annotation(writer, page, "/Ink", decline, cross)


def declined_stamp(writer: PdfWriter) -> None:
    """A red "DECLINED – NOT FOR PUBLICATION" stamp across the signature block."""
    content = b"1 0 0 rg BT /Helv 22 Tf 4 8 Td (DECLINED \x96 NOT FOR PUBLICATION) Tj ET"
    _annotation(writer, _page_of("signature"), "/Stamp", (90, 560, 520, 600), content)


def clause4_off_layer(writer: PdfWriter) -> None:
    """Clause 4 moved into an optional-content layer that is off."""
    layer = writer._add_object(
        DictionaryObject(
            {NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("x")}
        )
    )
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([layer])}),
        }
    )

    def change(text: str) -> str:
        start, end = _lines_of_clause(text, 4)
        return text[:start] + "/OC /Hide BDC\n" + text[start:end] + "EMC\n" + text[end:]

    _edit_content(0, change)(writer)
    resources = writer.pages[0]["/Resources"].get_object()
    resources[NameObject("/Properties")] = DictionaryObject({NameObject("/Hide"): layer})


def clause4_white_rect(writer: PdfWriter) -> None:
    """A white rectangle drawn over clause 4."""
    _draw_on(0, lambda c: (c.setFillColorRGB(1, 1, 1), c.rect(70, 300, 480, 70, 0, 1)))(writer)


def clause2_not_whited_out(data: bytes) -> Edit:
    """The word "not" of clause 2 ("I will not authorize...") painted over in white."""
    left, bottom, right, top = _word_box(data, 0, "not")

    def draw(c: canvas.Canvas) -> None:
        c.setFillColorRGB(1, 1, 1)
        c.rect(left - 0.5, bottom - 1, right - left + 1, top - bottom + 2, 0, 1)

    return _draw_on(0, draw)


def clause1_invisible_original(writer: PdfWriter) -> None:
    """Clause 1 drawn in render mode 3 (invisible) with reworded lines shown over it."""

    def change(text: str) -> str:
        start, end = _lines_of_clause(text, 1)
        body = text[start:end].replace(" Tf 0 g ", " Tf 0 g 3 Tr ") + "0 Tr\n"
        return text[:start] + body + text[end:]

    _edit_content(0, change)(writer)
    _draw_on(
        0,
        lambda c: (
            c.setFont("Helvetica", 10),
            c.drawString(90, 531, "grant to ICML nothing at all; this release is withdrawn."),
        ),
    )(writer)


def print_only_decline(writer: PdfWriter) -> None:
    """An X on the Decline box that prints but does not show on screen (no-view annotation
    is drawn by some viewers; this one uses an optional-content layer off for view, on for
    print), and a screen-only stamp that does not print."""
    page = _page_of("consent")
    decline = _widget_rect("consent", "Decline")
    w, h = decline[2] - decline[0], decline[3] - decline[1]
    cross = f"0 G 1.2 w 1 1 m {w - 1} {h - 1} l S 1 {h - 1} m {w - 1} 1 l S".encode()
    _annotation(writer, page, "/Ink", decline, cross, flags=4 | 32)  # Print | NoView
    _annotation(writer, page, "/Stamp", (90, 300, 400, 330), b"0 g 0 0 100 10 re f", flags=0)


def preamble_page(writer: PdfWriter) -> None:
    """A page before page 1: "PREAMBLE: the release that follows is void"."""
    overlay = _overlay(
        lambda c: (
            c.setFont("Helvetica", 12),
            c.drawString(72, 700, "PREAMBLE: the release that follows is void."),
        )
    )
    writer.insert_page(overlay.pages[0], 0)


def void_line(writer: PdfWriter) -> None:
    """ "VOID – THE SPEAKER DOES NOT AGREE" above the heading."""
    _draw_on(
        0,
        lambda c: (
            c.setFont("Helvetica-Bold", 9),
            c.drawString(72, 750, "VOID \u2013 THE SPEAKER DOES NOT AGREE"),
        ),
    )(writer)


def outlined_terms_page(writer: PdfWriter) -> None:
    """A third page of terms drawn as outlines (glyph shapes as paths, no text layer)."""

    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 12)
        path = c.beginPath()
        for row in range(6):
            y = 700 - 20 * row
            for col in range(40):
                x = 72 + 11 * col
                path.rect(x, y, 7, 9)
        c.drawPath(path, fill=1, stroke=0)

    writer.add_page(_overlay(draw).pages[0])


def twenty_second_page(writer: PdfWriter) -> None:
    """Twenty more pages, the last reading "ADDENDUM: consent is withdrawn"."""
    for number in range(20):
        words = "ADDENDUM: consent is withdrawn." if number == 19 else f"Blank page {number}."
        overlay = _overlay(
            lambda c, words=words: (c.setFont("Helvetica", 12), c.drawString(72, 700, words))
        )
        writer.add_page(overlay.pages[0])


def _redraw(field: str, content: bytes, state: str | None = None) -> Edit:
    """Every widget of ``field`` (the one in ``state``) given a new normal appearance."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
                if name != field:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                stream = _stream(writer, content, (0, 0, x1 - x0, y1 - y0))
                if state is None:
                    annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): stream})
                    continue
                normal = annot["/AP"]["/N"].get_object()
                if NameObject(f"/{state}") in normal:
                    normal[NameObject(f"/{state}")] = stream

    return edit


def _text_appearance(shown: str, hidden: str) -> bytes:
    return (
        f"/Tx BMC BT /Helv 10 Tf 3 Tr 2 4 Td ({hidden}) Tj ET "
        f"BT /Helv 10 Tf 0 Tr 0 g 2 4 Td ({shown}) Tj ET EMC"
    ).encode("latin-1")


def redraw_name(writer: PdfWriter) -> None:
    """The printed name redrawn "Mallory Impostor", the original kept as invisible text."""
    _redraw("speaker_name", _text_appearance("Mallory Impostor", "Bohyung Han"))(writer)


def redraw_signature(writer: PdfWriter) -> None:
    """The signature redrawn "I DO NOT AGREE", the original kept as invisible text."""
    _redraw("signature", _text_appearance("I DO NOT AGREE", "Bohyung Han"))(writer)


def redraw_boxes(writer: PdfWriter) -> None:
    """The Accept box's checked appearance redrawn empty (/V and /AS still Accept)."""
    _redraw("consent", b"0 G 0.5 w 0.5 0.5 9 9 re S", state="Accept")(writer)


ATTACKS: dict[str, Callable[[bytes], Edit]] = {
    "cover-accept-mark-decline": lambda d: cover_accept_mark_decline,
    "declined-stamp": lambda d: declined_stamp,
    "clause4-off-layer": lambda d: clause4_off_layer,
    "clause4-white-rect": lambda d: clause4_white_rect,
    "clause2-not-whited-out": clause2_not_whited_out,
    "clause1-invisible-original": lambda d: clause1_invisible_original,
    "print-only-decline": lambda d: print_only_decline,
    "preamble-page": lambda d: preamble_page,
    "void-line": lambda d: void_line,
    "outlined-terms-page": lambda d: outlined_terms_page,
    "twenty-second-page": lambda d: twenty_second_page,
    "redraw-name": lambda d: redraw_name,
    "redraw-signature": lambda d: redraw_signature,
    "redraw-boxes": lambda d: redraw_boxes,
    "white-descenders": lambda d: whiten("Bohyung Han", (3, 6)),
}
"""Name -> the edit, made from the issued file (some need to find words on it)."""


def attacked(name: str, save: Save, *, flatten: bool = False) -> bytes:
    data = issued(flatten=flatten)
    return apply(data, ATTACKS[name](data), save)
