"""Streams behind ASCII filters are decoded by the fast reader as pypdf decodes them.

reportlab writes every page as ``[/ASCII85Decode /FlateDecode]``; a form a conference
made with it, imported and filled by pypdf or pdftk, was read by pypdf alone (its whole
revision analysis), several times slower. Each chain is decoded here and by pypdf's
``decode_stream_data`` on the same bytes; what pypdf reads in a way of its own is
refused (``NotSure``: the caller takes the pypdf path).
"""

from __future__ import annotations

import base64
import binascii
import io
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.filters import decode_stream_data
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject, StreamObject
from pypdf.generic import NumberObject as Num

from pubrelease.form.template import Form
from pubrelease.pdf.nodes import NotSure
from pubrelease.pdf.objects import Objects, Ref, Stream
from pubrelease.pdf.revisions import node_of
from pubrelease.pdf.streamfilters import decoded
from pubrelease.reading.history import _analyse, analyse_revisions
from pubrelease.reading.pdffile import open_pdf
from pubrelease.reading.storedfields import stored_fields

from .foreign_forms import filled_by_pdftk, filled_by_pypdf

TEXT = b"BT /F1 10 Tf 72 700 Td (Full name:) Tj ET\n" * 40


def _stream(filters: list[str], raw: bytes, parms: object = None) -> StreamObject:
    stream = StreamObject()
    stream._data = raw
    names = [NameObject(f) for f in filters]
    stream[NameObject("/Filter")] = names[0] if len(names) == 1 else ArrayObject(names)
    if parms is not None:
        stream[NameObject("/DecodeParms")] = parms  # type: ignore[assignment]
    return stream


def _ours(stream: StreamObject) -> bytes:
    entries = {str(k): node_of(v) for k, v in stream.items()}
    return decoded(entries, stream._data)


A85 = base64.a85encode(zlib.compress(TEXT), adobe=True)
HEX = binascii.hexlify(zlib.compress(TEXT)) + b">"
CHAINS = {
    "ascii85, flate": (["/ASCII85Decode", "/FlateDecode"], A85),
    "ascii85 alone": (["/ASCII85Decode"], base64.a85encode(TEXT, adobe=True)),
    "ascii85 with whitespace": (["/ASCII85Decode", "/FlateDecode"], A85[:30] + b"\n  " + A85[30:]),
    "ascii85 without its marks": (["/ASCII85Decode", "/FlateDecode"], A85[2:-2]),
    "ascii hex, flate": (["/ASCIIHexDecode", "/FlateDecode"], HEX),
    "ascii hex, odd length": (["/ASCIIHexDecode"], b"48656c6c6f2>"),
    "ascii hex without its end": (["/ASCIIHexDecode"], b"48 65 6C 6c 6f"),
    "flate alone": (["/FlateDecode"], zlib.compress(TEXT)),
    "empty": (["/ASCII85Decode", "/FlateDecode"], b""),
}  # fmt: skip


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_each_chain_decodes_as_pypdf_decodes_it(chain: str) -> None:
    filters, raw = CHAINS[chain]
    stream = _stream(filters, raw)
    assert _ours(stream) == decode_stream_data(stream)


def test_parameters_for_each_filter_are_read_as_pypdf_reads_them() -> None:
    stream = _stream(
        ["/ASCII85Decode", "/FlateDecode"],
        A85,
        ArrayObject([NullObject(), DictionaryObject({NameObject("/Predictor"): Num(1)})]),
    )
    assert _ours(stream) == decode_stream_data(stream) == TEXT


@pytest.mark.parametrize(
    "filters, raw, parms",
    [
        # pypdf zips the chain with its parameters: one of them for two filters decodes once
        (["/ASCII85Decode", "/FlateDecode"], A85, ArrayObject([NullObject()])),
        (["/ASCII85Decode", "/FlateDecode"], A85, DictionaryObject()),
        (["/ASCII85Decode", "/FlateDecode"], b"<~ \x00 not ascii85 ~>", None),
        (["/ASCII85Decode", "/FlateDecode"], A85[:-2], None),  # (pypdf fails on it too)
        (["/ASCII85Decode", "/FlateDecode"], base64.a85encode(b"not flate", adobe=True), None),
        (["/ASCIIHexDecode"], b"4865zz>", None),
        (["/LZWDecode"], b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", None),
        (["/ASCII85Decode", "/RunLengthDecode"], base64.a85encode(b"\x00a\x80", adobe=True), None),
    ],
)
def test_what_pypdf_reads_its_own_way_is_refused(
    filters: list[str], raw: bytes, parms: object
) -> None:
    with pytest.raises(NotSure):
        _ours(_stream(filters, raw, parms))


VALUES = {"SpeakerName": "Zoë Ørsted", "Sig1": "Zoë Ørsted", "SigDate": "20/11/2026"}


def _pypdf(form: Form, out: Path) -> Path:
    return filled_by_pypdf(form.template, VALUES, out)


def _pdftk(form: Form, out: Path) -> Path:
    return filled_by_pdftk(form.template, VALUES, out)


@pytest.mark.parametrize("filler", ["pypdf", "pdftk"])
def test_a_reportlab_forms_returns_are_read_by_the_fast_reader(
    neurips_form: Form, tmp_path: Path, filler: str
) -> None:
    out = tmp_path / f"{filler}.pdf"
    made = _pypdf(neurips_form, out) if filler == "pypdf" else _pdftk(neurips_form, out)
    data = made.read_bytes()
    assert b"/ASCII85Decode" in data  # (reportlab's pages, kept by the filler)
    pdf = open_pdf(data)
    assert pdf.objects is not None
    reader = PdfReader(io.BytesIO(data), strict=False)
    streams = 0
    for num, gen in pdf.objects.xref:
        if isinstance(pdf.objects.get(Ref(num, gen)), Stream):
            expected = reader.get_object(num).get_data()  # type: ignore[union-attr]
            assert pdf.objects.decoded(Ref(num, gen)) == expected, num
            streams += 1
    assert streams >= 2
    # the revision analysis: the fast reader's, not refused, and pypdf's are the same
    fast = _analyse(data, neurips_form, pdf.objects, fast=True)
    assert fast == analyse_revisions(data, neurips_form, reader=reader)
    assert stored_fields(pdf, neurips_form) == stored_fields(reader, neurips_form)


def test_a_stream_read_as_listed_is_refused_past_the_limit() -> None:
    raw = base64.a85encode(zlib.compress(b"x" * 5000), adobe=True)
    entries = {"/Filter": ("/ASCII85Decode", "/FlateDecode")}
    assert decoded(entries, raw, 10_000) == b"x" * 5000
    with pytest.raises(NotSure):
        decoded(entries, raw, 1000)


def test_objects_decode_an_ascii85_page() -> None:
    """A page written by reportlab: the fast reader's content is pypdf's."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    c.drawString(72, 700, "Full name:")
    c.save()
    data = buffer.getvalue()
    objects = Objects(data)
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[0].raw_get("/Contents")
    assert objects.decoded(Ref(contents.idnum, 0)) == contents.get_object().get_data()
