"""A return's certificate signatures joined to its record: the hook ``parse`` calls.

:func:`read_signed` validates the signatures (only when the file may hold one) and judges
what changed after each; :func:`apply_signed` puts the result in the record: the
signatures, their findings, ``signed``/``countersigned`` from intact signatures, the
certificate checked against the typed name and date, and, when something changed after
a signature, the values the person signed (read from the bytes the signature covers),
never the later ones.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..certsig import SignerRole
from ..form.template import Form
from ..reading.history import RevisionReport, analyse_revisions
from ..reading.signatures import check_signatures, might_be_signed
from ..reading.signedchanges import (
    SignedJudgement,
    judge_changes,
    signer_findings,
    speakers_own,
)
from ..reading.trust import TrustRoots
from ..record import Record

if TYPE_CHECKING:
    from .pdffile import PdfFile

__all__ = ["SIGNED_VALUES", "apply_signed", "read_early", "read_signed"]

SIGNED_VALUES = (
    "speaker_name",
    "effective_date",
    "event_title",
    "event_date",
    "consent",
    "signature",
    "signed",
    "sign_date",
)
"""The speaker's side of a record: taken from the signed revision when it changed later."""


def read_signed(
    data: bytes, form: Form, history: RevisionReport, trust: TrustRoots | None
) -> SignedJudgement | None:
    """The signatures of ``data`` judged, or None when it holds none."""
    if not history.signature_fields and not might_be_signed(data):
        return None
    check = check_signatures(data, form, trust or TrustRoots())
    if not check.signatures and not check.findings:
        return None
    return judge_changes(check, history, form)


def read_early(
    data: bytes, form: Form, reader: PdfFile, trust: TrustRoots | None
) -> tuple[RevisionReport, SignedJudgement | None] | None:
    """The history and the signatures of a file that may show a signature's stamp (a
    signature field and a signature in it), read before its pages are: the stamps the
    signatures vouch for are read apart (:mod:`.stamps`). None for any other file (its
    history and signatures are read with its wording, as before), and for an imported
    form."""
    if form.definition.imported or not might_be_signed(data) or b"/Sig" not in data:
        return None  # (an imported form's boxes are read with its pages, stamps and all)
    history = analyse_revisions(data, form, reader=reader)
    return history, read_signed(data, form, history, trust)


def apply_signed(record: Record, judged: SignedJudgement, signed: Record | None) -> Record:
    """``record`` with the signatures' facts; ``signed`` is the record of the bytes the
    earliest signature followed by a forbidden change covers (its values win)."""
    if signed is not None:
        record = replace(record, **{k: getattr(signed, k) for k in SIGNED_VALUES})
    intact = [s for s in judged.signatures if s.intact]
    speaker = any(s.role is SignerRole.SPEAKER for s in intact)
    # (a certificate in the speaker's own name in the conference's box is not the
    # conference's countersignature: signer_findings says so)
    conference = any(
        s.role is SignerRole.COUNTERSIGNER and not speakers_own(s, record.speaker_name)
        for s in intact
    )
    findings = (
        *record.findings,
        *judged.findings,
        *signer_findings(
            judged.signatures, record.speaker_name, record.sign_date, record.audit_trail
        ),
    )
    return replace(
        record,
        signed=record.signed or speaker,
        countersigned=record.countersigned or conference,
        findings=findings,
        observations=findings,
        signatures=judged.signatures,
    )
