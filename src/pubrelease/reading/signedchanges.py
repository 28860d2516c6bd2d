"""Judging what changed after a certificate signature: what a signer signed is what counts.

Each change after a signature's revision (from the project's own revision reading, and
pyHanko's difference analysis) is allowed or a named error:

- allowed: a later signature (its field, its widget in a signature box); after the
  speaker's approval signature, the conference filling its own fields; after the
  conference's certification that allows filling the form, the speaker filling theirs;
- ``changed-after-signing``: a field's value changed (names the field, the revision and
  both values), or any other change to the document's structure;
- ``shadow-hide``: something drawn over the signed page (an annotation added, optional
  content configured);
- ``shadow-replace``: a page's content, resources or boxes replaced;
- ``shadow-hide-and-replace``: both in the same revision;
- ``shadow-appearance-swapped``: a widget's appearance replaced while its value stays;
- ``shadow-redefined``: objects of the signed revision redefined in a later one in a way
  pyHanko's difference analysis rejects, though nothing above names it.

A signature after which such a change happened gives ``signed_prefix``: the bytes it
covers, from which the reader takes the values the person signed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace

from ..certsig import Certification, Signature, SignerRole
from ..form.definition import Party
from ..form.template import Form
from ..reading.history import RevisionReport
from ..reading.signatures import SignatureCheck
from ..record import AuditTrail, Finding, Severity
from .stamps import Stamp

__all__ = ["SIGNED_LATE_DAYS", "SignedJudgement", "judge_changes", "signer_findings"]

SIGNED_LATE_DAYS = 7
"""Days a certificate signature may come after the sign date typed beside it."""

_HIDE = ("annotation (", "catalog /OCProperties", "covers", "cropped (")
_REPLACE = ("content changed", "resources changed", "page box", "pages added", "pages removed")


@dataclass(frozen=True, slots=True)
class SignedJudgement:
    signatures: tuple[Signature, ...]
    """The signatures, each with what changed after it."""
    findings: tuple[Finding, ...]
    first_signed: int | None
    """The earliest signature's revision: the revision reading's own findings stop there."""
    signed_prefix: int | None
    """Bytes covered by the earliest signature followed by a change that is not allowed."""
    stamps: tuple[Stamp, ...] = ()
    """The visible widgets of intact signatures, as they cover them (:mod:`.stamps`)."""


def _allowed_field(form: Form, sig: Signature, name: str, signature_fields: set[str]) -> bool:
    if name in signature_fields:
        return True
    party = next((p.spec.party for p in form.every_plan() if p.spec.pdf_name == name), None)
    if sig.certifying and sig.role is SignerRole.COUNTERSIGNER:
        # the conference certified the release it issued and allowed the form to be
        # filled: the speaker's answers come after it (Acrobat's "certified, form
        # filling allowed"); what the conference issued stays as it signed it
        return sig.certification in _FILLABLE and party is Party.SPEAKER
    return (
        sig.role is SignerRole.SPEAKER
        and sig.certification is not Certification.NO_CHANGES
        and party is Party.COUNTERSIGNER
    )


_FILLABLE = (Certification.FILL_FORMS, Certification.ANNOTATE)


def judge_changes(check: SignatureCheck, history: RevisionReport, form: Form) -> SignedJudgement:
    """What changed after each signature, allowed or named; see the module's docstring."""
    if not check.signatures:
        return SignedJudgement((), check.findings, None, None, check.stamps)
    sig_fields = set(history.signature_fields) | {s.field for s in check.signatures}
    rejected = dict((s.field, why) for s, why in check.suspicious)
    findings: list[Finding] = list(check.findings)
    named: set[tuple[str, str]] = set()
    """Changes already named after an earlier signature: one finding each."""
    judged: list[Signature] = []
    prefix: int | None = None
    for sig in sorted(check.signatures, key=lambda s: s.revision):
        who = f"after signature {sig.field} (revision {sig.revision}, {sig.signer_name or '?'})"
        found: list[tuple[str, str]] = []
        values_changed: set[tuple[str | None, int]] = set()
        for change in history.field_changes:
            if change.revision <= sig.revision:
                continue
            values_changed.add((change.field, change.revision))
            if _allowed_field(form, sig, change.field, sig_fields):
                continue
            found.append(
                (
                    "changed-after-signing",
                    f"{change.field} changed in revision {change.revision}, {who}: "
                    f"{change.before!r} → {change.after!r}",
                )
            )
        by_revision: dict[int, list[str]] = {}
        for text, k in zip(history.modifications, history.modified_in, strict=True):
            if k > sig.revision:
                by_revision.setdefault(k, []).append(text)
        for _, texts in sorted(by_revision.items()):
            hide = any(any(h in t for h in _HIDE) for t in texts)
            swap = any(any(r in t for r in _REPLACE) for t in texts)
            for text in texts:
                code = (
                    "shadow-hide-and-replace"
                    if hide and swap
                    else "shadow-hide"
                    if any(h in text for h in _HIDE)
                    else "shadow-replace"
                    if any(r in text for r in _REPLACE)
                    else "changed-after-signing"
                )
                found.append((code, f"{text}, {who}"))
        for appearance in history.appearance_changes:
            if appearance.revision <= sig.revision:
                continue
            owner = appearance.field
            if owner in sig_fields or (owner, appearance.revision) in values_changed:
                continue  # a signature's own widget; a value change is judged above
            what = f"field {owner}" if owner else "an annotation"
            found.append(
                (
                    "shadow-appearance-swapped",
                    f"the appearance of {what} on page {appearance.page} was replaced in "
                    f"revision {appearance.revision} while its value stayed, {who}",
                )
            )
        if sig.field in rejected and not found:
            found.append(
                (
                    "shadow-redefined",
                    f"objects of the signed revision were redefined later, {who}: "
                    f"{rejected[sig.field]}",
                )
            )
        for code, text in found:
            as_named = (code, text.split(", after signature ")[0])
            if as_named not in named:
                named.add(as_named)
                findings.append(Finding(code, Severity.ERROR, text))
        judged.append(replace(sig, changes_after=tuple(text for _, text in found)))
        if found and prefix is None:
            prefix = sig.covered
    first = min(s.revision for s in check.signatures)
    return SignedJudgement(tuple(judged), tuple(findings), first, prefix, check.stamps)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("-", " ").split())


SAME_PERSON = 0.85
"""How alike (:func:`_similarity`) a certificate's name and a typed name must be to be taken
for one person's."""


def _similarity(one: str, other: str) -> float:
    """How alike two people's names are (accent-folded, by edit distance, in either word
    order): 0 to 1."""
    from rapidfuzz.distance import Levenshtein

    a, b = _fold(one), _fold(other)
    return max(
        Levenshtein.normalized_similarity(a, b),
        Levenshtein.normalized_similarity(" ".join(sorted(a.split())), " ".join(sorted(b.split()))),
    )


def speakers_own(sig: Signature, speaker_name: str | None) -> bool:
    """Whether ``sig``, intact, is made with a certificate in the speaker's name (in a
    countersigner's box: the speaker countersigning their own release)."""
    return bool(
        sig.intact
        and speaker_name
        and sig.signer_name
        and _similarity(speaker_name, sig.signer_name) >= SAME_PERSON
    )


def signer_findings(
    signatures: tuple[Signature, ...],
    speaker_name: str | None,
    sign_date: dt.date | None,
    service: AuditTrail | None = None,
) -> list[Finding]:
    """The speaker's certificate against the typed values: name (accent-folded, by edit
    distance, in either word order) and signing time against the typed sign date.

    With an e-signing service's audit trail, a certificate in another name is the
    service's, signing on the speaker's behalf: an info naming what the trail records.
    """
    out: list[Finding] = []
    for sig in signatures:
        who = f"signature {sig.field} (revision {sig.revision})"
        if sig.role is SignerRole.COUNTERSIGNER and speakers_own(sig, speaker_name):
            out.append(
                Finding(
                    "countersign-unproven",
                    Severity.WARNING,
                    f"{who}, in the conference's part, is made with a certificate in the "
                    f"speaker's name {sig.signer_name!r}: not counted as the conference's "
                    "countersignature; who made it?",
                )
            )
        if sig.role is not SignerRole.SPEAKER or not sig.intact:
            continue
        if speaker_name and sig.signer_name:
            similarity = _similarity(speaker_name, sig.signer_name)
            if similarity < SAME_PERSON and service is not None:
                emails = ", ".join(service.emails) or "no email"
                out.append(
                    Finding(
                        "signed-by-service",
                        Severity.INFO,
                        f"{who}: signed by {sig.signer_name!r} for the speaker {speaker_name!r}; "
                        f"its audit trail (page {', '.join(map(str, service.pages))}) "
                        f"records {emails}",
                    )
                )
            elif similarity < SAME_PERSON:
                out.append(
                    Finding(
                        "signer-name-mismatch",
                        Severity.WARNING,
                        f"{who}: the certificate names {sig.signer_name!r}, "
                        f"the speaker is {speaker_name!r}",
                    )
                )
        when = sig.timestamp or sig.signing_time
        if when is not None and sign_date is not None:
            late = (when.date() - sign_date).days
            if late > SIGNED_LATE_DAYS:
                out.append(
                    Finding(
                        "signed-late",
                        Severity.WARNING,
                        f"{who}: signed {when.date().isoformat()}, {late} days after the typed "
                        f"sign date {sign_date.isoformat()} (more than {SIGNED_LATE_DAYS})",
                    )
                )
    return out
