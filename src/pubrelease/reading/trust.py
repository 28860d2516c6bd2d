"""The trust roots an organiser gives (``--trust FILE.pem``, repeatable, or a folder).

Certificates are read with ``cryptography`` (PEM, several per file, or DER) and kept as
DER bytes, so that a :class:`TrustRoots` is small, hashable and crosses process
boundaries (audit workers) as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PubreleaseError

__all__ = ["TrustError", "TrustRoots", "load_trust"]

_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})
"""Files read from a folder of roots; other files there are ignored."""


class TrustError(PubreleaseError, ValueError):
    """A trust root that cannot be read, naming the file."""


@dataclass(frozen=True, slots=True)
class TrustRoots:
    """Certificates whose chains an organiser trusts; empty trusts nobody."""

    certificates: tuple[bytes, ...] = ()
    """Each certificate, DER-encoded."""
    sources: tuple[str, ...] = ()
    """The files they were read from."""

    def __bool__(self) -> bool:
        return bool(self.certificates)


def _read(path: Path) -> list[bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise TrustError(f"not a certificate (PEM or DER): {exc}", file=str(path)) from exc
    return [c.public_bytes(Encoding.DER) for c in certs]


def load_trust(paths: Iterable[str | os.PathLike[str]]) -> TrustRoots:
    """The certificates of every file given, and of every ``.pem/.crt/.cer/.der`` file in
    every folder given. A folder without one is an error (a mistyped path trusts nobody)."""
    certs: list[bytes] = []
    sources: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not files:
                raise TrustError("no certificate files (.pem, .crt, .cer, .der)", file=str(path))
        else:
            files = [path]
        for file in files:
            for der in _read(file):
                if der not in certs:
                    certs.append(der)
                    sources.append(str(file))
    return TrustRoots(tuple(certs), tuple(sources))
