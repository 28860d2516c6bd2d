"""When a signature's verdict may change: the instants its validation depends on.

A certificate signature is validated as of now (:mod:`.signatures`): the same file read
after a certificate of its chain expires, or before one becomes valid, or when the
revocation data in it goes stale, is judged otherwise. A reading kept for later (the
audit's record cache, :mod:`pubrelease.auditing.cache`) is served only while no such
instant lies between when it was read and when it is asked for (review of session 64:
a signature cached as trusted stayed trusted after its certificate expired).

:func:`turning_points` collects, while a file is read, every such instant of the
material each signature was validated with: each certificate's ``notBefore`` and
``notAfter`` (the signer's, the file's other certificates, the trust roots, those of a
timestamp token's own), each CRL's ``thisUpdate`` and ``nextUpdate``, and each OCSP
response's. Material whose times cannot be read makes the reading's instants unknown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Turns", "note_material", "turning_points"]


@dataclass
class Turns:
    """The instants (seconds since the epoch) collected; ``known`` is False when some
    material's could not be read."""

    instants: set[float] = field(default_factory=set)
    known: bool = True

    def frozen(self) -> tuple[float, ...] | None:
        """The instants in order, or None when they are not known."""
        return tuple(sorted(self.instants)) if self.known else None


_COLLECTING: list[Turns] = []


@contextlib.contextmanager
def turning_points() -> Iterator[Turns]:
    """Collect the instants of every signature validated within (see the module)."""
    turns = Turns()
    _COLLECTING.append(turns)
    try:
        yield turns
    finally:
        _COLLECTING.remove(turns)


def note_material(
    certs: Iterable[Any], crls: Iterable[Any], ocsps: Iterable[Any], embedded: Any
) -> None:
    """Note the instants of one signature's material: ``certs`` (asn1crypto
    certificates), ``crls``, ``ocsps`` (responses) and the certificates of the timestamp
    tokens of ``embedded`` (pyHanko's ``EmbeddedPdfSignature``). Nothing when nobody
    collects."""
    if not _COLLECTING:
        return
    instants: list[dt.datetime | None] = []
    try:
        every = [*certs, *_token_certs(embedded)]  # (and each OCSP responder's, below)
        for response in ocsps:
            basic = response["response_bytes"]["response"].parsed
            for single in basic["tbs_response_data"]["responses"]:
                instants += [single["this_update"].native, single["next_update"].native]
            every += basic["certs"] or ()
        for crl in crls:
            listed = crl["tbs_cert_list"]
            instants += [listed["this_update"].native, listed["next_update"].native]
        for cert in every:
            validity = cert["tbs_certificate"]["validity"]
            instants += [validity["not_before"].native, validity["not_after"].native]
        seconds = {when.timestamp() for when in instants if when is not None}
    except Exception:  # (material of a shape not read here: the verdict's times unknown)
        for turns in _COLLECTING:
            turns.known = False
        return
    for turns in _COLLECTING:
        turns.instants |= seconds


def _token_certs(embedded: Any) -> list[Any]:
    """The certificates of the timestamp tokens in the signature's unsigned attributes."""
    out: list[Any] = []
    for attribute in embedded.signer_info["unsigned_attrs"] or ():
        if attribute["type"].native != "signature_time_stamp_token":
            continue
        for token in attribute["values"]:
            out += [
                c.chosen for c in token["content"]["certificates"] or () if c.name == "certificate"
            ]
    return out
