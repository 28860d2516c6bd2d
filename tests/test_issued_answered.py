"""A release ``fill`` issued, answered by the speaker in another program: read from its
widgets, the conference's values from the appearances ``fill`` drew.

A speaker answers the release they were sent in Firefox (pdf.js), or a script answers it
with pypdf: the program draws the boxes it fills (the signature, the date, the consent)
and keeps what ``fill`` drew for the conference's values (name, title, dates), in the
subset of DejaVu Sans ``fill`` embeds, with the fields ``fill`` locked (``ReadOnly``).
Such a return is read from its widgets (:mod:`pubrelease.reading.provenfill`), each kept
drawing proved to be, by value, ``fill``'s for the values of the file's issuance record
(:mod:`pubrelease.reading.issueddrawings`), and reads as the general path reads it. A
drawing changed in any way leaves the return to the general path. Each as an incremental
update and saved again whole.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from pubrelease import Release
from pubrelease.record import Record, Status

from . import returns as R
from .helpers import pdfjs_saved, require_tool, widget_readings
from .test_pdfjs_fill import issued_to

TODAY = dt.date(2026, 12, 6)
ANSWER = {"signature": "Ada Lovelace", "sign_date": "Sep 23, 2020"}


def issued(name: str = "Ada Lovelace") -> bytes:
    """The release ``fill`` issues to ``name`` (:func:`tests.test_pdfjs_fill.issued_to`)."""
    return issued_to(name)


def pypdf_answered(
    data: bytes, *, incremental: bool = True, values: Mapping[str, str] | None = None
) -> bytes:
    """``data`` answered by pypdf: the speaker's fields and the consent (``values``, as
    :func:`tests.returns.field_values` gives them; :data:`ANSWER` and Accept by default),
    new appearances drawn by pypdf for them only; an incremental update, or the file
    written again whole."""
    answer = dict(values) if values is not None else {**ANSWER, "consent": "Accept"}
    fields = {k: answer[k] for k in ("signature", "sign_date") if k in answer}
    if "consent" in answer:
        fields["consent"] = f"/{answer['consent']}"
    if incremental:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    else:
        writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.update_page_form_field_values(None, fields, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def qpdf_resaved(data: bytes, folder: Path) -> bytes:
    source, out = folder / "in.pdf", folder / "out.pdf"
    source.write_bytes(data)
    command = [require_tool("qpdf"), "--warning-exit-0", str(source), str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def _both(data: bytes) -> tuple[Record, bool, Record]:
    return widget_readings(data, today=TODAY)


@pytest.mark.parametrize("incremental", [True, False])
@pytest.mark.parametrize("consent", ["Accept", "Decline"])
def test_an_answer_by_pypdf_is_read_from_its_widgets(incremental: bool, consent: str) -> None:
    record, taken, general = _both(
        pypdf_answered(issued(), incremental=incremental, values={**ANSWER, "consent": consent})
    )
    assert taken
    assert record == general
    expected = Status.VALID if consent == "Accept" else Status.DECLINED
    assert record.status is expected, record.findings
    assert record.speaker_name == "Ada Lovelace" and record.signature == "Ada Lovelace"
    assert record.event_title.startswith("Operation-Aware")


@pytest.mark.parametrize("name", ["Ada Lovelace", "Zoë Ångström-Núñez"])
def test_an_answer_in_firefox_is_read_from_its_widgets(name: str, tmp_path: Path) -> None:
    values = {"consent": "Accept", "signature": name, "sign_date": "Sep 23, 2020"}
    record, taken, general = _both(pdfjs_saved(issued(name), tmp_path, values))
    assert taken
    assert record == general
    assert record.status is Status.VALID and record.signature == name


@pytest.mark.parametrize("consent", ["Accept", "Decline"])
@pytest.mark.parametrize("name", ["Ada Lovelace", "Siobhán Ó Súilleabháin"])
def test_an_answer_by_pdfbox_is_read_from_its_widgets(
    name: str, consent: str, tmp_path: Path
) -> None:
    """A Java application's answer (PDFBox: the speaker's fields set, the whole file
    saved again)."""
    release = Release.create(
        speaker_name=name,
        event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
        event_date="2020-07-15",
        effective_date="2020-09-23",
        consent=consent.lower(),
        signature=name,
        sign_date="2020-09-23",
    )
    out = R.fill_pdfbox(
        release,
        tmp_path / "answered.pdf",
        issued=issued(name),
        only=("signature", "sign_date", "consent"),
    )
    record, taken, general = _both(out.read_bytes())
    assert taken
    assert record == general
    expected = Status.VALID if consent == "Accept" else Status.DECLINED
    assert record.status is expected, record.findings
    assert record.signature == name and record.sign_date == dt.date(2020, 9, 23)


def test_an_answer_saved_again_by_qpdf_is_read_from_its_widgets(tmp_path: Path) -> None:
    record, taken, general = _both(
        qpdf_resaved(pypdf_answered(issued(), incremental=True), tmp_path)
    )
    assert taken
    assert record == general
    assert record.status is Status.VALID


def _with_title_drawn(data: bytes, drawing: bytes, *, incremental: bool) -> bytes:
    """``data`` with the title's widget drawing ``drawing`` (content in the fonts of the
    appearance ``fill`` drew), everything else kept."""
    writer = (
        PdfWriter(io.BytesIO(data), incremental=True)
        if incremental
        else PdfWriter(clone_from=io.BytesIO(data))
    )
    for page in writer.pages:
        for ref in page.get("/Annots", ()):
            annot = ref.get_object()
            if annot.get("/T") == "event_title":
                old = annot["/AP"]["/N"].get_object()
                new = StreamObject()
                new.update({k: v for k, v in old.items() if k not in ("/Filter", "/Length")})
                new.set_data(drawing)
                annot[NameObject("/AP")] = DictionaryObject(
                    {NameObject("/N"): writer._add_object(new)}
                )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _title_content(data: bytes) -> bytes:
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page.get("/Annots", ()):
            annot = ref.get_object()
            if annot.get("/T") == "event_title":
                return bytes(annot["/AP"]["/N"].get_object().get_data())
    raise AssertionError("no title")


@pytest.mark.parametrize("incremental", [True, False])
def test_a_kept_drawing_changed_is_left_to_the_general_path(incremental: bool) -> None:
    """The title's drawing, in ``fill``'s own font, moved, with a glyph dropped or grey:
    not ``fill``'s drawing of the record's values."""
    answered = pypdf_answered(issued(), incremental=True)
    content = _title_content(answered)
    first = content.index(b"[<") + 2
    for changed in (
        content.replace(b" Tm\n", b" Tm\n1 0 Td\n", 1),  # (moved a point)
        content[:first] + content[first + 4 :],  # (its first glyph dropped)
        content.replace(b"BT 0 g", b"BT 0.6 g", 1),  # (grey)
    ):
        assert changed != content
        record, taken, general = _both(
            _with_title_drawn(answered, changed, incremental=incremental)
        )
        assert not taken
        assert record == general


def test_the_same_drawing_rewritten_is_read_from_its_widgets() -> None:
    """The title's drawing written again by pypdf, its bytes the same once decoded: the
    same drawing."""
    answered = pypdf_answered(issued(), incremental=True)
    record, taken, general = _both(
        _with_title_drawn(answered, _title_content(answered), incremental=True)
    )
    assert taken
    assert record == general


def test_a_name_whose_drawing_is_not_its_value_is_left_to_the_general_path() -> None:
    """The speaker's name changed in ``/V``, its drawing kept as ``fill`` drew the name it
    issued: the box shows one name, the field holds another."""
    data = pypdf_answered(issued(), incremental=True)
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    for page in writer.pages:
        for ref in page.get("/Annots", ()):
            annot = ref.get_object()
            parent = annot.get("/Parent")
            target = parent.get_object() if parent is not None else annot
            if target.get("/T") == "speaker_name":
                target[NameObject("/V")] = TextStringObject("Bob Builder")
    out = io.BytesIO()
    writer.write(out)
    record, taken, general = _both(out.getvalue())
    assert not taken
    assert record == general
    assert record.status is not Status.VALID


@pytest.mark.parametrize("program", ["pypdf", "pdfjs"])
def test_an_answer_baked_by_pymupdf_is_read_from_its_drawings(program: str, tmp_path: Path) -> None:
    """The answer flattened by PyMuPDF (``Document.bake()``): each widget's appearance
    drawn into its page by a matrix of floats (``1 0 0 .9999972 72 511.35 cm`` for a
    consent box): ``fill``'s drawings and the program's read from the page's drawings."""
    import pymupdf

    values = {**ANSWER, "consent": "Accept"}
    if program == "pypdf":
        answered = pypdf_answered(issued(), values=values)
    else:
        answered = pdfjs_saved(issued(), tmp_path, values)
    document = pymupdf.open(stream=answered)
    document.bake()
    record, taken, general = _both(document.tobytes())
    assert taken
    assert record == general
    assert record.status is Status.VALID and record.source.value == "flattened"


def test_a_word_fill_broke_unmarked_is_left_to_the_general_path(tmp_path: Path) -> None:
    """A release issued until 1 December 2026, whose title's one long word ``fill`` broke
    across two lines unmarked: the quick path reads such an untouched release whole, but
    the general path reads the break as a space; answered, saved again or baked, the file
    is left to the general path (the drawings' reading took the word whole and said
    ``valid`` where the general path says ``invalid``: review s58)."""
    import pymupdf

    from pubrelease import Release, fill, load_form
    from pubrelease.pdf.objects import Objects
    from pubrelease.reading.issued import issuance_record
    from pubrelease.reading.quickread import filled_as

    form = load_form()
    title = (
        "Pneumonoultramicroscopicsilicovolcanoconiosisandsupercalifragilistic"
        "expialidociousness of Networks"
    )
    now = fill(
        Release.create(
            speaker_name="Ada Lovelace",
            event_title=title,
            event_date="2020-07-15",
            effective_date="2020-09-23",
        )
    )
    record = issuance_record(Objects(now))
    assert record is not None
    before = filled_as(form, record, "before")
    assert before is not None and before != now
    answered = pypdf_answered(before)
    baked = pymupdf.open(stream=answered)
    baked.bake()
    for data in (answered, pypdf_answered(before, incremental=False), baked.tobytes()):
        got, taken, general = _both(data)
        assert not taken
        assert got == general
    got, taken, general = _both(qpdf_resaved(before, tmp_path))  # (unanswered: refilled's)
    assert not taken
    assert got == general


def _title_drawing_redefined(data: bytes, change: str) -> bytes:
    """``data`` with an update that writes again, under its own number, the title's
    drawing (``"drawing"``: its content moved a point), the program of the font it draws
    in (``"font"``: one byte of it changed) or that font's default width (``"widths"``),
    every reference as it was."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    for page in writer.pages:
        for ref in page.get("/Annots", ()):
            annot = ref.get_object()
            if annot.get("/T") != "event_title":
                continue
            drawing = annot["/AP"]["/N"].get_object()
            if change == "drawing":
                content = drawing.get_data()
                drawing.set_data(content.replace(b" Tm\n", b" Tm\n1 0 Td\n", 1))
                continue
            (font,) = drawing["/Resources"]["/Font"].values()
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            if change == "widths":
                descendant[NameObject("/DW")] = NumberObject(int(descendant.get("/DW", 1000)) // 2)
                continue
            descriptor = descendant["/FontDescriptor"]
            key = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor.get_object())
            program = descriptor.get_object()[key].get_object()
            data_ = bytearray(program.get_data())
            data_[len(data_) // 2] ^= 0x01
            program.set_data(bytes(data_))
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(data)
    return out.getvalue()


def test_an_answer_by_an_update_keeps_fill_s_drawings_unread_by_value() -> None:
    """An answer appended to the release (poppler, pdf.js, Acrobat) reads ``fill``'s
    drawings from where its file has them: they are the same objects, not compared."""
    from unittest import mock

    from pubrelease.pdf.byvalue import Comparison

    answered = pypdf_answered(issued(), incremental=True)
    with mock.patch.object(Comparison, "same_drawing", side_effect=AssertionError):
        record, taken, general = _both(answered)
    assert taken
    assert record == general


@pytest.mark.parametrize("change", ["drawing", "font", "widths"])
def test_a_kept_drawing_written_again_under_its_number_is_left_to_the_general_path(
    change: str,
) -> None:
    """The title's drawing, or its font's program, changed by an update that keeps every
    reference: compared by value, not fill's drawing."""
    answered = pypdf_answered(issued(), incremental=True)
    record, taken, general = _both(_title_drawing_redefined(answered, change))
    assert not taken
    assert record == general
