"""Another program's fill, then signed: read from its widgets, its signature's widget passed.

A speaker fills the release in their own program (here pypdf: the template's widgets, new
appearances) and signs it with a certificate (pyHanko, as Acrobat does: a new signature
field, invisible or with a stamp). The proof that a fill shows the form's pages with its
values in their boxes (:mod:`pubrelease.reading.provenfill`) passes over the signature's
widget when it draws nothing or its stamp is taken off the pages read
(:mod:`pubrelease.reading.signedwidgets`); everything else is as the general path reads
it. Each case is read both ways (:func:`tests.helpers.widget_readings`) and the records
must be the same; the attacks of ``test_signature_stamps.py`` on a stamp the signature
does not vouch for leave the file to the general path. Each as an incremental update
and, where the signature survives it not, re-saved by qpdf.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from pubrelease import load_form
from pubrelease.record import Record, Status

from .helpers import require_tool, update, widget_readings
from .pki import PASSPHRASE, Pki
from .returns import fill_pypdf
from .signed import release
from .test_signature_stamps import (
    MARGIN,
    OVER_SIGNATURE,
    OVER_WORDING,
    _redrawn,
    _unsigned_widget,
    _words_stream,
    stamped,
)

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The release filled by pypdf: read from its widgets unsigned."""
    out = tmp_path_factory.mktemp("pypdf") / "filled.pdf"
    fill_pypdf(release(), out)
    record, taken, _ = widget_readings(out)
    assert taken and record.status is Status.VALID, record.findings
    return out.read_bytes()


def invisible(data: bytes, pki: Pki) -> bytes:
    """``data`` signed by pyHanko in a new field with no stamp (``/Rect [0 0 0 0]``, no
    appearance: pyHanko's and Acrobat's invisible signature), or in the field ``Sig1``
    it has, an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(pki.speaker.p12), passphrase=PASSPHRASE)
    assert signer is not None
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Sig1")
    signers.PdfSigner(meta, signer).sign_pdf(writer, output=out)
    return out.getvalue()


def both_ways(data: bytes) -> tuple[Record, bool]:
    """``data`` read, whether from its widgets; the general path's record is the same."""
    record, taken, general = widget_readings(data, today=TODAY)
    assert record.to_dict() == general.to_dict()
    return record, taken


def codes(record: Record) -> set[str]:
    return {f.code for f in record.findings}


def test_an_invisible_signature_is_read_from_the_widgets(filled: bytes, pki: Pki) -> None:
    record, taken = both_ways(invisible(filled, pki))
    assert taken
    assert record.status is Status.VALID, record.findings
    (signature,) = record.signatures
    assert signature.intact and signature.field == "Sig1" and record.signed
    assert "signature-untrusted" in codes(record)  # (no roots given)


def test_a_stamp_in_a_blank_part_of_the_page(filled: bytes, pki: Pki) -> None:
    record, taken = both_ways(stamped(filled, pki.speaker, MARGIN))
    assert taken
    assert record.status is Status.VALID, record.findings
    assert "signature-stamp" in codes(record)
    assert record.speaker_name == "Bohyung Han"


@pytest.mark.parametrize(
    ("where", "covered"),
    [
        (OVER_SIGNATURE, "the signature box"),
        (OVER_WORDING, "the form's wording '"),
        ("name", "speaker_name"),
    ],
    ids=["signature", "wording", "name"],
)
def test_a_stamp_over_the_form_is_for_a_person(
    filled: bytes, pki: Pki, where: Any, covered: str
) -> None:
    if where == "name":  # (page 1, with the consent boxes: rendered with its widgets)
        form = load_form()
        widget = form.fields["speaker_name"].widgets[0]
        page = [p.number for p in form.pages].index(widget.page)
        where = widget.box.rect
    else:
        page = 1
    record, taken = both_ways(stamped(filled, pki.speaker, where, page=page))
    assert taken
    assert record.status is Status.INCOMPLETE, record.findings
    (covers,) = [f.message for f in record.findings if f.code == "stamp-covers"]
    assert covered in covers or "name" in covers
    assert record.speaker_name == "Bohyung Han"  # (the widget's value, not the stamp's words)


def test_a_stamp_that_says_more_is_for_a_person(filled: bytes, pki: Pki) -> None:
    data = stamped(filled, pki.speaker, MARGIN, text="Consent withdrawn\n%(ts)s")
    record, taken = both_ways(data)
    assert taken
    assert record.status is Status.INCOMPLETE
    assert "shown-text-unchecked" in codes(record)


def _renamed(writer: PdfWriter) -> None:
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"speaker_name": "Mallory Doe"})


def test_a_value_changed_after_signing_reads_as_signed(filled: bytes, pki: Pki) -> None:
    """The name refilled by pypdf after the signature: the values the person signed are the
    record's, and the change is an error, on both paths."""
    data = update(invisible(filled, pki), _renamed)
    record, _ = both_ways(data)
    assert record.status is Status.INVALID
    assert record.speaker_name == "Bohyung Han"


@pytest.mark.parametrize(
    "attack",
    [
        pytest.param(
            lambda d, pki: update(stamped(d, pki.speaker, MARGIN), _redrawn), id="redrawn"
        ),
        pytest.param(
            lambda d, pki: update(stamped(d, pki.speaker, OVER_WORDING), _unsigned_widget),
            id="unsigned-beside",
        ),
        pytest.param(lambda d, pki: update(d, _unsigned_widget), id="unsigned"),
        pytest.param(lambda d, pki: update(invisible(d, pki), _unsigned_widget), id="unsigned-2"),
    ],
)
def test_a_widget_no_signature_vouches_for_is_the_general_paths(
    filled: bytes, pki: Pki, attack: Any
) -> None:
    """A stamp redrawn after signing, a signature widget with no signature beside a
    signed one: each draws on the page, and the file is read the general way (``invalid``:
    the page differs from the form's)."""
    record, taken = both_ways(attack(filled, pki))
    assert not taken
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record)


def _broken(data: bytes) -> bytes:
    """A byte the signature covers changed (the title's, in pypdf's appearance)."""
    out = bytearray(data)
    at = out.rfind(b"Operation-Aware")
    assert at > 0
    out[at] ^= 0x20
    return bytes(out)


@pytest.mark.parametrize("sign", ["invisible", "stamp"])
def test_a_broken_signature(filled: bytes, pki: Pki, sign: str) -> None:
    data = invisible(filled, pki) if sign == "invisible" else stamped(filled, pki.speaker, MARGIN)
    record, taken = both_ways(_broken(data))
    assert record.status is Status.INVALID
    assert "signature-broken" in codes(record)
    assert sign == "invisible" or not taken  # (a stamp no signature vouches for is the page's)


@pytest.mark.parametrize("sign", ["invisible", "stamp"])
def test_re_saved_by_qpdf(filled: bytes, pki: Pki, sign: str, tmp_path: Path) -> None:
    """Re-saved whole, the signature covers the file no more: broken, on both paths; its
    stamp is read as part of the page."""
    qpdf = require_tool("qpdf")
    data = invisible(filled, pki) if sign == "invisible" else stamped(filled, pki.speaker, MARGIN)
    source, out = tmp_path / "signed.pdf", tmp_path / "resaved.pdf"
    source.write_bytes(data)
    subprocess.run([qpdf, "--object-streams=generate", str(source), str(out)], check=True)
    record, taken = both_ways(out.read_bytes())
    assert record.status is Status.INVALID
    assert "signature-broken" in codes(record)
    assert sign == "invisible" or not taken


def _no_size(show: bytes | None) -> Any:
    """An edit: a signature field ``Sig1`` on page 2 whose widget has a rectangle of no
    height, its appearance drawing ``show`` (None: empty; pyHanko signs such a field
    leaving its appearance be)."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[1]
        stream = _words_stream(show or b"")
        if show is None:
            stream.set_data(b"")
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject("Sig1"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 300, 500, 300)]),
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(stream)}),
            }
        )
        ref = writer._add_object(widget)
        page[NameObject("/Annots")].append(ref)
        writer._root_object["/AcroForm"]["/Fields"].append(ref)

    return edit


def test_a_widget_of_no_size_pdfium_draws_is_the_general_paths(filled: bytes, pki: Pki) -> None:
    """PDFium draws the text of a widget of no size at a size of its own: "NO CONSENT",
    spread by its character spacing, shows on page 2 in Chrome. Such a widget is not
    passed over: read the general way, its ink is the page's (review s56)."""
    shown = b"36 Tc (NO CONSENT) Tj"
    record, taken = both_ways(invisible(update(filled, _no_size(shown)), pki))
    assert not taken
    assert record.status is Status.INVALID
    assert codes(record) & {"page-differs", "hidden-text"}


def test_a_widget_of_no_size_whose_appearance_is_empty_is_passed(filled: bytes, pki: Pki) -> None:
    record, taken = both_ways(invisible(update(filled, _no_size(None)), pki))
    assert taken
    assert record.status is Status.VALID, record.findings


def _outlines(text: str, x: float, y: float, size: float) -> bytes:
    """``text`` in the bundled DejaVu Sans as filled outlines: path operators, no text."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    from pubrelease.pdf.fonts import bundled_font

    font = TTFont(bundled_font().path)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    ops: list[str] = []
    advance = 0.0

    class Pen(BasePen):  # type: ignore[misc]
        def _at(self, p: tuple[float, float]) -> str:
            return f"{x + (p[0] + advance) * scale:.2f} {y + p[1] * scale:.2f}"

        def _moveTo(self, p: tuple[float, float]) -> None:
            ops.append(self._at(p) + " m")

        def _lineTo(self, p: tuple[float, float]) -> None:
            ops.append(self._at(p) + " l")

        def _curveToOne(self, a: Any, b: Any, c: Any) -> None:
            ops.append(f"{self._at(a)} {self._at(b)} {self._at(c)} c")

        def _closePath(self) -> None:
            ops.append("h")

    for char in text:
        glyph = glyphs[cmap[ord(char)]]
        glyph.draw(Pen(glyphs))
        advance += glyph.width
    return ("0 0 0 rg\n" + "\n".join(ops) + "\nf\n").encode()


@pytest.mark.parametrize("layer", ["", "Digitally signed by Bohyung Han"], ids=["none", "hidden"])
def test_a_stamp_that_draws_words_as_outlines_is_for_a_person(
    filled: bytes, pki: Pki, layer: str
) -> None:
    """A signed stamp in the margin drawing "I DO NOT CONSENT" as outlines (no text, or
    invisible text saying who signed) read ``valid``: its words came from its text layer
    alone (review s56). Now it draws a picture: for a person, on both paths."""
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import StaticStampStyle

    drawn = _outlines("I DO NOT CONSENT", 4, 18, 16)
    if layer:
        drawn += f"BT /F1 10 Tf 3 Tr 4 4 Td ({layer}) Tj ET".encode()
    art = RawContent(drawn, box=BoxConstraints(width=160, height=50))
    style = StaticStampStyle(border_width=0, background=art, background_opacity=1)
    data = stamped_with(filled, pki, style)
    record, taken = both_ways(data)
    assert taken
    assert record.status is Status.INCOMPLETE, record.findings
    (told,) = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert "draws a picture" in told


def stamped_with(data: bytes, pki: Pki, style: Any) -> bytes:
    """``data`` signed by pyHanko in a new field ``Sig1`` in page 2's margin, its stamp
    drawn in ``style``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(str(pki.speaker.p12), passphrase=PASSPHRASE)
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    spec = fields.SigFieldSpec("Sig1", on_page=1, box=MARGIN)
    fields.append_signature_field(writer, spec)
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name="Sig1")
    signers.PdfSigner(meta, signer, stamp_style=style).sign_pdf(writer, output=out)
    return out.getvalue()
