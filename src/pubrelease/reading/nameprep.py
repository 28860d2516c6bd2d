"""X.509 names compared without preparing the same string again.

asn1crypto compares two names (RFC 5280, 7.1) by each value's string prepared as RFC 4518
says (mappings, NFKC, prohibited characters: Python's ``stringprep`` tables, a call a
character). pyHanko compares the signer's issuer with the certificates of the signature
and of the trust roots, a few times a signature, and every certificate read is a new
object, so nothing was kept between them: 0.4-0.5 ms of a signed return's 12. The
preparation is a function of the string alone; :func:`install` keeps its result by the
string (an error is not kept: it is raised again).
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["install"]

_PREPARED = 4096
"""Strings whose preparation is kept (a name's values: a few per certificate)."""
_INSTALLED: list[Any] = []


def install() -> None:
    """Keep asn1crypto's preparation of a name's strings (once; an asn1crypto without the
    method expected is left as it is)."""
    if _INSTALLED:
        return
    from asn1crypto import x509

    original: Any = getattr(x509.NameTypeAndValue, "_ldap_string_prep", None)
    if getattr(original, "__module__", None) != x509.__name__:
        _INSTALLED.append(None)
        return

    @functools.lru_cache(maxsize=_PREPARED)
    def prepared(string: str) -> str:
        return str(original(None, string))  # (its self is not used)

    def _ldap_string_prep(self: Any, string: str) -> str:
        return prepared(string)

    _ldap_string_prep.__module__ = __name__
    x509.NameTypeAndValue._ldap_string_prep = _ldap_string_prep
    _INSTALLED.append(original)
