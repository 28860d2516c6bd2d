"""Certificate signatures: signed returns validated, what changed after signing named.

The certificates come from a test CA made with ``cryptography`` (tests/pki.py); the
returns are filled by ``fill``, signed by pyHanko (through ``sign_release``) and then
changed the way an attacker or a careless tool would: pypdf incremental updates, a byte
flipped, a qpdf rewrite.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText, Rectangle
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from pubrelease import fill, load_form, parse
from pubrelease.certsig import Certification, Revocation, SignerRole
from pubrelease.errors import SigningKeyError
from pubrelease.filling.certsign import (
    certify_release,
    load_signing_key,
    sign_release,
)
from pubrelease.form.template import Form
from pubrelease.reading.trust import TrustError, TrustRoots, load_trust
from pubrelease.record import Record, Severity, Status

from .helpers import require_tool
from .pki import PASSPHRASE, Pki
from .signed import (
    AUDIT_LINES,
    TODAY,
    consent_rect,
    issued,
    key,
    release,
    set_fields,
    text_page,
    update,
    with_page,
)


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form()


@pytest.fixture(scope="module")
def signed(pki: Pki) -> bytes:
    """The speaker's release, filled and signed with the speaker's certificate."""
    return sign_release(fill(release()), key(pki.speaker.p12))


def codes(record: Record, severity: Severity | None = None) -> set[str]:
    return {f.code for f in record.findings if severity is None or f.severity is severity}


def messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


# -- signed returns that are good -------------------------------------------------------------


def test_a_release_signed_by_the_speaker_is_valid(signed: bytes, roots: TrustRoots) -> None:
    record = parse(signed, trust=roots)
    assert record.status is Status.VALID, record.findings
    (sig,) = record.signatures
    assert sig.field == "signature_cert" and sig.role is SignerRole.SPEAKER
    assert (sig.signer_name, sig.signer_email) == ("Bohyung Han", "bhhan@example.org")
    assert sig.intact and sig.trusted and "Test Conference Root CA" in (sig.trust_root or "")
    assert sig.revision == 2 and sig.changes_after == ()
    assert sig.certification is None and not sig.certifying
    # signed when the fixture ran: TODAY, or the day after if the run crossed midnight
    assert sig.signing_time is not None
    assert sig.signing_time.date() in (TODAY, TODAY + dt.timedelta(days=1))
    assert sig.revocation is Revocation.NOT_CHECKED
    assert "signature-revocation-unchecked" in codes(record, Severity.INFO)
    assert record.signed and not record.countersigned
    assert record.to_dict()["signatures"][0]["signer_name"] == "Bohyung Han"
    keys = list(record.to_dict())
    assert keys.index("findings") < keys.index("signatures") < keys.index("audit_trail")


def test_countersigned_by_the_conference_with_a_certificate(
    signed: bytes, pki: Pki, roots: TrustRoots
) -> None:
    both = certify_release(signed, key(pki.conference.p12))
    record = parse(both, trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.countersigned
    speaker, conference = record.signatures
    assert speaker.changes_after == ()
    assert conference.role is SignerRole.COUNTERSIGNER
    assert conference.signer_name == "David Blei" and conference.revision == 3
    assert conference.certification is Certification.NO_CHANGES
    assert "not-countersigned" not in codes(record)


def test_the_conference_certifies_a_typed_release(pki: Pki, roots: TrustRoots) -> None:
    certified = certify_release(fill(release()), key(pki.conference.p12))
    record = parse(certified, trust=roots)
    assert record.status is Status.VALID, record.findings
    (sig,) = record.signatures
    assert sig.certifying and sig.certification is Certification.NO_CHANGES
    assert record.countersigned and record.signed  # typed signature, certificate countersign


def test_declined_and_signed_is_declined(pki: Pki, roots: TrustRoots) -> None:
    data = sign_release(fill(release(consent="decline")), key(pki.speaker.p12))
    record = parse(data, trust=roots)
    assert record.status is Status.DECLINED, record.findings
    assert record.signatures[0].intact


def test_a_self_signed_certificate_is_valid_with_an_untrusted_warning(
    pki: Pki, roots: TrustRoots
) -> None:
    data = sign_release(fill(release()), key(pki.stranger.p12))
    record = parse(data, trust=roots)
    assert record.status is Status.VALID, record.findings
    (message,) = messages(record, "signature-untrusted")
    assert "Bohyung Han" in message and "signature_cert" in message
    assert not record.signatures[0].trusted


def test_without_trust_roots_no_signer_is_trusted(signed: bytes) -> None:
    record = parse(signed)
    assert record.status is Status.VALID
    (message,) = messages(record, "signature-untrusted")
    assert "no trust roots were given" in message


def test_the_conference_filling_its_fields_after_the_speaker_signed(
    signed: bytes, roots: TrustRoots
) -> None:
    from pubrelease.filling.countersign import Countersignature, countersign

    typed = countersign(signed, Countersignature("David Blei", TODAY))
    record = parse(typed, trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.countersigned and record.countersign_date == TODAY
    # filled by another program, it may be the speaker's typing: not counted (rev28 §10)
    typed = update(
        signed,
        set_fields(
            countersigner_signature="David Blei", countersign_date=TODAY.strftime("%b %d, %Y")
        ),
    )
    record = parse(typed, trust=roots)
    assert not record.countersigned
    assert "countersign-unproven" in codes(record)


def test_an_expired_certificate_is_untrusted(pki: Pki, roots: TrustRoots) -> None:
    data = sign_release(fill(release()), key(pki.expired.p12))
    record = parse(data, trust=roots)
    (message,) = messages(record, "signature-untrusted")
    assert "expired" in message
    assert record.status is Status.VALID  # the typed release stands; the warning says why


def _with_crl(data: bytes, pki: Pki) -> bytes:
    from asn1crypto import crl
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    out = io.BytesIO(data)
    der = pki.crl.public_bytes(Encoding.DER)
    DocumentSecurityStore.add_dss(out, None, crls=[crl.CertificateList.load(der)])
    return out.getvalue()


def test_a_revoked_certificate_with_the_crl_in_the_file_is_invalid(
    pki: Pki, roots: TrustRoots
) -> None:
    data = _with_crl(sign_release(fill(release()), key(pki.revoked.p12)), pki)
    record = parse(data, trust=roots)
    assert record.status is Status.INVALID
    assert "signature-revoked" in codes(record, Severity.ERROR)
    assert record.signatures[0].revocation is Revocation.REVOKED


def test_revocation_data_in_the_file_is_used(signed: bytes, pki: Pki, roots: TrustRoots) -> None:
    record = parse(_with_crl(signed, pki), trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.signatures[0].revocation is Revocation.CHECKED
    assert "signature-revocation-unchecked" not in codes(record)


def test_a_certificate_of_someone_else(pki: Pki, roots: TrustRoots) -> None:
    data = sign_release(fill(release("Minsoo Kang")), key(pki.speaker.p12))
    record = parse(data, trust=roots)
    (message,) = messages(record, "signer-name-mismatch")
    assert "'Bohyung Han'" in message and "'Minsoo Kang'" in message


def test_accents_and_order_are_not_a_name_mismatch(pki: Pki, roots: TrustRoots) -> None:
    for name in ("Bóhyung Hän", "Han Bohyung", "Bohyung  HAN"):
        data = sign_release(fill(release(name)), key(pki.speaker.p12))
        assert "signer-name-mismatch" not in codes(parse(data, trust=roots)), name


def test_signed_long_after_the_typed_date(pki: Pki, roots: TrustRoots) -> None:
    early = TODAY - dt.timedelta(days=30)
    data = sign_release(fill(release(sign_date=early.isoformat())), key(pki.speaker.p12))
    record = parse(data, trust=roots)
    (message,) = messages(record, "signed-late")
    (sig,) = record.signatures
    assert sig.signing_time is not None  # 30 days, or 31 if the run crossed midnight
    assert f"{(sig.signing_time.date() - early).days} days" in message
    assert record.status is Status.VALID


# -- changed after signing ---------------------------------------------------------------------


def test_a_value_changed_after_signing(signed: bytes, roots: TrustRoots) -> None:
    changed = update(signed, set_fields(event_title="A Different Talk"))
    record = parse(changed, trust=roots)
    assert record.status is Status.INVALID
    (message,) = messages(record, "changed-after-signing")
    assert "event_title" in message and "revision 3" in message and "signature_cert" in message
    assert "A Different Talk" in message
    # what the speaker signed is what the record says
    assert record.event_title == "Operation-Aware Soft Channel Pruning using Differentiable Masks"
    assert record.signatures[0].changes_after


def test_an_answer_flipped_after_signing_is_an_error(signed: bytes, roots: TrustRoots) -> None:
    def decline(writer: PdfWriter) -> None:
        for page in writer.pages:
            for annot in cast(ArrayObject, page.get("/Annots", ArrayObject())):
                widget = annot.get_object()
                parent = widget.get("/Parent", widget).get_object()
                if parent.get("/T") == "consent":
                    parent[NameObject("/V")] = NameObject("/Decline")
                    on = "/Decline" in widget["/AP"]["/N"]
                    widget[NameObject("/AS")] = NameObject("/Decline" if on else "/Off")

    record = parse(update(signed, decline), trust=roots)
    assert record.status is Status.INVALID
    assert any("consent" in m for m in messages(record, "changed-after-signing"))
    assert record.consent.value == "accept"


@pytest.mark.parametrize("kind", ["note", "square"])
def test_a_note_drawn_over_the_consent_boxes_after_signing(
    signed: bytes, roots: TrustRoots, form: Form, kind: str
) -> None:
    rect = consent_rect(form)
    page = form.fields["consent"].widgets[0].box.page
    annotation = FreeText(text="X Decline", rect=rect) if kind == "note" else Rectangle(rect=rect)
    record = parse(update(signed, lambda w: w.add_annotation(page, annotation)), trust=roots)
    assert record.status is Status.INVALID
    (message,) = messages(record, "shadow-hide")
    assert "revision 3" in message and "signature_cert" in message


def test_page_content_replaced_after_signing(signed: bytes, roots: TrustRoots) -> None:
    def append(writer: PdfWriter) -> None:
        page = writer.pages[0]
        extra = DecodedStreamObject()
        extra.set_data(b"q 1 1 1 rg 60 600 400 80 re f Q BT /F1 10 Tf 72 640 Td (Void) Tj ET")
        page[NameObject("/Contents")] = ArrayObject(
            [page.raw_get("/Contents"), writer._add_object(extra)]
        )

    record = parse(update(signed, append), trust=roots)
    assert record.status is Status.INVALID
    assert any("page 1 content changed" in m for m in messages(record, "shadow-replace"))


def test_an_appearance_swapped_while_the_value_stays(signed: bytes, roots: TrustRoots) -> None:
    def swap(writer: PdfWriter) -> None:
        for page in writer.pages:
            for annot in cast(ArrayObject, page.get("/Annots", ArrayObject())):
                widget = annot.get_object()
                if widget.get("/T") != "event_title":
                    continue
                old = cast(StreamObject, widget["/AP"]["/N"].get_object())
                new = DecodedStreamObject()
                new.update({k: v for k, v in old.items() if k not in ("/Length", "/Filter")})
                new.set_data(b"BT /PRF0 9 Tf 2 4 Td (A Different Talk) Tj ET")
                widget[NameObject("/AP")] = DictionaryObject(
                    {NameObject("/N"): writer._add_object(new)}
                )

    record = parse(update(signed, swap), trust=roots)
    assert record.status is Status.INVALID
    (message,) = messages(record, "shadow-appearance-swapped")
    assert "event_title" in message and "revision 3" in message


def test_a_change_after_the_conference_certified_is_an_error(
    signed: bytes, pki: Pki, roots: TrustRoots
) -> None:
    both = certify_release(signed, key(pki.conference.p12))
    later = update(both, set_fields(countersign_date="Jan 01, 2021"))
    record = parse(later, trust=roots)
    assert record.status is Status.INVALID
    assert any(
        "countersigner_signature_cert" in m for m in messages(record, "changed-after-signing")
    )


def test_one_signed_byte_changed_breaks_the_signature(signed: bytes, roots: TrustRoots) -> None:
    data = bytearray(signed)
    at = data.find(b"Operation-Aware", len(load_form().template))
    data[at] ^= 0x20  # "operation-Aware"
    record = parse(bytes(data), trust=roots)
    assert record.status is Status.INVALID
    (message,) = messages(record, "signature-broken")
    assert "signature_cert" in message and "digest" in message
    assert "signature-untrusted" not in codes(record)


def test_a_signed_file_rewritten_by_qpdf_is_broken(
    signed: bytes, roots: TrustRoots, tmp_path: Path
) -> None:
    qpdf = require_tool("qpdf")
    source, out = tmp_path / "signed.pdf", tmp_path / "rewritten.pdf"
    source.write_bytes(signed)
    subprocess.run([qpdf, "--object-streams=generate", str(source), str(out)], check=True)
    record = parse(out, trust=roots)
    assert record.status is Status.INVALID
    assert "signature-broken" in codes(record, Severity.ERROR)


def test_a_signature_whose_contents_are_garbage_is_broken(signed: bytes, roots: TrustRoots) -> None:
    data = bytearray(signed)
    start = data.rfind(b"/Contents <") + len(b"/Contents <")
    data[start : start + 40] = b"0" * 40
    record = parse(bytes(data), trust=roots)
    assert record.status is Status.INVALID
    assert "signature-broken" in codes(record, Severity.ERROR)


# -- keys and trust roots -----------------------------------------------------------------------


def test_keys_load_from_pkcs12_and_pem_pairs(pki: Pki) -> None:
    pair = load_signing_key(pki.speaker.key, pki.speaker.cert, passphrase=PASSPHRASE)
    assert "Bohyung Han" in pair.subject
    with pytest.raises(SigningKeyError, match=r"speaker\.p12"):
        load_signing_key(pki.speaker.p12, passphrase=b"wrong")
    with pytest.raises(SigningKeyError, match="certificate"):
        load_signing_key(pki.speaker.key, passphrase=PASSPHRASE)


def test_trust_roots_from_files_and_folders(pki: Pki, tmp_path: Path) -> None:
    assert len(load_trust([pki.ca_pem]).certificates) == 1
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "ca.pem").write_bytes(pki.ca_pem.read_bytes())
    assert load_trust([folder]).certificates == load_trust([pki.ca_pem]).certificates
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TrustError, match="no certificate files"):
        load_trust([empty])


def test_a_bad_trust_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustError, match=r"bad\.pem"):
        load_trust([bad])


# -- e-signing services' returns ----------------------------------------------------------------


@pytest.mark.parametrize("incremental", [False, True], ids=["rewritten", "appended"])
def test_an_e_signing_service_return_with_its_audit_trail(
    pki: Pki, roots: TrustRoots, incremental: bool
) -> None:
    filled = with_page(fill(release()), text_page(AUDIT_LINES), incremental=incremental)
    data = sign_release(filled, key(pki.service.p12))
    record = parse(data, trust=roots)
    assert record.status is Status.VALID, record.findings
    trail = record.audit_trail
    assert trail is not None and trail.pages == (3,)
    assert trail.title == "Certificate of Completion"
    assert trail.emails == ("bhhan@example.org",)
    assert trail.ip_addresses == ("203.0.113.45", "2001:db8::1")
    assert "2026-11-28 09:22:10 UTC" in trail.timestamps and len(trail.timestamps) == 4
    assert "signer-name-mismatch" not in codes(record)
    (message,) = messages(record, "signed-by-service")
    assert "Example eSign Service" in message and "bhhan@example.org" in message
    assert record.to_dict()["audit_trail"]["emails"] == ["bhhan@example.org"]
    assert record.event_title == release().event_title  # the trail is not read as a value


def test_an_appended_page_that_is_no_audit_trail_is_still_found(
    pki: Pki, roots: TrustRoots
) -> None:
    extra = text_page(("Additional terms", "The speaker also grants exclusive rights."))
    record = parse(with_page(fill(release()), extra, incremental=True), trust=roots)
    assert record.status is Status.INVALID
    assert record.audit_trail is None
    assert any("pages added" in f.message for f in record.findings)


def test_a_timestamp_token_is_reported(pki: Pki, roots: TrustRoots) -> None:
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamped_at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
    tsa_cert = load_cert_from_pemder(str(pki.folder / "tsa.der"))
    timestamper = DummyTimeStamper(
        tsa_cert,
        load_private_key_from_pemder(str(pki.tsa.key), passphrase=PASSPHRASE),
        fixed_dt=stamped_at,
    )
    data = sign_release(fill(release()), key(pki.speaker.p12), timestamper=timestamper)
    record = parse(data, trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.signatures[0].timestamp == stamped_at
    assert record.to_dict()["signatures"][0]["timestamp"] == stamped_at.isoformat()


# -- attack classes after signing, each named -------------------------------------------------


def _cover_with_image(writer: PdfWriter) -> None:
    """Draw an opaque box over the consent line (an image's effect) in the page content."""
    page = writer.pages[1]
    extra = DecodedStreamObject()
    extra.set_data(b"q 1 1 1 rg 60 200 480 200 re f Q")
    page[NameObject("/Contents")] = ArrayObject(
        [page.raw_get("/Contents"), writer._add_object(extra)]
    )


def test_hide_and_replace_in_one_revision(signed: bytes, roots: TrustRoots, form: Form) -> None:
    note = Rectangle(rect=consent_rect(form))
    both = update(signed, _cover_with_image, lambda w: w.add_annotation(1, note))
    record = parse(both, trust=roots)
    assert record.status is Status.INVALID
    found = messages(record, "shadow-hide-and-replace")
    assert any("content changed" in m for m in found) and any("Square" in m for m in found)


def test_a_content_stream_redefined_under_its_own_number(signed: bytes, roots: TrustRoots) -> None:
    def redefine(writer: PdfWriter) -> None:
        page = writer.pages[0]
        contents = page.get_contents()
        assert contents is not None
        contents.set_data(contents.get_data() + b"\nq 1 1 1 rg 60 600 400 80 re f Q")
        page.replace_contents(contents)

    record = parse(update(signed, redefine), trust=roots)
    assert record.status is Status.INVALID
    assert any("page 1 content changed" in m for m in messages(record, "shadow-replace"))


def test_optional_content_added_after_signing_hides(signed: bytes, roots: TrustRoots) -> None:
    def optional_content(writer: PdfWriter) -> None:
        group = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG")}))
        writer.root_object[NameObject("/OCProperties")] = DictionaryObject(
            {
                NameObject("/OCGs"): ArrayObject([group]),
                NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([group])}),
            }
        )

    record = parse(update(signed, optional_content), trust=roots)
    assert record.status is Status.INVALID
    assert any("/OCProperties" in m for m in messages(record, "shadow-hide"))


def test_a_change_after_two_signatures_is_named_once(
    signed: bytes, pki: Pki, roots: TrustRoots
) -> None:
    both = certify_release(signed, key(pki.conference.p12))
    record = parse(update(both, set_fields(event_title="A Different Talk")), trust=roots)
    (message,) = messages(record, "changed-after-signing")
    assert "after signature signature_cert (revision 2" in message
    assert all(s.changes_after for s in record.signatures)  # each signature says it


def test_a_flattened_release_signed_and_certified(pki: Pki, roots: TrustRoots) -> None:
    flat = fill(release(), flatten=True)
    record = parse(sign_release(flat, key(pki.speaker.p12)), trust=roots)
    assert record.status is Status.VALID, record.findings
    certified = parse(certify_release(flat, key(pki.conference.p12)), trust=roots)
    assert certified.status is Status.VALID and certified.countersigned


def test_filled_in_a_viewer_then_signed_acrobat_like(pki: Pki, roots: TrustRoots) -> None:
    blank = issued()
    viewer = update(
        blank,
        set_fields(
            consent="/Accept",
            signature="Bohyung Han",
            sign_date=TODAY.strftime("%b %d, %Y"),
        ),
    )
    record = parse(sign_release(viewer, key(pki.speaker.p12)), trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.signatures[0].revision == 3
    assert record.consent.value == "accept" and record.signed


def test_a_page_object_redefined_later_pyhanko_rejects(signed: bytes, roots: TrustRoots) -> None:
    """A later revision redefines the signed page object with a key nothing reads: the
    revision reading sees no visible change, pyHanko's difference analysis rejects it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    kids = writer.root["/Pages"]["/Kids"]
    kids[0][generic.NameObject("/PieceInfo")] = generic.DictionaryObject(
        {generic.NameObject("/Hidden"): generic.NumberObject(1)}
    )
    writer.mark_update(kids.raw_get(0))
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), trust=roots)
    assert record.status is Status.INVALID
    (message,) = messages(record, "shadow-redefined")
    assert "signature_cert" in message and "\n" not in message


def test_a_signed_return_reads_alike_where_an_event_loop_runs(
    signed: bytes, roots: TrustRoots
) -> None:
    """A notebook's cell or a web service's handler runs an event loop; pyHanko's
    validation starts one of its own (``asyncio.run``), and must not read the signature
    as broken there."""
    import asyncio

    async def read() -> Record:
        return parse(signed, trust=roots)

    assert asyncio.run(read()) == parse(signed, trust=roots)
    assert asyncio.run(read()).status is Status.VALID


def test_a_release_is_signed_where_an_event_loop_runs(pki: Pki, roots: TrustRoots) -> None:
    import asyncio

    async def sign() -> bytes:
        return sign_release(fill(release()), key(pki.speaker.p12))

    record = parse(asyncio.run(sign()), trust=roots)
    assert record.status is Status.VALID, record.findings
    assert [s.intact for s in record.signatures] == [True]
