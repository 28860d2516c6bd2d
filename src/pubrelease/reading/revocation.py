"""Is a signer's certificate revoked by the revocation data a signed file carries?

pyHanko's certificate validator, in the soft-fail mode a return is read in, consults a
CRL only for a certificate that names a CRL distribution point (and an OCSP response
only for one that names an OCSP responder): a certificate without one, revoked by its
issuer's CRL embedded in the file, passed as not revoked. Here every CRL of the file (its
DSS, the signature's signed attributes, the CMS) is looked at, whatever the certificate's
extensions say.

A CRL counts when its issuer's name is the certificate's issuer and its signature
verifies with the key of an issuer certificate (from the validated chain, the trust
roots or the file) whose key also verifies the certificate's own signature: a
certificate that merely bears the issuer's name cannot vouch for a CRL. Such a CRL that
lists the certificate's serial revokes it when the revocation date is before a trusted
timestamp of the signature, or at any date without one (the time a signer claims is not
proven). The certificate's revocation is *checked* only when a complete CRL of its
issuer covering it, current at the signing time, or an OCSP response for it that
pyHanko consulted, is in the file.

The parsing and the signature checks are asn1crypto's and pyhanko-certvalidator's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["RevocationVerdict", "revocation_verdict"]


@dataclass(frozen=True, slots=True)
class RevocationVerdict:
    """What the file's own revocation data says of a signer's certificate."""

    revoked: bool
    """A CRL of its issuer lists it, revoked before the trusted signing time."""
    covered: bool
    """Revocation data covering it was consulted (whatever it said)."""


def _signed_by(signed: Any, issuer: Any) -> bool:
    """Whether ``signed`` (a certificate or a CRL) verifies with ``issuer``'s public key."""
    from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator

    tbs = "tbs_certificate" if "tbs_certificate" in signed else "tbs_cert_list"
    value = "signature_value" if tbs == "tbs_certificate" else "signature"
    try:
        DefaultSignatureValidator().validate_signature(
            signature=signed[value].native,
            signed_data=signed[tbs].dump(),
            public_key_info=issuer.public_key,
            signature_algorithm=signed["signature_algorithm"],
        )
    except Exception:  # InvalidSignature, an unsupported algorithm or key, bad parameters
        return False
    return True


def _issuers(cert: Any, certs: Iterable[Any]) -> list[Any]:
    """The certificates named as ``cert``'s issuer whose key verifies ``cert``."""
    found: dict[bytes, Any] = {}
    for candidate in certs:
        try:
            fresh = candidate.dump() not in found
            if fresh and candidate.subject == cert.issuer and _signed_by(cert, candidate):
                found[candidate.dump()] = candidate
        except (KeyError, TypeError, ValueError):  # a malformed certificate vouches for nothing
            continue
    return list(found.values())


def _dp_names(points: Any) -> set[Any]:
    names: set[Any] = set()
    for point in points or ():
        name = point["distribution_point"]
        if name.name == "full_name":
            names |= {general.dump() for general in name.chosen}
    return names


def _covers(cert: Any, crl: Any, when: dt.datetime | None) -> bool:
    """A complete CRL whose scope includes ``cert``, current at ``when``."""
    if crl.delta_crl_indicator_value is not None:
        return False
    next_update = crl["tbs_cert_list"]["next_update"].native
    if when is not None and next_update is not None and next_update < when:
        return False  # out of date before the signature was made
    idp = crl.issuing_distribution_point_value
    if idp is None:
        return True
    if (
        idp["only_some_reasons"].native is not None
        or idp["only_contains_ca_certs"].native
        or idp["only_contains_attribute_certs"].native
        or idp["indirect_crl"].native
    ):
        return False
    point = idp["distribution_point"]
    if point.native is None:
        return True
    if point.name != "full_name":
        return False
    wanted = {general.dump() for general in point.chosen}
    return bool(wanted & _dp_names(cert.crl_distribution_points_value))


def _listed(cert: Any, crl: Any) -> dt.datetime | None:
    """When ``crl`` says ``cert`` was revoked, or None if it does not list it."""
    from pyhanko_certvalidator.revinfo.validate_crl import find_cert_in_list

    try:
        when, reason = find_cert_in_list(cert, cert.issuer, crl, crl.issuer)
    except NotImplementedError:  # an entry with an unknown critical extension
        return None
    if reason is None or reason.native == "remove_from_crl":
        return None
    return when if isinstance(when, dt.datetime) else None


def _ocsp_names(cert: Any, issuers: Sequence[Any], responses: Iterable[Any]) -> bool:
    """Whether an OCSP response in the file is about ``cert`` (its CertID matches)."""
    keys = [issuer.public_key for issuer in issuers]
    for response in responses:
        try:
            singles = response.response_data["responses"]
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        for single in singles:
            try:
                cert_id = single["cert_id"]
                algorithm = cert_id["hash_algorithm"]["algorithm"].native
                if algorithm not in ("sha1", "sha256"):
                    continue
                if (
                    cert_id["serial_number"].native == cert.serial_number
                    and cert_id["issuer_name_hash"].native == getattr(cert.issuer, algorithm)
                    and any(
                        cert_id["issuer_key_hash"].native == getattr(k, algorithm) for k in keys
                    )
                ):
                    return True
            except (KeyError, TypeError, ValueError):
                continue
    return False


def revocation_verdict(
    cert: Any,
    *,
    crls: Iterable[Any],
    ocsps: Iterable[Any],
    certs: Iterable[Any],
    trusted_time: dt.datetime | None,
    claimed_time: dt.datetime | None,
    ocsp_consulted: bool,
) -> RevocationVerdict:
    """Judge ``cert`` by the file's CRLs and OCSP responses.

    ``certs`` are the certificates an issuer may be found among; ``trusted_time`` is a
    verified timestamp of the signature, ``claimed_time`` the time the signer claims;
    ``ocsp_consulted`` says pyHanko looked at OCSP responses for this certificate (it
    names a responder and its chain validated).
    """
    crls, ocsps = list(crls), list(ocsps)
    if not crls and not (ocsp_consulted and ocsps):
        return RevocationVerdict(revoked=False, covered=False)
    issuers = _issuers(cert, certs)
    revoked = covered = False
    when = trusted_time or claimed_time
    for crl in crls:
        try:
            if crl.issuer != cert.issuer or not any(_signed_by(crl, i) for i in issuers):
                continue
            date = _listed(cert, crl)
            fits = date is not None or _covers(cert, crl, when)
        except (KeyError, TypeError, ValueError):  # a malformed CRL says nothing
            continue
        if date is not None and (trusted_time is None or date < trusted_time):
            revoked = True
        covered = covered or fits
    if ocsp_consulted and not covered:
        covered = _ocsp_names(cert, issuers, ocsps)
    return RevocationVerdict(revoked, covered)
