"""Certificate signatures (CMS/PAdES) in a return, validated with pyHanko.

For every signed signature field: is it intact (the digest of the byte ranges it declares
matches, the ranges cover the whole file up to the signature but its contents), who
signed (certificate subject name and email), when (the signing time it claims, a
timestamp token when there is one), is the certificate chained to a root the organiser
trusts (no network: revocation data embedded in the file, in its DSS or in the
signature, is used when present), is it a certification signature or a lock and with
which DocMDP permissions, and which revision it covers. What pyHanko's difference
analysis says about the revisions after it is kept as ``changes_after``;
:mod:`pubrelease.reading.signedchanges` judges those changes.

pyHanko is imported only when a file holds a signature.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from .._loops import outside_loop
from ..certsig import Certification, Revocation, Signature, SignerRole
from ..form.definition import FieldKind
from ..form.template import Form
from ..pdf.revisions import overlap, rect_of, revision_ends
from ..reading.trust import TrustRoots
from ..record import Finding, Severity
from . import hankotokens, nameprep
from .revocation import RevocationVerdict, revocation_verdict
from .stamps import Stamp, signed_stamps
from .verdicttimes import note_material

__all__ = [
    "SignatureCheck",
    "check_signatures",
    "might_be_signed",
]


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """The signatures of one file and what their validation found."""

    signatures: tuple[Signature, ...]
    findings: tuple[Finding, ...]
    suspicious: tuple[tuple[Signature, str], ...] = ()
    """Signatures whose later revisions pyHanko's difference analysis rejects, with why."""
    stamps: tuple[Stamp, ...] = ()
    """The visible widgets of intact signatures, as they cover them (:mod:`.stamps`)."""


def might_be_signed(data: bytes) -> bool:
    """A cheap test before pyHanko is imported: a signature dictionary's ``/ByteRange``."""
    return b"/ByteRange" in data


_ROLES = frozenset(r.value for r in SignerRole)


def _role(form: Form, certifying: bool, rect: tuple[float, ...] | None) -> SignerRole:
    if certifying:
        return SignerRole.COUNTERSIGNER
    for plan in form.fields.values():
        if plan.spec.kind is not FieldKind.SIGNATURE or rect is None or len(rect) != 4:
            continue
        box = plan.widgets[0].box
        if overlap(rect, box.rect):
            party = plan.spec.party.value
            return SignerRole(party) if party in _ROLES else SignerRole.SPEAKER
    return SignerRole.SPEAKER


def _widget_rect(sig_field: Any) -> tuple[float, ...] | None:
    """The signature widget's rectangle as (left, bottom, right, top)."""
    try:
        return rect_of(float(v) for v in sig_field["/Rect"])
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class _Material:
    """A validation context that never fetches, and the revocation data and certificates
    of the file (its DSS, the signature's signed attributes, the CMS) it was made of."""

    context: Any
    crls: tuple[Any, ...]
    ocsps: tuple[Any, ...]
    certs: tuple[Any, ...]


def _context(roots: TrustRoots, reader: Any, embedded: Any) -> _Material:
    from asn1crypto import x509
    from pyhanko.sign.general import (
        MultivaluedAttributeError,
        NonexistentAttributeError,
        find_unique_cms_attribute,
    )
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    trust = [x509.Certificate.load(der) for der in roots.certificates]
    kwargs: dict[str, Any] = {
        "trust_roots": trust,
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
        "other_certs": list(embedded.other_embedded_certs),
    }
    crls: list[Any] = []
    ocsps: list[Any] = []
    try:  # Adobe-style revocation data in the signature's signed attributes
        archived = find_unique_cms_attribute(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        )
        crls += list(archived["crl"] or ())
        ocsps += list(archived["ocsp"] or ())
    except (NonexistentAttributeError, MultivaluedAttributeError, KeyError):
        pass
    with contextlib.suppress(KeyError, TypeError, ValueError):  # CRLs of the CMS itself
        crls += [c.chosen for c in embedded.signed_data["crls"] or () if c.name == "crl"]
    certs = [embedded.signer_cert, *kwargs["other_certs"], *trust]
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        context = dss.as_validation_context({**kwargs, "crls": crls, "ocsps": ocsps})
        certs += list(dss.load_certs())
    except NoDSSFoundError:
        context = ValidationContext(crls=crls, ocsps=ocsps, **kwargs)
    return _Material(context, tuple(context.crls), tuple(context.ocsps), tuple(certs))


def _subject(cert: Any) -> tuple[str | None, str | None]:
    subject = cert.subject.native
    name = subject.get("common_name")
    email = subject.get("email_address")
    if email is None:
        try:
            for general in cert.subject_alt_name_value or ():
                if general.name == "rfc822_name":
                    email = general.native
                    break
        except (AttributeError, ValueError):
            pass
    return (str(name) if name else None), (str(email) if email else None)


def _revision_of(ends: list[int], covered: int) -> int:
    """The revision whose end the signature's ranges reach (the last one at or before it)."""
    index = 0
    for k, end in enumerate(ends):
        if end <= covered + 2:  # a signer may stop before the final end-of-line
            index = k
    return index


def check_signatures(data: bytes, form: Form, roots: TrustRoots) -> SignatureCheck:
    """Validate every signature of ``data``; unreadable signatures are ``signature-broken``."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    hankotokens.install()  # (a signature's /Contents, names: read whole, not a byte at a time)
    nameprep.install()  # (a certificate name's strings prepared once)
    for library in ("pyhanko", "pyhanko_certvalidator"):
        # pyHanko logs every failed validation with a traceback; the findings say it once.
        # A handler, not a level: an application that configures logging still sees them.
        logger = logging.getLogger(library)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    findings: list[Finding] = []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # pyHanko raises many kinds of error on a damaged file
        message = f"the file's signatures cannot be read: {type(exc).__name__}: {exc}"[:300]
        return SignatureCheck((), (Finding("signature-broken", Severity.ERROR, message),))
    ends = revision_ends(data) or [len(data)]
    signatures: list[Signature] = []
    suspicious: list[tuple[Signature, str]] = []
    stamps: list[Stamp] = []
    for sig in embedded:
        result = _validate(sig, reader, form, roots, ends, findings)
        if result is not None:
            signatures.append(result[0])
            if result[1]:
                suspicious.append((result[0], result[1]))
            if result[0].intact:
                # (a damaged widget: its stamp is read as before)
                with contextlib.suppress(Exception):
                    stamps += signed_stamps(reader, sig)
    return SignatureCheck(tuple(signatures), tuple(findings), tuple(suspicious), tuple(stamps))


def _validate(
    sig: Any,
    reader: Any,
    form: Form,
    roots: TrustRoots,
    ends: list[int],
    findings: list[Finding],
) -> tuple[Signature, str | None] | None:
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from .buttonstates import DIFF_POLICY

    name = str(sig.field_name)
    try:
        material = _context(roots, reader, sig)
        note_material(material.certs, material.crls, material.ocsps, sig)  # (.verdicttimes)
        status = outside_loop(
            validate_pdf_signature, sig, material.context, diff_policy=DIFF_POLICY
        )
    except Exception as exc:  # a malformed signature: pyHanko raises many kinds of error
        findings.append(
            Finding(
                "signature-broken",
                Severity.ERROR,
                f"signature {name}: cannot be validated: {type(exc).__name__}: {exc}"[:300],
            )
        )
        return None
    byte_range = [int(v) for v in sig.byte_range]
    covered = byte_range[2] + byte_range[3] if len(byte_range) == 4 else 0
    revision = _revision_of(ends, covered)
    signer_name, email = _subject(status.signing_cert)
    whole = (
        status.coverage is not None and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
    )
    intact = bool(status.intact and status.valid and whole)
    docmdp = sig.docmdp_level
    certification = (
        {
            MDPPerm.NO_CHANGES: Certification.NO_CHANGES,
            MDPPerm.FILL_FORMS: Certification.FILL_FORMS,
            MDPPerm.ANNOTATE: Certification.ANNOTATE,
        }.get(docmdp)
        if docmdp is not None
        else None
    )
    certifying = "/Reference" in sig.sig_object and any(
        str(ref.get("/TransformMethod")) == "/DocMDP" for ref in sig.sig_object["/Reference"]
    )
    rect = _widget_rect(sig.sig_field)
    token = status.timestamp_validity
    timestamp = token.timestamp if token is not None and token.intact and token.valid else None
    trusted_time = timestamp if token is not None and token.trusted else None
    verdict = _revocation(status, material, trusted_time)
    revoked = bool(status.revoked) or verdict.revoked
    trusted = bool(status.trusted) and not revoked
    problem = None if trusted else _trust_problem(status, revoked, bool(roots))
    diff = status.diff_result
    changes: list[str] = []
    rejected: str | None = None
    if isinstance(diff, SuspiciousModification):
        rejected = " ".join(str(diff).split())[:300] or "a modification pyHanko rejects"
        changes.append(rejected)
    elif diff is not None and diff.modification_level is not ModificationLevel.NONE:
        level = diff.modification_level.name.lower().replace("_", " ")
        fields = ", ".join(sorted(diff.changed_form_fields)) or "no field"
        changes.append(f"{level} ({fields})")
        if diff.modification_level is ModificationLevel.OTHER:
            rejected = f"changes beyond form filling and annotations ({fields})"
    if status.docmdp_ok is False and rejected is None:
        rejected = "changes its DocMDP permissions do not allow"
    if token is not None and timestamp is None:
        findings.append(
            Finding(
                "timestamp-broken",
                Severity.WARNING,
                f"signature {name}: its timestamp token does not verify; its time is not used",
            )
        )
    signature = Signature(
        field=name,
        role=_role(form, certifying, rect),
        signer_name=signer_name,
        signer_email=email,
        signing_time=status.signer_reported_dt,
        timestamp=timestamp,
        intact=intact,
        trusted=trusted,
        trust_root=status.validation_path[0].subject.human_friendly
        if trusted and status.validation_path is not None
        else None,
        trust_problem=problem,
        revocation=Revocation.REVOKED
        if revoked
        else Revocation.CHECKED
        if verdict.covered
        else Revocation.NOT_CHECKED,
        certification=certification,
        certifying=certifying,
        revision=revision,
        covered=covered,
        changes_after=tuple(changes),
    )
    _findings(signature, status, whole, findings)
    return signature, rejected


def _revocation(
    status: Any, material: _Material, trusted_time: dt.datetime | None
) -> RevocationVerdict:
    """The file's revocation data on the signer's certificate, whatever pyHanko consulted
    (:mod:`.revocation`); a verified and trusted timestamp is the signing time."""
    from pyhanko_certvalidator.util import get_declared_revinfo

    cert = status.signing_cert
    path = status.validation_path
    chain = list(path.iter_certs(include_root=True)) if path is not None else []
    return revocation_verdict(
        cert,
        crls=material.crls,
        ocsps=material.ocsps,
        certs=[*chain, *material.certs],
        trusted_time=trusted_time,
        claimed_time=status.signer_reported_dt,
        ocsp_consulted=bool(status.trusted) and get_declared_revinfo(cert)[1],
    )


def _trust_problem(status: Any, revoked: bool, have_roots: bool) -> str:
    """Why a signer is not trusted, as a person reads it."""
    if revoked:
        return "the certificate is revoked"
    if not have_roots:
        return "no trust roots were given"
    validity = status.signing_cert["tbs_certificate"]["validity"]
    now = dt.datetime.now(dt.UTC)
    not_after, not_before = validity["not_after"].native, validity["not_before"].native
    if not_after < now:
        return f"the certificate expired on {not_after.date().isoformat()}"
    if not_before > now:
        return f"the certificate is valid only from {not_before.date().isoformat()}"
    return "the certificate does not chain to a given trust root"


def _who(sig: Signature) -> str:
    email = f" <{sig.signer_email}>" if sig.signer_email else ""
    return f"signature {sig.field} (revision {sig.revision}) by {sig.signer_name or '?'}{email}"


def _findings(sig: Signature, status: Any, whole: bool, out: list[Finding]) -> None:
    who = _who(sig)
    if not status.intact:
        out.append(
            Finding(
                "signature-broken",
                Severity.ERROR,
                f"{who}: the signed bytes were changed (the digest does not match)",
            )
        )
    elif not status.valid:
        out.append(
            Finding(
                "signature-broken", Severity.ERROR, f"{who}: the signature value does not verify"
            )
        )
    elif not whole:
        out.append(
            Finding(
                "signature-broken",
                Severity.ERROR,
                f"{who}: the signed ranges do not cover the file up to the signature",
            )
        )
    if not sig.intact:
        return  # who signed is not established: trust says nothing more
    if sig.revocation is Revocation.REVOKED:
        out.append(
            Finding(
                "signature-revoked", Severity.ERROR, f"{who}: the signer's certificate is revoked"
            )
        )
    elif not sig.trusted:
        out.append(
            Finding(
                "signature-untrusted", Severity.WARNING, f"{who}: not trusted: {sig.trust_problem}"
            )
        )
    elif sig.revocation is Revocation.NOT_CHECKED:
        out.append(
            Finding(
                "signature-revocation-unchecked",
                Severity.INFO,
                f"{who}: revocation not checked (no revocation data in the file covers its "
                "certificate)",
            )
        )
