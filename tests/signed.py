"""Signed returns for the tests: releases filled, signed with the test PKI, then changed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from pubrelease import Release
from pubrelease.filling.certsign import SigningKey, load_signing_key
from pubrelease.form.template import Form

from .helpers import Edit, update
from .pki import PASSPHRASE, Pki

TODAY = dt.date.today()


def release(name: str = "Bohyung Han", consent: str = "accept", **extra: str) -> Release:
    values = {
        "speaker_name": name,
        "event_title": "Operation-Aware Soft Channel Pruning using Differentiable Masks",
        "event_date": "2020-07-15",
        "effective_date": "2020-09-23",
        "consent": consent,
        "signature": name,
        "sign_date": TODAY.isoformat(),
        **extra,
    }
    return Release.create(**values)


def issued(**answers: str) -> bytes:
    """The release as the conference issues it: the speaker's part blank but ``answers``."""
    from pubrelease import fill

    return fill(
        Release.create(
            speaker_name="Bohyung Han",
            event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
            event_date="2020-07-15",
            effective_date="2020-09-23",
            **answers,
        )
    )


def certified_for_filling(data: bytes, pki: Pki, permission: str) -> bytes:
    """``data`` certified by the conference with pyHanko (an invisible field), DocMDP
    ``permission`` (``FILL_FORMS`` or ``NO_CHANGES``), as Acrobat's "certify: form fill-in
    and signing allowed" does."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(str(pki.conference.p12), passphrase=PASSPHRASE)
    assert signer is not None
    meta = signers.PdfSignatureMetadata(
        field_name="Certification",
        certify=True,
        docmdp_permissions=getattr(fields.MDPPerm, permission),
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    signers.PdfSigner(meta, signer).sign_pdf(writer, output=out)
    return out.getvalue()


def key(identity_p12: Path) -> SigningKey:
    return load_signing_key(identity_p12, passphrase=PASSPHRASE)


def set_fields(**values: str) -> Edit:
    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)

    return edit


def consent_rect(form: Form) -> list[float]:
    boxes = [w.box.rect for w in form.fields["consent"].widgets]
    return [
        min(b[0] for b in boxes) - 2,
        min(b[1] for b in boxes) - 2,
        max(b[2] for b in boxes) + 60,
        max(b[3] for b in boxes) + 2,
    ]


def signed_set(folder: Path, pki: Pki) -> dict[str, tuple[str, bool, str | None]]:
    """The issue's set of signed returns written to ``folder``: file name to (status,
    countersigned, a finding code it must carry)."""
    from pypdf.annotations import FreeText

    from pubrelease import fill, load_form
    from pubrelease.filling.certsign import certify_release, sign_release

    form = load_form()
    speaker = key(pki.speaker.p12)
    signed = sign_release(fill(release()), speaker)
    page = form.fields["consent"].widgets[0].box.page
    flipped = bytearray(signed)
    at = flipped.find(b"Operation-Aware", len(form.template))
    flipped[at] ^= 0x20
    made = {
        "signed.pdf": (signed, ("valid", False, "signature-revocation-unchecked")),
        "countersigned.pdf": (
            certify_release(signed, key(pki.conference.p12)),
            ("valid", True, None),
        ),
        "declined.pdf": (
            sign_release(fill(release(consent="decline")), speaker),
            ("declined", False, None),
        ),
        "self-signed.pdf": (
            sign_release(fill(release()), key(pki.stranger.p12)),
            ("valid", False, "signature-untrusted"),
        ),
        "value-changed.pdf": (
            update(signed, set_fields(event_title="A Different Talk")),
            ("invalid", False, "changed-after-signing"),
        ),
        "note-over-boxes.pdf": (
            update(
                signed,
                lambda w: w.add_annotation(page, FreeText(text="X", rect=consent_rect(form))),
            ),
            ("invalid", False, "shadow-hide"),
        ),
        "byte-changed.pdf": (bytes(flipped), ("invalid", False, "signature-broken")),
        "e-signed.pdf": (
            sign_release(
                with_page(fill(release()), text_page(AUDIT_LINES), incremental=False),
                key(pki.service.p12),
            ),
            ("valid", False, "signed-by-service"),
        ),
    }
    for name, (data, _) in made.items():
        (folder / name).write_bytes(data)
    return {name: expected for name, (_, expected) in made.items()}


AUDIT_LINES = (
    "Certificate of Completion",
    "Envelope Id: 4F2A9C1E-77B3-4D0A-9E21-5C3B8A6F0D12",
    "Signer Events",
    "Bohyung Han (bhhan@example.org)",
    "Signed using IP Address: 203.0.113.45",
    "Sent: 2026-11-28 09:14:02 UTC",
    "Viewed: 2026-11-28 09:20:41 UTC (IP 2001:db8::1)",
    "Signed: 2026-11-28 09:22:10 UTC",
    "Completed: 2026-11-28 09:22:11 UTC",
    "Example eSign Service audit trail",
)


def text_page(lines: tuple[str, ...]) -> bytes:
    """One Letter page of ``lines``, drawn by reportlab."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=letter)
    for n, line in enumerate(lines):
        drawing.drawString(72, 720 - 20 * n, line)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def with_page(data: bytes, page: bytes, *, incremental: bool) -> bytes:
    """``data`` with ``page`` appended: rewritten as a service does, or as an update."""
    if incremental:
        return update(data, lambda w: w.add_page(PdfReader(io.BytesIO(page)).pages[0]))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_page(PdfReader(io.BytesIO(page)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
