"""Returns filled by pdfcpu (Go; its WebAssembly build from npm), and the two ways of
storing a file it shows: the AcroForm's ``/Fields`` as a reference to an array, and an
object stream holding the same object twice (its page tree's node), alike.

A held-out sweep (session 67) found every pdfcpu fill read ``unreadable`` ("the consent
field is not a field of its own"): the fast reader declined the file for the object
listed twice (``Ambiguous``, though both bodies are the same), and pypdf's reading of
the stored fields took ``/Fields`` as a list only, and found none; past that, the file
read ``invalid`` (``ambiguous-objects``). An object listed twice with the same body
leaves no reader in doubt; one listed with two bodies still does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, StreamObject

from pubrelease import Release, Status, parse
from pubrelease.demo import SEED_RELEASES
from pubrelease.pdf.nodes import Ambiguous
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.pagefonts import check_fonts

from . import attacks as A
from . import returns as R
from .helpers import widget_readings
from .test_hinted_outlines import program_edit
from .test_printed_outlines import EDITS

TODAY = dt.date(2026, 11, 24)


@pytest.mark.tools
@pytest.mark.parametrize("name", ["Ada Lovelace", "Seán O'Connor"])
def test_pdfcpus_fill_is_read_valid_as_the_general_path_reads_it(
    han: Release, tmp_path: Path, name: str
) -> None:
    release = dataclasses.replace(han, speaker_name=name, signature=name)
    path = R.fill_pdfcpu(release, tmp_path / "filled.pdf")
    with pikepdf.open(path) as pdf:  # (what makes pdfcpu's files as they are)
        assert pdf.Root.AcroForm.get_raw("/Fields").is_indirect
    record, _, general = widget_readings(path, today=TODAY)
    assert record == general
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.event_title == han.event_title


@functools.cache
def _pdfcpu_fill(name: str) -> bytes:
    import tempfile

    release = dataclasses.replace(SEED_RELEASES[0], speaker_name=name, signature=name)
    with tempfile.TemporaryDirectory() as folder:
        return R.fill_pdfcpu(release, Path(folder) / "filled.pdf").read_bytes()


def _roboto(data: bytes) -> list[bool]:
    """For each font of the file named like Roboto, whether its outlines are proved."""
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    return [c.draws_reference for n, cs in fonts.by_name.items() if "Roboto" in n for c in cs]


@pytest.mark.tools
def test_pdfcpus_roboto_is_proved_so_an_accented_name_is_read_valid() -> None:
    """pdfcpu draws every field in its Roboto, embedded as a subset (its codes the glyphs'
    ids): no font we drew in, so every box was read by OCR, which read "Zoë Ng" at 12
    points as "Zoé Na" (``incomplete``, both paths). pubrelease keeps pdfcpu's very file
    of Roboto to compare outlines with (``pdf/fontfiles/reference``): now proved, the
    names' boxes need no OCR."""
    data = _pdfcpu_fill("Zoë Ng")
    assert _roboto(data) and all(_roboto(data))
    record, _, general = widget_readings(data, today=TODAY)
    assert record == general
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == ("Zoë Ng", "Zoë Ng")


@pytest.mark.tools
def test_a_mark_below_cut_away_by_pdfcpus_clip_is_looked_at() -> None:
    """pdfcpu's clip cuts its 12-point values 0.78 pt below their baseline: the dot
    under the "ị" of "Thị" is cut away, and the box shows "Thi" (the same picture as a
    fill of "Thi", a held-out sweep, session 69). A glyph whose mark below is cut is
    not vouched for: the box is read, as it was before the font was proved."""
    from pubrelease.reading.ocr import engine

    data = _pdfcpu_fill("Nguyễn Thị Hương")
    assert all(_roboto(data))
    read: list[object] = []
    box = engine.read_box

    def counted(*args: object, **kwargs: object) -> object:
        read.append(args)
        return box(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "read_box", counted)
        record, _, general = widget_readings(data, today=TODAY)
    assert record == general
    assert read, "the name's boxes were vouched for"
    assert record.status is not Status.VALID


def _roboto_programs(writer: PdfWriter) -> list[tuple[DictionaryObject, StreamObject]]:
    """(font, program stream) of each Type 0 Roboto the widgets' appearances draw in."""
    out, seen = [], set()
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            normal = annot.get_object()["/AP"]["/N"].get_object()
            for ref in normal.get("/Resources", {}).get("/Font", {}).values():
                font = ref.get_object()
                if "Roboto" not in str(font["/BaseFont"]) or id(font) in seen:
                    continue
                seen.add(id(font))
                kid = font["/DescendantFonts"][0].get_object()
                out.append((font, kid["/FontDescriptor"]["/FontFile2"].get_object()))
    return out


@pytest.mark.tools
@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", sorted(set(EDITS) - {"glyph-emptied"}))
def test_a_changed_roboto_is_not_proved_nor_read_valid(attack: str, save: A.Save) -> None:
    """Each change the printers' proof refuses, made to pdfcpu's Roboto (as an update
    and re-saved): not proved; where the change shows in a value ("o" and "a" swapped
    in "Ada Lovelace"), the return is not ``valid``."""
    data = A.apply(
        _pdfcpu_fill("Ada Lovelace"), program_edit(EDITS[attack], _roboto_programs), save
    )
    assert _roboto(data) and not any(_roboto(data)), attack
    if attack == "outlines-swapped":
        record = parse(data, today=TODAY)
        assert record.status is not Status.VALID


def test_fields_stored_as_a_reference_to_an_array_are_read_by_pypdf_too(
    han: Release, tmp_path: Path
) -> None:
    """pypdf's fill so stored, its fields read with pypdf, as a file the fast reader does
    not open is read (the fast reader resolves the reference: ``nodefields``)."""
    from pypdf import PdfReader

    from pubrelease import Consent, load_form
    from pubrelease.reading.storedfields import stored_fields

    filled = R.fill_pypdf(dataclasses.replace(han, signature=han.speaker_name), tmp_path / "f.pdf")
    with pikepdf.open(filled) as pdf:
        acroform = pdf.Root.AcroForm
        acroform.Fields = pdf.make_indirect(acroform.Fields)
        out = io.BytesIO()
        pdf.save(out)
    stored = stored_fields(PdfReader(io.BytesIO(out.getvalue())), load_form())
    assert stored is not None
    assert stored.consent is Consent.ACCEPT
    assert stored.values["speaker_name"] == han.speaker_name
    assert parse(out.getvalue(), today=TODAY).status is Status.VALID


def _object_stream(bodies: list[tuple[int, bytes]]) -> bytes:
    """A file whose catalog (object 1) is in an object stream holding ``bodies``."""
    head = b""
    data = b""
    for num, body in bodies:
        head += b"%d %d " % (num, len(data))
        data += body + b"\n"
    content = head + data
    out = bytearray(b"%PDF-1.7\n")
    stream_at = len(out)
    out += b"5 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n" % (
        len(bodies),
        len(head),
        len(content),
    )
    out += content + b"\nendstream\nendobj\n"
    xref_at = len(out)
    # (objects 1 to 3 in the stream at indices 0 to 2, the stream 5, the table 7)
    rows = [(0, 0, 65535), (2, 5, 0), (2, 5, 1), (2, 5, 2), (0, 0, 0), (1, stream_at, 0)]
    rows += [(0, 0, 0), (1, xref_at, 0)]
    table = b"".join(
        bytes([kind]) + at.to_bytes(4, "big") + gen.to_bytes(2, "big") for kind, at, gen in rows
    )
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def test_an_object_stream_holding_an_object_twice_alike_is_read_and_otherwise_is_ambiguous() -> (
    None
):
    pages = b"<< /Type /Pages /Kids [] /Count 0 >>"
    alike = _object_stream(
        [(1, b"<< /Type /Catalog /Pages 2 0 R >>"), (2, pages), (3, b"7"), (2, pages)]
    )
    objects = Objects(alike)
    assert objects.dict_of(objects.trailer.get("/Root")).get("/Type") == "/Catalog"
    other = b"<< /Type /Pages /Kids [] /Count 1 >>"
    unlike = _object_stream(
        [(1, b"<< /Type /Catalog /Pages 2 0 R >>"), (2, pages), (3, b"7"), (2, other)]
    )
    with pytest.raises(Ambiguous, match="holds object 2 twice"):
        Objects(unlike)
