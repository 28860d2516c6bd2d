"""Signing a release with a certificate (PAdES, with pyHanko), as an incremental update.

The speaker's signature (:func:`sign_release`) is an approval signature: the conference
may still fill its own fields and countersign after it. The conference's signature
(:func:`certify_release`) is a certification signature whose DocMDP permissions allow no
change at all after it. Each goes in a new signature field whose visible appearance sits
in the form definition's signature box for that role (the speaker's box or the
countersigner's); the appearance is drawn with paths only (a frame and a seal), so the
typed signature and the page's text read exactly as before.

pyHanko is imported when a key is loaded, never at import time.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._loops import outside_loop
from ..certsig import SignerRole
from ..errors import SigningKeyError
from ..form.definition import FieldKind
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form

__all__ = [
    "PASSPHRASE_ENV",
    "SignerRole",
    "SigningKey",
    "certificate_field",
    "certify_release",
    "load_signing_key",
    "seal",
    "sign_release",
]

PASSPHRASE_ENV = "PUBRELEASE_KEY_PASSPHRASE"
"""The environment variable the command line reads a key's passphrase from."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key with its certificate (and chain), loaded and ready to sign."""

    source: str
    """The file it was loaded from, for messages."""
    subject: str
    """The certificate's subject, as a person reads it."""
    signer: Any
    """The pyHanko ``SimpleSigner`` (typed loosely so that pyHanko stays a lazy import)."""


def _is_pkcs12(data: bytes) -> bool:
    return not data.lstrip().startswith(b"-----") and data[:1] == b"\x30"


def load_signing_key(
    key: str | os.PathLike[str],
    cert: str | os.PathLike[str] | None = None,
    *,
    passphrase: bytes | None = None,
) -> SigningKey:
    """Load a PKCS#12 file, or a PEM/DER key with its certificate (``cert``, or the same
    PEM file when it holds both). Raises :class:`SigningKeyError` naming the file."""
    from pyhanko.sign import signers

    path = Path(key)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"cannot read the key: {exc.strerror or exc}", file=str(key)) from exc
    try:
        if _is_pkcs12(data) and cert is None:
            signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
        else:
            signer = _pem_signer(data, Path(cert).read_bytes() if cert else data, passphrase)
    except SigningKeyError as exc:
        raise SigningKeyError(exc.message, file=str(key)) from exc
    except (ValueError, TypeError, OSError) as exc:
        raise SigningKeyError(f"cannot load the key: {exc}", file=str(key)) from exc
    if signer is None or signer.signing_cert is None:
        raise SigningKeyError(
            "cannot load the key (wrong passphrase, or not a key and certificate)", file=str(key)
        )
    return SigningKey(str(key), signer.signing_cert.subject.human_friendly, signer)


def _pem_signer(key_data: bytes, cert_data: bytes, passphrase: bytes | None) -> Any:
    """A signer from a PEM/DER key and PEM/DER certificates: the key's own certificate
    first, the others (its chain) kept for the signature."""
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if b"CERTIFICATE-----" not in cert_data and cert_data is key_data:
        raise SigningKeyError(
            "a key without its certificate: give the certificate too "
            "(a PKCS#12 file, or a PEM holding both)"
        )
    private = load_private_key_from_pemder_data(key_data, passphrase=passphrase)
    certs = list(load_certs_from_pemder_data(cert_data))
    public = (
        serialization.load_der_private_key(private.dump(), None)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    own = [c for c in certs if c.public_key.dump() == public]
    if not own:
        raise SigningKeyError("no certificate for this key among the certificates given")
    chain = [c for c in certs if c is not own[0]]
    return signers.SimpleSigner(
        signing_cert=own[0],
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )


def certificate_field(form: Form, role: SignerRole) -> str:
    """The name of the certificate-signature field for ``role``: its box's name + ``_cert``."""
    return f"{_box_field(form, role)}_cert"


def _box_field(form: Form, role: SignerRole) -> str:
    for name, plan in form.fields.items():
        if plan.spec.kind is FieldKind.SIGNATURE and plan.spec.party.value == role.value:
            return name
    raise SigningKeyError(f"form {form.id!r} has no signature box for the {role.value}")


def _own_fields_lock(form: Form, role: SignerRole) -> Any:
    """A lock on the role's own fields: locking every field would mark the other
    signer's fields read-only, a change their signature would then have to allow."""
    from pyhanko.sign import fields

    own = [p.spec.pdf_name for p in form.fields.values() if p.spec.party.value == role.value]
    return fields.FieldMDPSpec(fields.FieldMDPAction.INCLUDE, fields=own)


def seal(width: float, height: float) -> tuple[bytes, Any]:
    """The seal :func:`sign_release` draws in a signature widget ``width`` by ``height``
    points: its appearance stream's content and its resources (a pyHanko dictionary), as
    pyHanko lays the stamp out for that box. The reading knows its own seal by them
    (:mod:`..reading.ownseal`)."""
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()  # type: ignore[no-untyped-call]
    stamp = _appearance().create_stamp(writer, BoxConstraints(width=width, height=height), {})
    content = stamp.render()
    return content, stamp.resources.as_pdf_object()


def _appearance() -> Any:
    from pyhanko.stamp import StaticStampStyle
    from pyhanko.stamp.art import STAMP_ART_CONTENT

    return StaticStampStyle(
        border_width=1,
        border_color=(0.1, 0.25, 0.55),
        background=STAMP_ART_CONTENT,
        background_opacity=0.25,
    )


def sign_release(
    data: bytes,
    key: SigningKey,
    *,
    form: Form | str = DEFAULT_FORM,
    role: SignerRole = SignerRole.SPEAKER,
    certify: bool = False,
    reason: str | None = None,
    timestamper: Any = None,
) -> bytes:
    """``data`` with a PAdES signature by ``key`` appended as an incremental update.

    The signature field is new (:func:`certificate_field`) and its widget covers the
    role's signature box. ``certify`` makes it allow no later change: a certification
    signature (DocMDP level 1) when it is the document's first signature, else (the spec
    allows certification only first) an approval signature that locks the role's own fields,
    with DocMDP level 1 in its lock dictionary. ``timestamper`` (a pyHanko ``TimeStamper``,
    e.g. ``HTTPTimeStamper(url)``) adds a timestamp token to the signature.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

    form = load_form(form) if isinstance(form, str) else form
    box = form.fields[_box_field(form, role)].widgets[0].box
    name = certificate_field(form, role)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        # a certification signature must be a document's first; after another signature
        # the same "no change after" is a lock on every field with DocMDP level 1
        first = not any(True for _ in fields.enumerate_sig_fields(writer.prev, filled_status=True))
        locked = certify and not first
        spec = fields.SigFieldSpec(
            sig_field_name=name,
            on_page=box.page,
            box=tuple(round(v) for v in box.rect),  # type: ignore[arg-type]
            field_mdp_spec=_own_fields_lock(form, role) if locked else None,
            doc_mdp_update_value=MDPPerm.NO_CHANGES if locked else None,
        )
        meta = signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            certify=certify and first,
            docmdp_permissions=MDPPerm.NO_CHANGES if certify else MDPPerm.FILL_FORMS,
            reason=reason,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            key.signer,
            new_field_spec=spec,
            stamp_style=_appearance(),
            timestamper=timestamper,
        )
        out = outside_loop(pdf_signer.sign_pdf, writer, output=io.BytesIO())
    except SigningKeyError:
        raise
    except Exception as exc:  # pyHanko raises its own errors on a file it cannot sign
        raise SigningKeyError(f"cannot sign: {type(exc).__name__}: {exc}", file=key.source) from exc
    return bytes(out.getvalue())


def certify_release(data: bytes, key: SigningKey, *, form: Form | str = DEFAULT_FORM) -> bytes:
    """The conference's certification signature (no change allowed after it) in its box."""
    return sign_release(data, key, form=form, role=SignerRole.COUNTERSIGNER, certify=True)
