"""Notes on the page that viewers draw each their own way, and marks drawn over the page.

Session 26 (after review rev27): a typed note drawn at opacity ``/CA 0`` (or blended
away in its appearance) is drawn by PDFium, poppler, MuPDF and pdf.js and not by
Acrobat: a release read ``valid`` that Acrobat shows unsigned. Such notes are
``viewers-disagree``, named and quoted; a note whose rich text says other words than it
holds is for a person. Ticks drawn with a pen tool (Ink) or a stamp's check mark over a
consent box read as the page shows them, as a typed "X" does.
"""

from __future__ import annotations

import dataclasses
import io
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from pubrelease import Consent, Record, Status, fill, parse
from pubrelease.demo import SEED_RELEASES

from . import typednotes as T

Edit = Callable[[PdfWriter, DictionaryObject], None]
SIDES = pytest.mark.parametrize("incremental", [False, True], ids=["saved-whole", "as-an-update"])


def codes(record: Record) -> list[str]:
    return [f.code for f in record.findings]


def _typed(edit: Edit, *, incremental: bool) -> bytes:
    """Han's release issued unfinished, his signature and date typed over it and an "X"
    over Accept (:func:`.typednotes.typed`), the signature's note changed by ``edit``."""
    reader = PdfReader(io.BytesIO(fill(T.UNSIGNED)))
    writer = PdfWriter(reader, incremental=True) if incremental else PdfWriter(clone_from=reader)
    page, rect = T.over("signature")
    edit(writer, T.note(writer, page, rect, T.SIGNATURE))
    page, rect = T.over("sign_date")
    T.note(writer, page, rect, T.DATE)
    page, rect = T.over("consent", "Accept")
    T.note(writer, page, rect, "X", size=10)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _opacity(value: float) -> Edit:
    def edit(writer: PdfWriter, annot: DictionaryObject) -> None:
        annot[NameObject("/CA")] = FloatObject(value)

    return edit


def _blended(mode: str) -> Edit:
    """The note's appearance drawn in a graphics state blending with ``mode``."""

    def edit(writer: PdfWriter, annot: DictionaryObject) -> None:
        ap = annot["/AP"]["/N"].get_object()  # type: ignore[index]
        state = DictionaryObject({NameObject("/BM"): NameObject(mode)})
        ap["/Resources"][NameObject("/ExtGState")] = DictionaryObject({NameObject("/G0"): state})
        ap.set_data(b"/G0 gs " + ap.get_data())

    return edit


def _disagreeing(record: Record, words: str) -> None:
    assert record.status is not Status.VALID, record.findings
    assert any(
        f.code == "viewers-disagree" and repr(words) in f.message for f in record.findings
    ), record.findings


@SIDES
@pytest.mark.parametrize("opacity", [0, 0.02])
def test_a_note_acrobat_draws_at_no_opacity_is_not_valid(opacity: float, incremental: bool) -> None:
    """PDFium, poppler and MuPDF draw the note as without ``/CA`` (measured), Acrobat not
    at all: the release it shows is unsigned. At an opacity every viewer shows, it reads
    as typed."""
    _disagreeing(parse(_typed(_opacity(opacity), incremental=incremental)), T.SIGNATURE)
    shown = parse(_typed(_opacity(0.9), incremental=incremental))
    assert shown.status is Status.VALID, shown.findings


def _line_after_header(data: bytes) -> bytes:
    """``data`` with a comment line added after its header: every offset of its
    cross-reference table a line off, which pypdf and every viewer repair."""
    end = data.index(b"\n", data.index(b"%PDF-")) + 1
    return data[:end] + b"%\n" + data[end:]


REV27 = Path(__file__).parent / "data" / "attacks-rev27"


@pytest.mark.parametrize(
    "made",
    [
        lambda: _typed(_opacity(0), incremental=False),
        lambda: (REV27 / "t6-notes-ap-state-dict-no-as-resaved.pdf").read_bytes(),
    ],
    ids=["ca-0", "rev27-t6-no-state-chosen"],
)
def test_notes_viewers_draw_unlike_in_a_file_the_fast_reader_refuses(
    made: Callable[[], bytes],
) -> None:
    """A line added after the header: the fast reader cannot vouch for the file, pypdf
    reads it, and the checks of what viewers draw each their own way were skipped."""
    record = parse(_line_after_header(made()))
    assert record.status is not Status.VALID, record.findings
    assert "viewers-disagree" in codes(record)


@SIDES
@pytest.mark.parametrize("mode", ["/Lighten", "/Screen"])
def test_a_note_blended_away_in_its_appearance_is_not_valid(mode: str, incremental: bool) -> None:
    """Black text blended Lighten or Screen onto white: PDFium and MuPDF draw nothing,
    poppler the text (measured), PDFium's flattening the text (read ``valid``)."""
    _disagreeing(parse(_typed(_blended(mode), incremental=incremental)), T.SIGNATURE)
    shown = parse(_typed(_blended("/Multiply"), incremental=incremental))
    assert shown.status is Status.VALID, shown.findings


@SIDES
@pytest.mark.parametrize("flag", [1, 32], ids=["Invisible", "NoView"])
def test_a_note_flagged_for_some_viewers_is_named(flag: int, incremental: bool) -> None:
    """Invisible (MuPDF leaves the note out, PDFium and poppler draw it: measured) and
    NoView (printed, not shown): the finding names the note and quotes it."""

    def edit(writer: PdfWriter, annot: DictionaryObject) -> None:
        annot[NameObject("/F")] = NumberObject(4 | flag)

    _disagreeing(parse(_typed(edit, incremental=incremental)), T.SIGNATURE)


def _mupdf(data: bytes, edit: Callable[[pymupdf.Document], None], incremental: bool) -> bytes:
    """``data`` changed by ``edit`` with PyMuPDF, saved as an update or whole."""
    if not incremental:
        doc = pymupdf.open(stream=data, filetype="pdf")
        edit(doc)
        return doc.tobytes(garbage=1, deflate=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.pdf"
        path.write_bytes(data)
        doc = pymupdf.open(path)
        edit(doc)
        doc.saveIncr()
        doc.close()
        return path.read_bytes()


def _mu_rect(doc: pymupdf.Document, field: str, state: str | None = None) -> pymupdf.Rect:
    page, (left, bottom, right, top) = T.box_of(field, state)
    height = doc[page].rect.height
    return pymupdf.Rect(left + 1, height - top - 1, right, height - bottom + 1)


@SIDES
def test_a_square_saying_no_at_no_opacity_is_named(incremental: bool) -> None:
    """A rectangle annotation (PyMuPDF ``add_rect_annot``) holding "I do not agree to
    publication" at ``/CA 0`` in the margin of a signed release: named and quoted."""

    def edit(doc: pymupdf.Document) -> None:
        annot = doc[1].add_rect_annot(pymupdf.Rect(300, 60, 560, 90))
        annot.set_info(content="I do not agree to publication")
        annot.set_opacity(0)
        annot.update()

    signed = SEED_RELEASES[0]
    record = parse(_mupdf(fill(signed), edit, incremental))
    _disagreeing(record, "I do not agree to publication")


@SIDES
def test_a_note_whose_rich_text_says_otherwise_is_for_a_person(incremental: bool) -> None:
    """PyMuPDF notes typed over the page, the signature's ``/RC`` saying "I do not
    agree" (what Acrobat lays the note out from when it is edited): incomplete, quoted."""

    def edit(doc: pymupdf.Document) -> None:
        for field, text in (("signature", T.SIGNATURE), ("sign_date", T.DATE)):
            page = T.box_of(field)[0]
            annot = doc[page].add_freetext_annot(
                _mu_rect(doc, field), text, fontsize=9, fontname="helv"
            )
            if field == "signature":
                rich = '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml">'
                rich += "<p>I do <span>not</span> agree</p></body>"
                doc.xref_set_key(annot.xref, "RC", pymupdf.get_pdf_str(rich))
        page = T.box_of("consent", "Accept")[0]
        doc[page].add_freetext_annot(_mu_rect(doc, "consent", "Accept"), "X", fontsize=10)

    record = parse(_mupdf(fill(T.UNSIGNED), edit, incremental))
    assert record.status is Status.INCOMPLETE, record.findings
    assert any(
        f.code == "shown-text-unchecked" and "'I do not agree'" in f.message
        for f in record.findings
    ), record.findings


# -- ticks drawn with a pen tool or stamped over a consent box --------------------------

SIGNED = dataclasses.replace(
    T.UNSIGNED, signature=T.SIGNATURE, sign_date=SEED_RELEASES[0].sign_date
)
"""Han's release, signed and dated in its fields, no box ticked."""


def _pen(state: str, stroke: str) -> Callable[[pymupdf.Document], None]:
    """A cross or a check drawn over the ``state`` box with PyMuPDF's ``add_ink_annot``
    (a tablet's pen tool: two strokes, or one of three points), overshooting the box."""

    def edit(doc: pymupdf.Document) -> None:
        page, (left, bottom, right, top) = T.box_of("consent", state)
        height = doc[page].rect.height
        x0, x1, y0, y1 = left - 0.5, right + 0.5, height - top - 0.5, height - bottom + 0.5
        if stroke == "cross":
            strokes = [[(x0, y0), (x1, y1)], [(x0, y1), (x1, y0)]]
        else:
            w, h = x1 - x0, y1 - y0
            strokes = [[(x0 + 0.15 * w, y0 + 0.5 * h), (x0 + 0.4 * w, y1), (x1, y0)]]
        annot = doc[page].add_ink_annot(strokes)
        annot.set_border(width=1.2)
        annot.set_colors(stroke=(0, 0, 0))
        annot.update()

    return edit


def _stamped(data: bytes, state: str, *, incremental: bool) -> bytes:
    """A ``/Stamp`` annotation whose appearance is a check mark (a path) over the
    ``state`` box, written with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(reader, incremental=True) if incremental else PdfWriter(clone_from=reader)
    page, (left, bottom, right, top) = T.box_of("consent", state)
    width, height = right - left + 2, top - bottom + 2
    ap = DecodedStreamObject()
    points = [(0.15, 0.5), (0.4, 0.15), (0.9, 0.9)]
    path = " ".join(
        f"{x * width:.2f} {y * height:.2f} {op}" for (x, y), op in zip(points, "mll", strict=True)
    )
    ap.set_data(f"q 0 0 0 RG 1.6 w 1 J 1 j {path} S Q".encode())
    ap.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, width, height)]),
            NameObject("/Resources"): DictionaryObject(),
        }
    )
    rect = (left - 1, bottom - 1, right + 1, top + 1)
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Name"): NameObject("/Check"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/F"): NumberObject(4),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(ap)}),
        }
    )
    writer.add_annotation(page_number=page, annotation=annot)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _ticked_valid(record: Record) -> None:
    assert record.status is Status.VALID, record.findings
    assert record.consent is Consent.ACCEPT
    assert "typed-on-page" in codes(record)


def _contradicted(record: Record) -> None:
    assert record.status is Status.INVALID, record.findings
    assert "value-disagreement" in codes(record)


@SIDES
@pytest.mark.parametrize("stroke", ["cross", "check"])
def test_a_tick_drawn_with_a_pen_tool_reads_as_the_page_shows(
    stroke: str, incremental: bool
) -> None:
    """PDFium, poppler and MuPDF draw the pen's strokes in the Accept box (measured). The
    same pen over Decline of an accepted release stays a contradiction."""
    _ticked_valid(parse(_mupdf(fill(SIGNED), _pen("Accept", stroke), incremental)))
    accepted = fill(dataclasses.replace(SIGNED, consent=Consent.ACCEPT))
    _contradicted(parse(_mupdf(accepted, _pen("Decline", stroke), incremental)))


@SIDES
def test_a_stamped_check_mark_reads_as_the_page_shows(incremental: bool) -> None:
    """A check-mark stamp over Accept ticks it; over Decline of an accepted release it
    contradicts it; a stamp across the box saying "APPROVED" ticks nothing."""
    _ticked_valid(parse(_stamped(fill(SIGNED), "Accept", incremental=incremental)))
    accepted = fill(dataclasses.replace(SIGNED, consent=Consent.ACCEPT))
    _contradicted(parse(_stamped(accepted, "Decline", incremental=incremental)))

    def approved(doc: pymupdf.Document) -> None:
        page = T.box_of("consent", "Accept")[0]
        rect = _mu_rect(doc, "consent", "Accept")
        doc[page].add_stamp_annot(rect, stamp=pymupdf.STAMP_Approved).update()

    record = parse(_mupdf(fill(SIGNED), approved, incremental))
    assert record.status is not Status.VALID, record.findings


# -- a value typed a little high: its baseline just under its box's top -----------------


def _typed_high(rise: float, *, incremental: bool) -> bytes:
    """Han's signature and date typed as notes (:func:`.typednotes.note`, 9 pt) ``rise``
    points higher than a text tool puts them (their baseline 10.8 - ``rise`` points under
    their boxes' top), and an "X" over Accept."""
    reader = PdfReader(io.BytesIO(fill(T.UNSIGNED)))
    writer = PdfWriter(reader, incremental=True) if incremental else PdfWriter(clone_from=reader)
    for field, text in (("signature", T.SIGNATURE), ("sign_date", T.DATE)):
        page, (left, bottom, right, top) = T.over(field)
        T.note(writer, page, (left, bottom + rise, right, top + rise), text)
    page, rect = T.over("consent", "Accept")
    T.note(writer, page, rect, "X", size=10)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@SIDES
@pytest.mark.parametrize("rise", [8, 9], ids=["baseline-2.8pt-under-top", "1.8pt"])
def test_notes_typed_a_little_high_read_as_their_boxes_values(
    rise: float, incremental: bool
) -> None:
    """The notes' middles are above their boxes: the page's text read each with the line
    of wording above it ('☐ Decline Bohyung Han Signature:'). A note typed higher still,
    its baseline on the box's top line, stays read with the wording."""
    record = parse(_typed_high(rise, incremental=incremental))
    assert record.status is Status.VALID, record.findings
    assert (record.signature, record.sign_date) == (T.SIGNATURE, SEED_RELEASES[0].sign_date)
    assert "typed-on-page" in codes(record)
    assert parse(_typed_high(10, incremental=incremental)).status is not Status.VALID


@pytest.mark.parametrize("rise", [10, 11], ids=["baseline-3pt-under-top", "2pt"])
@pytest.mark.parametrize("field", ["signature", "sign_date"])
def test_a_value_baked_a_little_high_is_the_boxs_value(field: str, rise: float) -> None:
    """Baked 10 pt values (:func:`.typednotes.baked`) with their baseline 3 or 2 pt under
    their 13 pt box's top: read with the wording above, their letters' tops 4 to 5.4 pt
    above the box ``page-differs``. The same 1 pt under the top stays not valid."""
    text = T.SIGNATURE if field == "signature" else T.DATE
    record = parse(T.baked(text, field, rise=rise))
    assert record.status is Status.VALID, record.findings
    assert (record.signature, record.sign_date) == (T.SIGNATURE, SEED_RELEASES[0].sign_date)
    assert parse(T.baked(text, field, rise=12)).status is not Status.VALID


# -- a signature drawn with a pen tool -------------------------------------------------

UNSIGNED_DATED = dataclasses.replace(
    T.UNSIGNED, consent=Consent.ACCEPT, sign_date=SEED_RELEASES[0].sign_date
)
"""Han's release accepted and dated in its fields, its signature left to be drawn."""


def _signed_with_a_pen(field: str, subtype: str = "Ink") -> Callable[[pymupdf.Document], None]:
    """A signature-like squiggle over ``field``'s box, drawn with PyMuPDF's
    ``add_ink_annot`` (Acrobat's Draw tool, a tablet's pen) or, as a picture of it,
    ``add_stamp_annot``; a little taller than the box, as a hand's is."""

    def edit(doc: pymupdf.Document) -> None:
        page, (left, bottom, _, top) = T.box_of(field)
        height = doc[page].rect.height
        middle = height - (bottom + top) / 2
        points = [
            (left + 4 + 2 * i, middle + 5 * math.sin(i / 3) + (2 if i % 7 == 0 else 0))
            for i in range(50)
        ]
        if subtype == "Ink":
            annot = doc[page].add_ink_annot([points])
            annot.set_border(width=1)
            annot.set_colors(stroke=(0, 0, 0.5))
        else:
            box = pymupdf.Rect(left + 2, middle - 8, left + 110, middle + 8)
            annot = doc[page].add_stamp_annot(box, stamp=0)
        annot.update()

    return edit


@SIDES
def test_a_signature_drawn_with_a_pen_tool_signs(incremental: bool) -> None:
    """rev28 #12: an Ink annotation in the speaker's signature box, added as an update,
    read ``modified-after-issue`` (invalid) where the same saved whole read signed."""
    record = parse(_mupdf(fill(UNSIGNED_DATED), _signed_with_a_pen("signature"), incremental))
    assert record.status is Status.VALID, record.findings
    assert record.signed


@pytest.mark.parametrize(
    ("field", "subtype"),
    [("speaker_name", "Ink"), ("countersigner_signature", "Ink"), ("signature", "Stamp")],
)
def test_other_marks_added_over_boxes_stay_changes(field: str, subtype: str) -> None:
    """Pen strokes over the speaker's name or the conference's signature, and a stamp
    (a picture, which may show words) over the signature: changes after issue."""
    data = _mupdf(fill(UNSIGNED_DATED), _signed_with_a_pen(field, subtype), True)
    record = parse(data)
    assert record.status is not Status.VALID, record.findings


_LETTERS = {  # pen strokes of block capitals in a unit box (y up)
    "N": [[(0, 0), (0, 1), (1, 0), (1, 1)]],
    "O": [[(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]],
    "V": [[(0, 1), (0.5, 0), (1, 1)]],
    "I": [[(0.5, 0), (0.5, 1)]],
    "D": [[(0, 0), (0, 1), (0.6, 1), (1, 0.7), (1, 0.3), (0.6, 0), (0, 0)]],
}


def _written_with_a_pen(word: str, x: float) -> Callable[[pymupdf.Document], None]:
    """``word`` written in block capitals with a pen tool in the signature box, from ``x``
    points right of its left edge (PyMuPDF ``add_ink_annot``)."""

    def edit(doc: pymupdf.Document) -> None:
        page, (left, bottom, _, _) = T.box_of("signature")
        height = doc[page].rect.height
        strokes, at = [], left + x
        for letter in word:
            for stroke in _LETTERS[letter]:
                strokes.append([(at + 7 * a, height - (bottom + 1.5 + 10 * b)) for a, b in stroke])
            at += 10
        annot = doc[page].add_ink_annot(strokes)
        annot.set_border(width=1.3)
        annot.set_colors(stroke=(0, 0, 0.5))
        annot.update()

    return edit


@SIDES
@pytest.mark.parametrize(("word", "release"), [("NO", "unsigned"), ("VOID", "typed")])
def test_words_written_with_a_pen_in_the_signature_box_are_for_a_person(
    word: str, release: str, incremental: bool
) -> None:
    """review rev29: "NO" written with a pen tool as the signature, or "VOID" beside the
    typed one, read ``valid`` (any ink in the box signs): OCR reads the ink, and a refusal
    leaves the return to a person, quoted."""
    issued = UNSIGNED_DATED if release == "unsigned" else SIGNED_ACCEPTED
    record = parse(_mupdf(fill(issued), _written_with_a_pen(word, 90), incremental))
    assert record.status is Status.INCOMPLETE, record.findings
    assert any(f.code == "shown-text-unchecked" and word in f.message for f in record.findings), (
        record.findings
    )


SIGNED_ACCEPTED = dataclasses.replace(SIGNED, consent=Consent.ACCEPT)
"""Han's release accepted, signed and dated in its fields."""
