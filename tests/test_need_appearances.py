"""Returns that ask viewers to draw their fields again (``/NeedAppearances true``), as
pypdf's ``update_page_form_field_values`` writes them by default, and fillpdf's (pdfrw):
read from their widgets, as any other fill is, with the general path's record.

A viewer that honours the flag (Acrobat, pdf.js, poppler) draws each value from ``/V`` in
the font and colour its ``/DA`` names; PDFium draws the widget's own appearance. The
reading from the widgets proves the appearance shows ``/V`` and that the font viewers
draw it in is a standard one, not embedded; every check of the file runs as on the
general path. Each change below, made as an update and re-saved, reads as the general
path reads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import (
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Consent, Record, Status, fill, load_form

from . import attacks as A
from . import returns as R
from .helpers import widget_readings

TODAY = A.TODAY


def _filled_by_pypdf_defaults() -> bytes:
    """Our template filled by pypdf as its documentation's users do: every page, pypdf's
    defaults (``auto_regenerate=True`` sets ``/NeedAppearances``)."""
    values = R.field_values(A.RELEASE)
    values["consent"] = "/" + values["consent"]
    writer = PdfWriter(clone_from=io.BytesIO(load_form().template))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _widgets(writer: PdfWriter, name: str) -> list[DictionaryObject]:
    found = []
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            chain = [annot, annot.get("/Parent")]
            if any(node is not None and node.get_object().get("/T") == name for node in chain):
                found.append(annot)
    return found


def _default_appearance(name: str, da: str) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        for annot in _widgets(writer, name):
            annot[NameObject("/DA")] = TextStringObject(da)

    return edit


def _value(name: str, value: str) -> Callable[[PdfWriter], None]:
    """``/V`` changed, the appearance left drawing the old value."""

    def edit(writer: PdfWriter) -> None:
        for annot in _widgets(writer, name):
            holder = annot if "/V" in annot else annot["/Parent"].get_object()
            holder[NameObject("/V")] = TextStringObject(value)

    return edit


def _helv_embedded(writer: PdfWriter) -> None:
    """The form's /Helv in /DR replaced by an embedded TrueType font (DejaVu Sans)."""
    from pubrelease.pdf.fonts import bundled_font

    acroform = writer.root_object["/AcroForm"]
    fonts = acroform["/DR"].get_object()["/Font"].get_object()
    program = writer._add_object(  # a font program a viewer would draw /V in
        _stream({NameObject("/Length1"): NumberObject(len(bundled_font().path.read_bytes()))})
    )
    program.get_object().set_data(bundled_font().path.read_bytes())
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/DejaVuSans"),
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontFile2"): program,
        }
    )
    fonts[NameObject("/Helv")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/DejaVuSans"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
    )


def _stream(entries: dict[NameObject, object]) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.update(entries)
    return stream


def _flagged(name: str, flags: int) -> Callable[[PdfWriter], None]:
    """Every widget of ``name`` with annotation flags ``flags`` (Hidden: 2, NoView: 32)."""

    def edit(writer: PdfWriter) -> None:
        for annot in _widgets(writer, name):
            annot[NameObject("/F")] = NumberObject(flags)

    return edit


def _helv_dingbats(writer: PdfWriter) -> None:
    """The form's /Helv in /DR made ZapfDingbats (a standard font, of signs)."""
    fonts = writer.root_object["/AcroForm"]["/DR"].get_object()["/Font"].get_object()
    fonts["/Helv"].get_object()[NameObject("/BaseFont")] = NameObject("/ZapfDingbats")


def _need_appearances_off(writer: PdfWriter) -> None:
    writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(False)


CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "the name drawn white by viewers": _default_appearance("speaker_name", "/Helv 12 Tf 1 g"),
    "the name drawn tiny by viewers": _default_appearance("speaker_name", "/Helv 0.5 Tf 0 g"),
    "the name drawn in Courier by viewers": _default_appearance("speaker_name", "/Cour 12 Tf 0 g"),
    "a stored name other than the drawn one": _value("speaker_name", "Mallory Doe"),
    "the viewers' font embedded": _helv_embedded,
    "the name drawn in ZapfDingbats by viewers": _default_appearance(
        "speaker_name", "/ZaDb 12 Tf 0 g"
    ),
    "the viewers' font made ZapfDingbats": _helv_dingbats,
    "the signature's widget hidden": _flagged("signature", 2 | 4),
    "the signature's widget printed only": _flagged("signature", 32 | 4),
    "the flag taken off again": _need_appearances_off,
}


@pytest.fixture(scope="module")
def filled() -> bytes:
    return _filled_by_pypdf_defaults()


def _read_from_the_widgets(data: bytes) -> Record:
    """``data``, an honest fill, read from its widgets: valid, as the general path reads it."""
    record, took, general = widget_readings(data, today=TODAY)
    assert took
    assert record.status is general.status is Status.VALID, (record.findings, general.findings)
    assert record == general
    assert (record.speaker_name, record.event_title) == (
        A.RELEASE.speaker_name,
        A.RELEASE.event_title,
    )
    return record


def test_pypdfs_default_fill_is_read_from_its_widgets(filled: bytes) -> None:
    assert b"/NeedAppearances true" in filled
    record = _read_from_the_widgets(filled)
    assert [f.code for f in record.findings if f.code == "viewer-drawn"] == ["viewer-drawn"]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_fill_reads_as_the_general_path_reads_it(
    filled: bytes, change: str, save: A.Save, tmp_path: Path
) -> None:
    data = A.apply(filled, CHANGES[change], save)
    record, _, general = widget_readings(data, today=TODAY)
    assert record == general, (record.findings, general.findings)
    expected = Status.VALID if change == "the flag taken off again" else Status.INVALID
    assert record.status is expected, record.findings


def _filled_by_fillpdf(tmp_path: Path, *, flatten: bool = False) -> bytes:
    """Our template filled by fillpdf (pdfrw): ``/V`` set, ``/AP`` set to the value's text
    on one widget of each field (nothing a viewer can draw), the other widgets left
    with the template's blank appearance, ``/NeedAppearances true``: viewers draw them all."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ("the fitz API is deprecated", from its imports)
        from fillpdf import fillpdfs

    template, out = tmp_path / "template.pdf", tmp_path / "fillpdf.pdf"
    template.write_bytes(load_form().template)
    fillpdfs.write_fillable_pdf(str(template), str(out), R.field_values(A.RELEASE), flatten=flatten)
    return out.read_bytes()


def _drawing(name: str, content: bytes) -> Callable[[PdfWriter], None]:
    """The last widget of ``name`` drawing ``content`` in its appearance stream."""

    def edit(writer: PdfWriter) -> None:
        annot = _widgets(writer, name)[-1]
        stream = annot["/AP"]["/N"].get_object()
        stream.set_data(content)

    return edit


def _flags(name: str, flags: int) -> Callable[[PdfWriter], None]:
    """The last widget of ``name`` with flags of its own."""

    def edit(writer: PdfWriter) -> None:
        _widgets(writer, name)[-1][NameObject("/Ff")] = NumberObject(flags)

    return edit


def _down_appearance(writer: PdfWriter) -> None:
    """A pressed-down appearance beside the blank one (drawn while the mouse is down)."""
    annot = _widgets(writer, "speaker_name")[-1]
    annot["/AP"][NameObject("/D")] = annot["/AP"]["/N"]


FILLPDF_CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "the flag taken off": _need_appearances_off,
    "a blank appearance drawing a name": _drawing(
        "speaker_name", b"/Tx BMC BT /Helv 12 Tf 2 3 Td (Mallory Doe) Tj ET EMC"
    ),
    "a blank appearance drawing a rule": _drawing("speaker_name", b"/Tx BMC 0 0 50 1 re f EMC"),
    "a pressed appearance beside the blank one": _down_appearance,
    "the name drawn white by viewers": _default_appearance("speaker_name", "/Helv 12 Tf 1 g"),
    "a widget of the name drawn as a password": _flags("speaker_name", 1 << 13),
    "a widget of the name drawn in a comb": _flags("speaker_name", 1 << 24),
}


@pytest.fixture(scope="module")
def by_fillpdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _filled_by_fillpdf(tmp_path_factory.mktemp("fillpdf"))


def test_fillpdfs_fill_is_read_from_its_fields(by_fillpdf: bytes) -> None:
    assert b"/NeedAppearances true" in by_fillpdf
    _read_from_the_widgets(by_fillpdf)


def test_fillpdfs_read_only_fill_is_read_from_its_fields(tmp_path: Path) -> None:
    """``flatten=True``: every field read-only, its flags repeated on each widget of a
    field of several (the speaker's name), as they are inherited."""
    _read_from_the_widgets(_filled_by_fillpdf(tmp_path, flatten=True))


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("change", sorted(FILLPDF_CHANGES))
def test_a_changed_fillpdf_fill_is_read_the_general_way(
    by_fillpdf: bytes, change: str, save: A.Save
) -> None:
    _read_the_general_way(by_fillpdf, FILLPDF_CHANGES[change], save)


def _read_the_general_way(data: bytes, edit: Callable[[PdfWriter], None], save: A.Save) -> Record:
    """``data`` changed by ``edit``, read: not from its widgets, as the general path reads it."""
    record, took, general = widget_readings(A.apply(data, edit, save), today=TODAY)
    assert not took
    assert record == general, (record.findings, general.findings)
    return record


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", ["Zoë Ødegård", "Αλέξανδρος Παπαδόπουλος"])
def test_an_issued_release_answered_with_pypdfs_defaults(name: str, save: A.Save) -> None:
    """The release ``fill`` issued (its values drawn in DejaVu Sans), answered by pypdf with
    its defaults: viewers asked to draw every field again, in the form's Helvetica, which
    has no Greek (``shown-text-unchecked``, as on the general path)."""
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=None, sign_date=None)
    issued = fill(dataclasses.replace(release, consent=Consent.NONE), today=dt.date(2020, 7, 1))

    greek = not name.startswith("Z")
    signed = "Alexandros Papadopoulos" if greek else name  # (pypdf draws WinAnsi alone)

    def answer(writer: PdfWriter) -> None:
        for page in writer.pages:
            writer.update_page_form_field_values(
                page, {"signature": signed, "sign_date": "Jul 2, 2020", "consent": "/Accept"}
            )

    record, took, general = widget_readings(A.apply(issued, answer, save), today=TODAY)
    assert took
    assert record == general
    assert any(f.code == "shown-text-unchecked" for f in record.findings) is greek
    if greek:  # (and a signature that is not the name)
        assert record.status is Status.INVALID, record.findings
    else:
        assert record.status is Status.VALID, record.findings


def _note_over(name: str) -> Callable[[PdfWriter], None]:
    """A typed note (FreeText) over the box of ``name``'s first widget, another name in it."""

    def edit(writer: PdfWriter) -> None:
        annot = _widgets(writer, name)[0]
        page = next(
            n
            for n, p in enumerate(writer.pages)
            if any(r.get_object() is annot for r in p.get("/Annots", []))
        )
        rect = tuple(float(v) for v in annot["/Rect"])
        writer.add_annotation(page, FreeText(text="Mallory Doe", rect=rect))

    return edit


def _script(writer: PdfWriter) -> None:
    """A script that formats what viewers show of the speaker's name."""
    field = _widgets(writer, "speaker_name")[0]["/Parent"].get_object()
    field[NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/F"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("event.value = 'Someone Else';"),
                }
            )
        }
    )


BLANK_CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "a note typed over the name": _note_over("speaker_name"),
    "a script formatting the name": _script,
    "the name drawn white by viewers": _default_appearance("speaker_name", "/Helv 12 Tf 1 g"),
    "a blank appearance drawing a rule": _drawing("speaker_name", b"/Tx BMC 0 0 50 1 re f EMC"),
}


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """PyPDFForm's fill with ``need_appearances``: ``/V`` set, every widget left with the
    template's blank appearance, viewers asked to draw them all."""
    path = tmp_path_factory.mktemp("pypdfform") / "filled.pdf"
    return R.fill_pypdfform(A.RELEASE, path, mode="need-appearances").read_bytes()


def test_blank_appearances_left_for_viewers_are_read_from_the_fields(blank: bytes) -> None:
    _read_from_the_widgets(blank)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("change", sorted(BLANK_CHANGES))
def test_a_changed_fill_of_blank_appearances_is_read_the_general_way(
    blank: bytes, change: str, save: A.Save
) -> None:
    record = _read_the_general_way(blank, BLANK_CHANGES[change], save)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_blank_appearances_without_the_flag_show_nothing(blank: bytes, save: A.Save) -> None:
    """The flag taken off, viewers draw the blank appearances as they are: every value
    stored and none shown (``value-disagreement``), read so from the widgets as the general
    path reads it (each appearance draws nothing, as PDFium leaves a widget of a page it
    did not load)."""
    record, took, general = widget_readings(
        A.apply(blank, _need_appearances_off, save), today=TODAY
    )
    assert took
    assert record == general, (record.findings, general.findings)
    assert record.status is Status.INVALID
    assert "value-disagreement" in {f.code for f in record.findings}
