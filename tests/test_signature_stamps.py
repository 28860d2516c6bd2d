"""A certificate signature's visible stamp (rev26 case 7): the signer's, not the form's.

pyHanko signs a filled release the way a speaker's tool does: a new signature field
(``append_signature_field(SigFieldSpec('Sig1', on_page=..., box=...))``) and
``signers.sign_pdf`` with pyHanko's default stamp ("Digitally signed by ... Timestamp:
..."). Read as part of the page, that stamp was ink the form does not have, text hidden
under its own picture and, at the foot of page 2, the countersign date: ``invalid``. A
stamp its intact signature covers is read apart: in a blank part of the page the return
is ``valid``; over the form's wording, a value box, the consent boxes or the signature
box it hides what is under it (``stamp-covers``: ``incomplete``). A ``/Sig`` widget
without a signature, a broken signature, or a stamp redrawn after signing is read as
before.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import fill, load_form, parse
from pubrelease.record import Record, Severity, Status

from .helpers import require_tool, update
from .pki import PASSPHRASE, Identity, Pki
from .signed import consent_rect, release

MARGIN = (400, 100, 560, 150)
"""Blank space at the foot of page 2, under the countersigner's lines."""
BESIDE = (390, 488, 560, 506)
"""Right of the speaker's signature line."""
TOP = (400, 730, 560, 770)
"""Above the first paragraph of page 2."""
OVER_SIGNATURE = (122, 491, 378, 504)
"""The speaker's signature box, a typed signature in it."""
OVER_WORDING = (72, 600, 300, 640)
"""Over the paragraphs of page 2."""


@pytest.fixture(scope="module")
def filled() -> bytes:
    return fill(release())


def stamped(
    data: bytes, who: Identity, box: tuple[float, ...], page: int = 1, text: str | None = None
) -> bytes:
    """``data`` signed by pyHanko in a new visible field ``Sig1`` on ``page`` (from 0) at
    ``box``, with pyHanko's default stamp, or one that says ``text`` (``%(signer)s`` and
    ``%(ts)s`` filled in), as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = signers.SimpleSigner.load_pkcs12(str(who.p12), passphrase=PASSPHRASE)
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    spec = fields.SigFieldSpec("Sig1", on_page=page, box=tuple(int(v) for v in box))  # type: ignore[arg-type]
    fields.append_signature_field(writer, spec)
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name="Sig1")
    style = None if text is None else TextStampStyle(stamp_text=text)
    signers.PdfSigner(meta, signer, stamp_style=style).sign_pdf(writer, output=out)
    return out.getvalue()


def codes(record: Record, severity: Severity | None = None) -> set[str]:
    return {f.code for f in record.findings if severity is None or f.severity is severity}


def messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


READ_AS_PAGE = {
    "page-differs",
    "hidden-text",
    "value-disagreement",
    "bad-date",
    "shown-text-differs",
}
"""What the stamp read as part of the page gave."""


# -- a stamp its signature vouches for -------------------------------------------------------


@pytest.mark.parametrize("box", [MARGIN, BESIDE, TOP], ids=["margin", "beside-line", "top"])
def test_a_stamp_in_a_blank_part_of_the_page_is_valid(
    pki: Pki, filled: bytes, box: tuple[float, ...]
) -> None:
    record = parse(stamped(filled, pki.speaker, box))
    assert record.status is Status.VALID, record.findings
    assert not codes(record) & READ_AS_PAGE
    assert record.countersign_date is None and record.speaker_name == "Bohyung Han"
    (told,) = messages(record, "signature-stamp")
    assert "Sig1" in told and "page 2" in told
    assert "it reads 'Digitally signed by Bohyung Han" in told  # what it says, for a person
    # the signature's own trust findings stay
    assert "signature-untrusted" in codes(record, Severity.WARNING)
    (sig,) = record.signatures
    assert sig.intact and sig.field == "Sig1"


@pytest.mark.parametrize(
    "text",
    [
        "Digitally signed by %(signer)s\nDate: %(ts)s\nReason: I am approving this document",
        "Signed by: %(signer)s (CN=Bohyung Han, O=Example)\n%(ts)s",
    ],
    ids=["acrobat-reason", "dn"],
)
def test_a_stamp_that_says_who_when_and_why_is_valid(pki: Pki, filled: bytes, text: str) -> None:
    record = parse(stamped(filled, pki.speaker, MARGIN, text=text))
    assert record.status is Status.VALID, record.findings
    assert messages(record, "signature-stamp")


@pytest.mark.parametrize(
    "text",
    [
        "Digitally signed by %(signer)s\nReason: I do not agree to clause 3\n%(ts)s",
        "Digitally signed by %(signer)s\nReason: I agree to specified portions of this "
        "document\n%(ts)s",
        "Consent withdrawn\n%(ts)s",
    ],
    ids=["disagrees", "portions", "withdrawn"],
)
def test_a_stamp_that_says_more_is_for_a_person(pki: Pki, filled: bytes, text: str) -> None:
    """A stamp in a margin is the signer's, and what it says is theirs too: more than who
    signed, when and why (a reason of their own) is read by a person, not passed."""
    record = parse(stamped(filled, pki.speaker, MARGIN, text=text))
    assert record.status is Status.INCOMPLETE, record.findings
    (told,) = messages(record, "shown-text-unchecked")
    assert "a person should read it" in told and "Sig1" in told


def test_a_self_signed_stamp_at_the_foot_of_page_2_is_no_countersign_date(
    pki: Pki, filled: bytes
) -> None:
    record = parse(stamped(filled, pki.stranger, MARGIN))
    assert record.status is Status.VALID, record.findings
    assert record.countersign_date is None
    assert "bad-date" not in codes(record)
    assert any("not trusted" in m for m in messages(record, "signature-untrusted"))


def test_a_stamp_over_the_typed_signature_hides_it(pki: Pki, filled: bytes) -> None:
    record = parse(stamped(filled, pki.speaker, OVER_SIGNATURE))
    assert record.status is Status.INCOMPLETE, record.findings
    (covers,) = messages(record, "stamp-covers")
    assert "the signature box" in covers and "Sig1" in covers
    assert record.signature == "Bohyung Han"  # the typed value, not the stamp's words


def test_a_stamp_in_an_empty_signature_box_is_looked_at(pki: Pki) -> None:
    blank = fill(release(signature=""))
    record = parse(stamped(blank, pki.speaker, OVER_SIGNATURE))
    assert record.status is Status.INCOMPLETE, record.findings
    assert "signature-not-a-name" not in codes(record)
    (covers,) = messages(record, "stamp-covers")
    assert "the signature box" in covers


def test_a_stamp_over_the_wording_hides_it(pki: Pki, filled: bytes) -> None:
    record = parse(stamped(filled, pki.speaker, OVER_WORDING))
    assert record.status is Status.INCOMPLETE, record.findings
    (covers,) = messages(record, "stamp-covers")
    assert "the form's wording '" in covers
    assert not codes(record) & READ_AS_PAGE


def test_a_stamp_over_the_consent_boxes(pki: Pki, filled: bytes) -> None:
    rect = consent_rect(load_form())
    record = parse(stamped(filled, pki.speaker, rect))
    assert record.status is Status.INCOMPLETE, record.findings
    (covers,) = messages(record, "stamp-covers")
    assert "the consent boxes" in covers
    assert "modified-after-issue" not in codes(record)


def test_the_conference_certifies_after_a_stamped_signature(pki: Pki, filled: bytes) -> None:
    from pubrelease.filling.certsign import certify_release, load_signing_key

    conference = load_signing_key(pki.conference.p12, passphrase=PASSPHRASE)
    record = parse(certify_release(stamped(filled, pki.speaker, MARGIN), conference))
    assert record.status is Status.VALID, record.findings
    assert record.countersigned and "signature-stamp" in codes(record)


def test_pubreleases_own_seal_is_read_past_and_told_nothing_of(pki: Pki, filled: bytes) -> None:
    from pubrelease.filling.certsign import load_signing_key, sign_release

    record = parse(sign_release(filled, load_signing_key(pki.speaker.p12, passphrase=PASSPHRASE)))
    assert record.status is Status.VALID, record.findings
    assert not codes(record) & {"signature-stamp", "stamp-covers"}


# -- stamps no signature vouches for: read as before ---------------------------------------


def test_rewritten_by_qpdf_the_signature_breaks_and_the_stamp_is_the_pages(
    pki: Pki, filled: bytes, tmp_path: Path
) -> None:
    qpdf = require_tool("qpdf")
    source, out = tmp_path / "stamped.pdf", tmp_path / "rewritten.pdf"
    source.write_bytes(stamped(filled, pki.speaker, MARGIN))
    subprocess.run([qpdf, "--object-streams=generate", str(source), str(out)], check=True)
    record = parse(out)
    assert record.status is Status.INVALID
    assert "signature-broken" in codes(record, Severity.ERROR)
    assert "page-differs" in codes(record, Severity.ERROR)  # the stamp is read as before
    assert not codes(record) & {"signature-stamp", "stamp-covers"}


def test_a_stamp_of_a_broken_signature_is_read_as_before(pki: Pki, filled: bytes) -> None:
    data = bytearray(stamped(filled, pki.speaker, MARGIN))
    at = data.find(b"Operation-Aware", len(load_form().template))
    data[at] ^= 0x20
    record = parse(bytes(data))
    assert record.status is Status.INVALID
    assert {"signature-broken", "page-differs"} <= codes(record, Severity.ERROR)
    assert "signature-stamp" not in codes(record)


def _redrawn(writer: PdfWriter) -> None:
    """The stamp's appearance replaced (an attacker's words in the signed widget)."""
    for annot in writer.pages[1]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/T") == "Sig1":
            stream = _words_stream(b"(I DO NOT AGREE) Tj")
            widget[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): writer._add_object(stream)}
            )


def _words_stream(show: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 4 20 Td " + show + b" ET")
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 160, 50)]),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/Font"): DictionaryObject(
                        {
                            NameObject("/F1"): DictionaryObject(
                                {
                                    NameObject("/Type"): NameObject("/Font"),
                                    NameObject("/Subtype"): NameObject("/Type1"),
                                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                                }
                            )
                        }
                    )
                }
            ),
        }
    )
    return stream


def test_a_stamp_redrawn_after_signing_is_read_as_before(pki: Pki, filled: bytes) -> None:
    record = parse(update(stamped(filled, pki.speaker, MARGIN), _redrawn))
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record, Severity.ERROR)
    assert not codes(record) & {"signature-stamp", "stamp-covers"}


def _unsigned_widget(writer: PdfWriter) -> None:
    """A ``/Sig`` field without a signature whose appearance reads like a signer's stamp."""
    page = writer.pages[1]
    stream = _words_stream(b"(Digitally signed by Bohyung Han) Tj")
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("Sig9"),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in MARGIN]),
            NameObject("/P"): page.indirect_reference,
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(stream)}),
        }
    )
    ref = writer._add_object(widget)
    page[NameObject("/Annots")].append(ref)
    writer._root_object["/AcroForm"]["/Fields"].append(ref)


def test_an_unsigned_signature_widget_is_read_as_before(filled: bytes) -> None:
    record = parse(update(filled, _unsigned_widget))
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record, Severity.ERROR)
    assert not record.signatures
    assert not codes(record) & {"signature-stamp", "stamp-covers"}


def test_an_unsigned_widget_beside_a_signed_stamp_is_read_as_before(
    pki: Pki, filled: bytes
) -> None:
    """Signed in the margin, then a ``/Sig`` widget with no signature added (allowed
    after a signature) beside it: the signed stamp is read apart, the other one is not."""
    record = parse(update(stamped(filled, pki.speaker, TOP), _unsigned_widget))
    assert record.status is Status.INVALID
    assert "page-differs" in codes(record, Severity.ERROR)
    assert any("Digitally signed" in m for m in messages(record, "page-differs"))
    (told,) = messages(record, "signature-stamp")
    assert "(400, 730)" in told


def test_a_stamp_on_pages_saved_in_another_order(pki: Pki, filled: bytes, tmp_path: Path) -> None:
    """The pages reversed by qpdf, then signed on the first page of the file (the form's
    second): the stamp is judged on the form's page it lies on, named by the file's."""
    qpdf = require_tool("qpdf")
    source, reversed_ = tmp_path / "filled.pdf", tmp_path / "reversed.pdf"
    source.write_bytes(filled)
    subprocess.run(
        [qpdf, "--empty", "--pages", str(source), "z-1", "--", str(reversed_)], check=True
    )
    record = parse(stamped(reversed_.read_bytes(), pki.speaker, MARGIN, page=0))
    assert record.status is Status.VALID, record.findings
    assert "pages-reordered" in codes(record)
    (told,) = messages(record, "signature-stamp")
    assert "on page 1 " in told
