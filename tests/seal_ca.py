"""A test certificate authority and a seal certificate it issues, written as PKCS#12 like a city's e-seal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SEAL_COMMON_NAME = "KYKY Test City e-seal"


@dataclass(frozen=True)
class TestCA:
    root: asn1_x509.Certificate
    p12: Path
    password: str


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Testikaupunki"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FI"),
        ]
    )


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def create_test_ca(directory: Path, *, common_name: str = SEAL_COMMON_NAME) -> TestCA:
    """A root CA and a seal certificate it signed (EC P-256 keys: quick to make), as PKCS#12 under `directory`."""
    now = datetime.now(UTC)
    root_key, seal_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{common_name} test root CA")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3650))  # the suite may run on a clock far from the real one
        .not_valid_after(now + timedelta(days=7300))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3650))  # the suite may run on a clock far from the real one
        .not_valid_after(now + timedelta(days=7300))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    password = "test-seal-password"
    directory.mkdir(parents=True, exist_ok=True)
    p12 = directory / "seal.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", seal_key, seal, [root], serialization.BestAvailableEncryption(password.encode())
        )
    )
    return TestCA(
        root=asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER)), p12=p12, password=password
    )
