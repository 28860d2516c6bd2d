"""A small PKI made by the tests with ``cryptography``: a CA, people's certificates, a CRL.

Every certificate is written as a PEM key and certificate pair and as a PKCS#12 file
(passphrase ``PASSPHRASE``), so tests can sign the way a user would: ``fill --sign``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = b"correct horse"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Identity:
    name: str
    key: Path
    cert: Path
    p12: Path
    certificate: x509.Certificate


@dataclass(frozen=True)
class Pki:
    folder: Path
    ca_pem: Path
    speaker: Identity
    conference: Identity
    stranger: Identity
    """Self-signed, chained to nothing the organiser trusts."""
    expired: Identity
    revoked: Identity
    service: Identity
    """An e-signing service's certificate, chained to the CA."""
    tsa: Identity
    """A timestamping authority's certificate, chained to the CA."""
    crl: x509.CertificateRevocationList


def _name(common: str, email: str | None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(parts)


def _cert(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    start: dt.datetime,
    end: dt.datetime,
    serial: int,
    eku: x509.ObjectIdentifier = ExtendedKeyUsageOID.EMAIL_PROTECTION,
    distribution_point: bool = True,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    if not ca and distribution_point:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://ca.invalid/root.crl")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(
    folder: Path,
    stem: str,
    name: str,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    cert: x509.Certificate,
    chain: list[x509.Certificate],
) -> Identity:
    key_path = folder / f"{stem}.key.pem"
    cert_path = folder / f"{stem}.cert.pem"
    p12_path = folder / f"{stem}.p12"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSPHRASE),
        )
    )
    cert_path.write_bytes(
        b"".join(c.public_bytes(serialization.Encoding.PEM) for c in [cert, *chain])
    )
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            cert,
            chain or None,
            serialization.BestAvailableEncryption(PASSPHRASE),
        )
    )
    return Identity(name, key_path, cert_path, p12_path, cert)


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Test Conference Root CA", None)
    year = dt.timedelta(days=365)
    ca = _cert(
        ca_name,
        ca_key,
        ca_name,
        ca_key,
        ca=True,
        start=NOW - 5 * year,
        end=NOW + 5 * year,
        serial=1,
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))

    def person(
        stem: str,
        common: str,
        email: str,
        serial: int,
        *,
        start: dt.datetime,
        end: dt.datetime,
        self_signed: bool = False,
    ) -> Identity:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(common, email)
        if self_signed:
            cert = _cert(subject, key, subject, key, ca=False, start=start, end=end, serial=serial)
            return _write(folder, stem, common, key, cert, [])
        cert = _cert(subject, key, ca_name, ca_key, ca=False, start=start, end=end, serial=serial)
        return _write(folder, stem, common, key, cert, [ca])

    speaker = person(
        "speaker", "Bohyung Han", "bhhan@example.org", 10, start=NOW - year, end=NOW + year
    )
    conference = person(
        "conference", "David Blei", "chairs@icml.example", 11, start=NOW - year, end=NOW + year
    )
    stranger = person(
        "stranger",
        "Bohyung Han",
        "bhhan@example.net",
        12,
        start=NOW - year,
        end=NOW + year,
        self_signed=True,
    )
    expired = person(
        "expired", "Bohyung Han", "bhhan@example.org", 13, start=NOW - 3 * year, end=NOW - year
    )
    revoked = person(
        "revoked", "Bohyung Han", "bhhan@example.org", 14, start=NOW - year, end=NOW + year
    )
    service = person(
        "service",
        "Example eSign Service",
        "noreply@esign.example",
        15,
        start=NOW - year,
        end=NOW + year,
    )
    tsa_key = rsa.generate_private_key(65537, 2048)  # pyHanko's test timestamper is RSA-only
    tsa_cert = _cert(
        _name("Test Timestamping Authority", "tsa@icml.example"),
        tsa_key,
        ca_name,
        ca_key,
        ca=False,
        start=NOW - year,
        end=NOW + year,
        serial=16,
        eku=ExtendedKeyUsageOID.TIME_STAMPING,
    )
    tsa = _write(folder, "tsa", "Test Timestamping Authority", tsa_key, tsa_cert, [ca])
    (folder / "tsa.der").write_bytes(tsa_cert.public_bytes(serialization.Encoding.DER))
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_name)
        .last_update(NOW - dt.timedelta(hours=1))
        .next_update(NOW + dt.timedelta(days=30))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(14)
            .revocation_date(NOW - dt.timedelta(days=2))
            .build()
        )
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return Pki(folder, ca_pem, speaker, conference, stranger, expired, revoked, service, tsa, crl)
