"""E-signing services' audit-trail pages: recognised, kept out of the agreement, kept as facts.

A service (DocuSign, Adobe Sign, Dropbox Sign, ...) returns the signed agreement with a page
of its own appended: who was sent it, from which IP address they viewed and signed it, and
when. Such a page, after the form's pages, carrying none of the agreement's wording and
naming itself an audit trail (or certificate of completion, signing history, envelope
summary...) with at least one email address, IP address or timestamp, is the service's page:
it is not read as part of the agreement, and what it says is kept in the record.
"""

from __future__ import annotations

import ipaddress
import re

from ..form.template import Form
from ..form.wording import Wording
from ..pdf.pagetext import PageText
from ..record import AuditTrail

__all__ = ["split_audit_trail"]

_TITLE = re.compile(
    r"audit\s*trail|certificate\s+of\s+completion|signing\s+(?:log|history|certificate)|"
    r"document\s+history|envelope\s+(?:summary|history|id)|transaction\s+(?:id|history)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_TIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?(?:\s*(?:UTC|GMT))?"
    r"|\b[A-Z][a-z]{2}\s+\d{1,2},\s+\d{4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?"
    r"(?:\s*(?:UTC|GMT))?",
)


def _ipv6(text: str) -> list[str]:
    """IPv6 addresses: what looks like one and parses as one (a time ``09:14:02`` does not)."""
    out = []
    for candidate in _IPV6.findall(text):
        if not any(c.isalnum() for c in candidate):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        out.append(candidate)
    return out


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.strip() for i in items))


def _trail_page(page: PageText, wording: Wording) -> bool:
    text = page.text
    if not _TITLE.search(text) or wording.read(text).found:
        return False
    return bool(_EMAIL.search(text) or _IPV4.search(text) or _TIME.search(text))


def split_audit_trail(
    pages: list[PageText], form: Form, wording: Wording
) -> tuple[list[PageText], AuditTrail | None]:
    """``pages`` without the trailing audit-trail pages, and what those say (None: none)."""
    first = len(form.pages)
    cut = len(pages)
    while cut > first and _trail_page(pages[cut - 1], wording):
        cut -= 1
    if cut == len(pages):
        return pages, None
    trail = pages[cut:]
    text = "\n".join(p.text for p in trail)
    first_line = next((line.text for p in trail for line in p.lines if line.text.strip()), None)
    return pages[:cut], AuditTrail(
        pages=tuple(p.page + 1 for p in trail),
        title=first_line,
        emails=_unique(_EMAIL.findall(text)),
        ip_addresses=_unique(_IPV4.findall(text) + _ipv6(text)),
        timestamps=_unique(_TIME.findall(text)),
        text=text,
    )
