"""Revocation by a CRL in the file of a certificate that names no CRL distribution point.

pyHanko's validator, in the soft-fail mode a return is read in, looks at CRLs only for a
certificate with a distribution point; the tests/pki.py certificates all have one. Here a
throwaway CA made at test time issues a signer certificate without one, and CRLs of that
CA (or forged under its name) go in the signed file's DSS.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from pubrelease import fill, parse
from pubrelease.certsig import Revocation
from pubrelease.filling.certsign import sign_release
from pubrelease.reading.trust import TrustRoots, load_trust
from pubrelease.record import Record, Severity, Status

from .pki import NOW, PASSPHRASE, Identity, _cert, _name, _write
from .signed import key, release

SERIAL = 41


@dataclass(frozen=True)
class NoDpPki:
    ca_pem: Path
    ca_name: x509.Name
    ca_key: ec.EllipticCurvePrivateKey
    signer: Identity
    """Chained to the CA, with no CRL distribution point (nor OCSP responder)."""


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> NoDpPki:
    folder = tmp_path_factory.mktemp("nodp")
    year = dt.timedelta(days=365)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("No-DP Test Root CA", None)
    ca = _cert(
        ca_name, ca_key, ca_name, ca_key, ca=True, start=NOW - year, end=NOW + year, serial=1
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    signer_key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(
        _name("Bohyung Han", "bhhan@example.org"),
        signer_key,
        ca_name,
        ca_key,
        ca=False,
        start=NOW - year,
        end=NOW + year,
        serial=SERIAL,
        distribution_point=False,
    )
    signer = _write(folder, "signer", "Bohyung Han", signer_key, cert, [ca])
    return NoDpPki(ca_pem, ca_name, ca_key, signer)


@pytest.fixture(scope="module")
def roots(pki: NoDpPki) -> TrustRoots:
    return load_trust([pki.ca_pem])


@pytest.fixture(scope="module")
def signed(pki: NoDpPki) -> bytes:
    return sign_release(fill(release()), key(pki.signer.p12))


def _crl(issuer: x509.Name, signing_key: ec.EllipticCurvePrivateKey, serials: list[int]) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer)
        .last_update(NOW - dt.timedelta(hours=1))
        .next_update(NOW + dt.timedelta(days=30))
    )
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(NOW - dt.timedelta(days=2))
            .build()
        )
    return builder.sign(signing_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _with_crl(data: bytes, der: bytes) -> bytes:
    """``data`` with the CRL ``der`` in a DSS added as an incremental update."""
    from asn1crypto import crl
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    out = io.BytesIO(data)
    DocumentSecurityStore.add_dss(out, None, crls=[crl.CertificateList.load(der)])
    return out.getvalue()


def _codes(record: Record, severity: Severity | None = None) -> set[str]:
    return {f.code for f in record.findings if severity is None or f.severity is severity}


@pytest.mark.parametrize("with_roots", [True, False], ids=["trust-roots", "no-trust-roots"])
def test_a_revoking_crl_in_the_dss_revokes_a_certificate_without_distribution_point(
    signed: bytes, pki: NoDpPki, roots: TrustRoots, with_roots: bool
) -> None:
    data = _with_crl(signed, _crl(pki.ca_name, pki.ca_key, [7, SERIAL]))
    record = parse(data, trust=roots if with_roots else None)
    assert record.status is Status.INVALID, record.findings
    assert "signature-revoked" in _codes(record, Severity.ERROR)
    (sig,) = record.signatures
    assert sig.revocation is Revocation.REVOKED
    assert not sig.trusted
    assert sig.trust_problem == "the certificate is revoked"
    assert record.to_dict()["signatures"][0]["revocation"] == "revoked"


def test_a_crl_of_the_issuer_without_the_serial_is_a_revocation_check(
    signed: bytes, pki: NoDpPki, roots: TrustRoots
) -> None:
    record = parse(_with_crl(signed, _crl(pki.ca_name, pki.ca_key, [7])), trust=roots)
    assert record.status is Status.VALID, record.findings
    (sig,) = record.signatures
    assert sig.trusted
    assert sig.revocation is Revocation.CHECKED
    assert not {"signature-revoked", "signature-revocation-unchecked"} & _codes(record)


def test_a_crl_signed_by_another_key_under_the_issuer_name_counts_for_nothing(
    signed: bytes, pki: NoDpPki, roots: TrustRoots
) -> None:
    forger = ec.generate_private_key(ec.SECP256R1())
    record = parse(_with_crl(signed, _crl(pki.ca_name, forger, [SERIAL])), trust=roots)
    assert record.status is Status.VALID, record.findings
    (sig,) = record.signatures
    assert sig.trusted
    assert sig.revocation is Revocation.NOT_CHECKED
    assert "signature-revoked" not in _codes(record)
    assert "signature-revocation-unchecked" in _codes(record, Severity.INFO)


def test_a_crl_of_another_issuer_is_no_revocation_check(
    signed: bytes, pki: NoDpPki, roots: TrustRoots
) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    der = _crl(_name("Some Other CA", None), other, [SERIAL])
    record = parse(_with_crl(signed, der), trust=roots)
    assert record.status is Status.VALID, record.findings
    assert record.signatures[0].revocation is Revocation.NOT_CHECKED
    assert "signature-revocation-unchecked" in _codes(record, Severity.INFO)


def test_a_revoking_crl_in_the_signed_attributes_revokes(pki: NoDpPki, roots: TrustRoots) -> None:
    """The CRL in the signature's adbe-revocationInfoArchival attribute, no DSS."""
    from asn1crypto import crl
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator import ValidationContext

    revoking = crl.CertificateList.load(_crl(pki.ca_name, pki.ca_key, [SERIAL]))
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(pki.ca_pem))],
        crls=[revoking],
        allow_fetching=False,
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
        embed_validation_info=True,
        validation_context=context,
    )
    signer = signers.SimpleSigner.load_pkcs12(str(pki.signer.p12), passphrase=PASSPHRASE)
    assert signer is not None
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(fill(release()))), meta, signer)
    data = out.getvalue()
    assert b"/DSS" not in data
    record = parse(data, trust=roots)
    assert "signature-revoked" in _codes(record, Severity.ERROR), record.findings
    assert record.signatures[0].revocation is Revocation.REVOKED


def _timestamper(pki: NoDpPki, at: dt.datetime) -> object:
    """A timestamping authority of the CA (RSA: pyHanko's test timestamper is RSA-only)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key = rsa.generate_private_key(65537, 2048)
    year = dt.timedelta(days=365)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("No-DP Test TSA", None))
        .issuer_name(pki.ca_name)
        .public_key(tsa_key.public_key())
        .serial_number(42)
        .not_valid_before(NOW - year)
        .not_valid_after(NOW + year)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(pki.ca_key, hashes.SHA256())
    )
    der_key = tsa_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return DummyTimeStamper(
        asn1_x509.Certificate.load(tsa.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
        fixed_dt=at,
    )


@pytest.mark.parametrize("days_ago", [3, 1], ids=["stamped-before", "stamped-after"])
def test_a_trusted_timestamp_before_the_revocation_date_stands(
    pki: NoDpPki, roots: TrustRoots, days_ago: int
) -> None:
    """The CRL says revoked two days ago: a signature timestamped three days ago was made
    before, one timestamped a day ago after."""
    stamped_at = NOW - dt.timedelta(days=days_ago)
    data = sign_release(
        fill(release()), key(pki.signer.p12), timestamper=_timestamper(pki, stamped_at)
    )
    record = parse(_with_crl(data, _crl(pki.ca_name, pki.ca_key, [SERIAL])), trust=roots)
    (sig,) = record.signatures
    assert sig.timestamp == stamped_at
    if days_ago > 2:
        assert sig.revocation is Revocation.CHECKED, record.findings
        assert sig.trusted
        assert "signature-revoked" not in _codes(record)
    else:
        assert sig.revocation is Revocation.REVOKED
        assert "signature-revoked" in _codes(record, Severity.ERROR)
