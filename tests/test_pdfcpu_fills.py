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
import io
from pathlib import Path

import pikepdf
import pytest

from pubrelease import Release, Status, parse
from pubrelease.pdf.nodes import Ambiguous
from pubrelease.pdf.objects import Objects

from . import returns as R
from .helpers import widget_readings

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
