"""Review 28's smaller findings: a script that rewrites the answer on open, a
countersignature the speaker typed, a consent box made a field of its own, honest dates
in Czech, Roman and Thai spelling, and a PDFium form filler's incremental save.

Inputs are built here from our own releases: pikepdf adds scripts and XFA, pypdf and
PyMuPDF fill fields as viewers do, pypdfium2 fills as Chrome's viewer does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from pubrelease import Release, Status, fill, parse
from pubrelease.filling.countersign import Countersignature, countersign

from . import returns as R

TODAY = dt.date(2026, 11, 24)


def _issued(release: Release, *, signed: bool) -> bytes:
    """``release`` as issued; ``signed``: the speaker's part filled at issue (a live return)."""
    release = dataclasses.replace(release, countersign_date=None)
    if signed:
        release = dataclasses.replace(release, signature=release.speaker_name)
    else:
        release = dataclasses.replace(release, signature=None, sign_date=None)
    return fill(release, today=dt.date(2020, 7, 1))


def _codes(record: object) -> set[str]:
    return {f.code for f in record.findings}  # type: ignore[attr-defined]


# -- a consent box made a field of its own (section 11) ---------------------------------


def test_a_consent_box_made_a_field_gives_a_record_not_an_exception(han: Release) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_issued(han, signed=True))))
    for ref in writer.root_object["/AcroForm"]["/Fields"]:  # type: ignore[index]
        field = ref.get_object()
        if field["/T"] == "consent":
            kid = field["/Kids"][1].get_object()
            kid[NameObject("/T")] = TextStringObject("x")
            kid[NameObject("/V")] = NameObject("/Decline")
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=TODAY)  # raised KeyError 'consent'
    assert record.status in (Status.UNREADABLE, Status.INVALID), record.findings
    assert any("consent" in f.message for f in record.findings)


# -- active content (section 9) ----------------------------------------------------------

_DECLINE_ON_OPEN = (
    'var f=this.getField("signature"); f.value="I DO NOT AGREE"; '
    'this.getField("consent").value="Decline";'
)


def _resaved_with(data: bytes, change: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if change == "open-script":
            pdf.Root.OpenAction = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Action,
                    S=pikepdf.Name.JavaScript,
                    JS=pikepdf.String(_DECLINE_ON_OPEN),
                )
            )
        else:
            pdf.Root.AcroForm.XFA = pdf.make_stream(
                b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>'
            )
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_a_script_that_declines_on_open_is_not_valid_and_is_quoted(han: Release) -> None:
    record = parse(_resaved_with(_issued(han, signed=True), "open-script"), today=TODAY)
    assert record.status is Status.INCOMPLETE, record.findings
    active = [f for f in record.findings if f.code == "active-content"]
    assert active and "I DO NOT AGREE" in active[0].message
    assert "sets the form's fields" in active[0].message


def test_an_xfa_form_is_not_valid(han: Release) -> None:
    record = parse(_resaved_with(_issued(han, signed=True), "xfa"), today=TODAY)
    assert record.status is Status.INCOMPLETE, record.findings
    assert "active-content" in _codes(record)


# -- the conference's countersignature typed by the speaker (section 10) ----------------


def _incremental_by_pymupdf(data: bytes, values: dict[str, str]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.pdf"
        path.write_bytes(data)
        doc = pymupdf.open(path)
        for page in doc:
            for widget in page.widgets():
                if widget.field_name in values:
                    widget.field_value = values[widget.field_name]
                    widget.update()
        doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
        doc.close()
        out = path.read_bytes()
    assert out.startswith(data)
    return out


_CONFERENCE = {"countersigner_signature": "David Blei", "countersign_date": "Jul 3, 2020"}


def test_a_countersignature_typed_by_the_speaker_in_a_viewer_is_not_counted(
    han: Release,
) -> None:
    returned = _issued(han, signed=True)
    record = parse(_incremental_by_pymupdf(returned, _CONFERENCE), today=TODAY)
    assert not record.countersigned
    assert "countersign-unproven" in _codes(record)
    assert record.status is not Status.VALID
    # the conference's own update still counts
    ours = countersign(returned, Countersignature("David Blei", dt.date(2020, 7, 3)))
    record = parse(ours, today=TODAY)
    assert record.countersigned and record.status is Status.VALID, record.findings


def test_a_countersignature_filled_with_the_speakers_answers_is_not_counted(
    han: Release,
) -> None:
    writer = PdfWriter(io.BytesIO(_issued(han, signed=False)), incremental=True)
    values = {"signature": han.speaker_name, "sign_date": "Jul 2, 2020", **_CONFERENCE}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=TODAY)
    assert not record.countersigned
    unproven = [f for f in record.findings if f.code == "countersign-unproven"]
    assert unproven and "signature" in unproven[0].message


# -- honest dates (section 13) -----------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["2. 7. 2020", "2 VII 2020", "2.VII.2020", "2 ก.ค. 2563"], ids=str
)
def test_honest_dates_read_as_their_writers_mean_them(han: Release, written: str) -> None:
    from pubrelease.dates import parse_date

    assert parse_date(written) == dt.date(2020, 7, 2)
    data = _incremental_by_pymupdf(
        _issued(han, signed=False), {"signature": han.speaker_name, "sign_date": written}
    )
    record = parse(data, today=TODAY)
    assert record.sign_date == dt.date(2020, 7, 2), record.findings
    assert record.status in (Status.VALID, Status.INCOMPLETE), record.findings
    assert "bad-date" not in _codes(record)


# -- PDFium's form filler saving incrementally (section 14) --------------------------------


def test_pdfiums_incremental_fill_is_valid_but_a_redraw_showing_else_is_not(
    han: Release,
) -> None:
    filled = R.fill_pdfium(
        _issued(han, signed=False), {"signature": han.speaker_name, "sign_date": "Jul 2, 2020"}
    )
    record = parse(filled, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert "widget-redrawn" in _codes(record)
    # the same update with the empty countersign date drawn "DECLINED" (its value still empty)
    writer = PdfWriter(io.BytesIO(filled), incremental=True)
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/T") == "countersign_date":
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                stream = StreamObject()
                stream.set_data(b"/Tx BMC BT /Helv 10 Tf 0 g 2 4 Td (DECLINED) Tj ET EMC")
                stream.update(
                    {
                        NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): ArrayObject(
                            [FloatObject(v) for v in (0, 0, x1 - x0, y1 - y0)]
                        ),
                    }
                )
                annot[NameObject("/AP")] = DictionaryObject(
                    {NameObject("/N"): writer._add_object(stream)}
                )
    out = io.BytesIO()
    writer.write(out)
    assert parse(out.getvalue(), today=TODAY).status is Status.INVALID


@pytest.mark.parametrize("incremental", [True, False])
def test_pdfiums_fill_of_the_template_is_read_from_its_widgets(
    han: Release, incremental: bool
) -> None:
    """PDFium's form filler redraws the widgets of the pages it has loaded: the speaker's
    name typed on the first page leaves its third widget, on the second, the template's
    empty appearance while ``/V`` holds the name. Whole or as an update, the file is read
    from its widgets (that box shows nothing, as the general path reads it) alike."""
    from pubrelease import load_form

    from .helpers import widget_readings

    form = load_form()
    signed = dataclasses.replace(han, signature=han.speaker_name)
    filled = R.fill_pdfium(form.template, R.field_values(signed, form), incremental=incremental)
    record, taken, general = widget_readings(filled, today=TODAY)
    assert taken
    assert record == general
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == han.speaker_name
    assert record.signature == han.speaker_name
    # (the name's box on page 2, which PDFium left empty, is said: a warning)
    (partly,) = [f for f in record.findings if f.code == "value-partly-shown"]
    assert partly.field == "speaker_name"
    assert "shows in 2 of its 3 boxes" in partly.message


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("event_title", "Analytical Engines\r\nat Scale"),  # (Enter, as PDFium stores it)
        ("event_title", "Analytical Engines\nat Scale"),
        ("event_title", "Analytical Engines\rat Scale\rand Beyond"),
        ("event_title", "Analytical Engines \nat Scale"),
        ("event_title", "Analytical Engines\n\nat Scale"),
        ("speaker_name", "Bohyung Han "),  # (pasted with a space after it)
        ("speaker_name", " Bohyung Han"),
        ("speaker_name", "Bohyung  Han"),
        ("sign_date", "Jul 2, 2020 "),
    ],
)
@pytest.mark.parametrize("tool", ["pdfium", "pypdf"])
def test_a_value_typed_with_spaces_or_over_lines_is_read_from_its_widgets_as_the_general_path(
    han: Release, tmp_path: Path, field: str, typed: str, tool: str
) -> None:
    """A value typed with a space at its end, two together, or Enter in the multi-line
    title (Chrome stores CR LF in ``/V``): the appearance shows it, read as the stored
    value is read, its spaces and breaks collapsed, from the widgets and by the general
    path alike."""
    from pubrelease import load_form

    from .helpers import widget_readings

    form = load_form()
    signed = dataclasses.replace(han, signature=han.speaker_name)
    if tool == "pdfium":
        values = {**R.field_values(signed, form), field: typed}
        filled: bytes | Path = R.fill_pdfium(form.template, values, incremental=False)
    else:
        filled = R.fill_pypdf(signed, tmp_path / "filled.pdf", texts={field: typed})
    record, taken, general = widget_readings(filled, today=TODAY)
    assert taken
    assert record == general
    assert record.status is Status.VALID, record.findings
    if field != "sign_date":
        assert getattr(record, field) == " ".join(typed.split())


def test_a_blank_form_filled_in_two_sittings_may_correct_its_own_values(han: Release) -> None:
    """The template (sent blank) filled and saved in Chrome, then opened again and the
    speaker's own typo in their name corrected, as a second update: the name was blank as
    issued, so its change is the speaker's (``answer-changed``, a warning), not a change
    after issue (a name the conference wrote, changed, stays ``modified-after-issue``:
    ``test_attacks``)."""
    from pubrelease import load_form

    form = load_form()
    signed = dataclasses.replace(han, signature=han.speaker_name)
    values = {**R.field_values(signed, form), "speaker_name": "Bohyung Hann"}
    first = R.fill_pdfium(form.template, values)
    both = R.fill_pdfium(first, {"speaker_name": han.speaker_name})
    record = parse(both, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == han.speaker_name
    (changed,) = [f for f in record.findings if f.code == "answer-changed"]
    assert "'Bohyung Hann' to 'Bohyung Han'" in changed.message
    assert "modified-after-issue" not in _codes(record)
