"""The record of one certificate (CMS/PAdES) signature of a return, shared by all layers.

:mod:`pubrelease.reading.signatures` makes them; a :class:`~pubrelease.record.Record`
lists them under ``signatures``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from .slotstate import quick_state

__all__ = ["Certification", "Revocation", "Signature", "SignerRole"]


class SignerRole(enum.Enum):
    """Whose signature it is: the form's field roles of the signature boxes."""

    SPEAKER = "speaker"
    COUNTERSIGNER = "countersigner"


class Certification(enum.Enum):
    """The DocMDP permissions a certification signature (or a signature's lock) sets."""

    NO_CHANGES = "no-changes"
    FILL_FORMS = "fill-forms"
    ANNOTATE = "annotate"


class Revocation(enum.Enum):
    """What is known of the signer certificate's revocation."""

    CHECKED = "checked"
    """Revocation data embedded in the file was used: not revoked."""
    NOT_CHECKED = "not-checked"
    """No revocation data in the file (and none is fetched)."""
    REVOKED = "revoked"


@quick_state
@dataclass(frozen=True, slots=True)
class Signature:
    """One certificate signature of a return, as validated."""

    field: str
    """The signature field's name."""
    role: SignerRole
    """Whose signature it is: a certification signature, or one in the countersigner's
    box, is the conference's; any other is the speaker's."""
    signer_name: str | None
    """The certificate subject's common name."""
    signer_email: str | None
    signing_time: dt.datetime | None
    """The time the signature claims (not proven)."""
    timestamp: dt.datetime | None
    """The time of a timestamp token in the signature, when there is one."""
    intact: bool
    """The digest matches and the signed ranges cover the file up to the signature."""
    trusted: bool
    """The certificate chains to a given trust root and is valid (not expired, not revoked)."""
    trust_root: str | None
    """The root it chains to, when trusted."""
    trust_problem: str | None
    """Why it is not trusted, as a person reads it."""
    revocation: Revocation
    certification: Certification | None
    """DocMDP permissions (certification or lock), if any."""
    certifying: bool
    """A certification (author) signature rather than an approval signature."""
    revision: int
    """The revision the signature covers (revisions count from 0, the original file)."""
    covered: int
    """The number of bytes of the file the signature covers (the signed revision's end)."""
    changes_after: tuple[str, ...] = ()
    """What changed after it, each with its revision; empty when nothing did."""

    def summary(self) -> str:
        """One line for a person: who, when, and what the validation found."""
        email = f" <{self.signer_email}>" if self.signer_email else ""
        when = self.timestamp or self.signing_time
        state = ", ".join(
            [
                "intact" if self.intact else "BROKEN",
                f"trusted ({self.trust_root})" if self.trusted else "untrusted",
                *(["certifies: " + self.certification.value] if self.certification else []),
                *(["changed after"] if self.changes_after else []),
            ]
        )
        return (
            f"{self.role.value} {self.signer_name or '?'}{email}, "
            f"{when.isoformat() if when else 'no time'}, {self.field} (revision "
            f"{self.revision}): {state}"
        )

    def to_dict(self) -> dict[str, Any]:
        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "field": self.field,
            "role": self.role.value,
            "signer_name": self.signer_name,
            "signer_email": self.signer_email,
            "signing_time": when(self.signing_time),
            "timestamp": when(self.timestamp),
            "intact": self.intact,
            "trusted": self.trusted,
            "trust_root": self.trust_root,
            "trust_problem": self.trust_problem,
            "revocation": self.revocation.value,
            "certification": self.certification.value if self.certification else None,
            "certifying": self.certifying,
            "revision": self.revision,
            "changes_after": list(self.changes_after),
            "summary": self.summary(),
        }
