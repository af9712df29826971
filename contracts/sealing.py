"""The platform's electronic seal on signed agreements: PAdES with pyHanko, and its validation.

`seal_pdf` adds one PAdES baseline signature (B-B, or B-T when a timestamp authority is set with
KYKY_TSA_URL) made with the certificate and key of a PKCS#12 file (KYKY_SEAL_P12_FILE and its
password). It is an incremental update: the rendered bytes, and with them the PDF/A-3b
identification in the XMP metadata, stay as they were, and the signature's byte range covers the
whole file. `validate_seal` checks a PDF's seal: intact, made with a trusted certificate (the
platform's own, unless other roots are given), and covering the entire file.

`create_self_signed_seal` makes the development seal `manage.py create_dev_seal` writes under data/.
"""

from __future__ import annotations

import asyncio
import io
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from contracts.rendering import render_agreement_pdf

FIELD_NAME = "KYKY-seal"
DEV_SEAL_SUBJECT = "KYKY development seal (not for production)"


class SealError(RuntimeError):
    """The PDF could not be sealed."""


@dataclass(frozen=True)
class SealCheck:
    """What a PDF's seal says: whether it holds, by whom and when, and if not, why not."""

    present: bool
    intact: bool = False
    trusted: bool = False
    entire_file: bool = False
    subject: str = ""
    sealed_at: datetime | None = None
    timestamped: bool = False
    problem: str = ""  # a stable code: "not_pdf", "no_seal", "broken", "untrusted", "partial"

    @property
    def valid(self) -> bool:
        return self.present and self.intact and self.trusted and self.entire_file


def _outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run their own event loop (asyncio.run).

    That fails in a thread whose event loop is running (an async caller; Playwright's sync API in
    the browser tests); there the call runs in a worker thread instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


# The signer


def _seal_password() -> bytes:
    password = settings.SEAL_PASSWORD
    if password is None and settings.SEAL_PASSWORD_FILE:
        try:
            password = Path(settings.SEAL_PASSWORD_FILE).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"The seal's password file {settings.SEAL_PASSWORD_FILE!r} cannot be read ({exc}). "
                "Set KYKY_SEAL_PASSWORD or KYKY_SEAL_PASSWORD_FILE, or run manage.py create_dev_seal."
            ) from exc
    return (password or "").encode()


class _Writer(IncrementalPdfFileWriter):
    """An incremental writer that leaves the document's metadata alone.

    pyHanko would rewrite the XMP packet and the Info dictionary's dates and producer, and not
    identically (PDF/A wants the two to agree); the seal needs neither, so the rendered PDF/A
    metadata stays byte for byte as it was.
    """

    def _update_meta(self) -> None:
        return None


class _Signer(signers.SimpleSigner):
    """pyHanko's SimpleSigner, but the private key is parsed once, not on every signature.

    Parsing (and checking) an RSA key costs about 100 ms each time; pyHanko does it for the size
    estimate and again for the signature.
    """

    @cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        key = self._private_key
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if isinstance(key, rsa.RSAPrivateKey) and mechanism == "rsassa_pkcs1v15":
            return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


@cache
def _load_signer(path: str, mtime: float) -> signers.SimpleSigner:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"KYKY_SEAL_P12_FILE points at {path!r}, which cannot be read ({exc}). "
            "Give the city's e-seal certificate as a PKCS#12 file, or run manage.py create_dev_seal."
        ) from exc
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=_seal_password() or None)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"The PKCS#12 file {path!r} cannot be opened with the password given in KYKY_SEAL_PASSWORD "
            "(or KYKY_SEAL_PASSWORD_FILE)."
        ) from exc
    return _Signer(signing_key=loaded.signing_key, signing_cert=loaded.signing_cert, cert_registry=loaded.cert_registry)


def seal_signer() -> signers.SimpleSigner:
    """The platform's signer, loaded once per process (and again if the file is replaced)."""
    path = str(settings.SEAL_P12_FILE)
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return _load_signer(path, mtime)


def seal_certificate() -> asn1_x509.Certificate:
    return seal_signer().signing_cert


def seal_subject() -> str:
    """The seal certificate's subject, as a PDF reader shows it."""
    return seal_certificate().subject.human_friendly


def _timestamper() -> RequestsHTTPTimeStamper | None:
    return RequestsHTTPTimeStamper(settings.TSA_URL, timeout=10) if settings.TSA_URL else None


def seal_pdf(pdf_bytes: bytes) -> bytes:
    """Seal a PDF with the platform's certificate: PAdES B-B, or B-T with a timestamp authority."""
    try:
        writer = _Writer(io.BytesIO(pdf_bytes))
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason="Sealed electronically by KYKY",
            name="KYKY",
        )
        output = _outside_event_loop(
            signers.sign_pdf, writer, metadata, signer=seal_signer(), timestamper=_timestamper()
        )
    except (PdfError, OSError) as exc:
        raise SealError(f"The PDF could not be sealed: {exc}") from exc
    return output.getvalue()


def sealed_agreement_pdf(snapshot: dict, *, signatures: list[dict]) -> bytes:
    """The final agreement PDF: rendered with the visible seal box on its signature page, then sealed."""
    seal = {"subject": seal_subject(), "sealed_at": timezone.now().isoformat()}
    return seal_pdf(render_agreement_pdf(snapshot, signatures=signatures, draft=False, seal=seal))


# Validation


def validate_seal(pdf_bytes: bytes, *, trust_roots: list[asn1_x509.Certificate] | None = None) -> SealCheck:
    """Check the last seal of a PDF against the platform's certificate (or the given trust roots)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # whatever a malformed upload makes the parser raise
        # A file that starts as a PDF but no longer parses was most likely changed.
        return SealCheck(present=False, problem="broken" if pdf_bytes.startswith(b"%PDF-") else "not_pdf")
    if not signatures:
        return SealCheck(present=False, problem="no_seal")
    signature = signatures[-1]
    roots = trust_roots if trust_roots is not None else [seal_certificate()]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = _outside_event_loop(
            validate_pdf_signature, signature, signer_validation_context=context, skip_diff=True
        )
    except (SignatureValidationError, ValueError, KeyError, TypeError, PdfError):
        return SealCheck(present=True, problem="broken")
    subject = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    intact = bool(status.intact and status.valid)
    entire = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    timestamp = status.timestamp_validity
    sealed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    problem = ""
    if not intact:
        problem = "broken"
    elif not status.trusted:
        problem = "untrusted"
    elif not entire:
        problem = "partial"
    return SealCheck(
        present=True,
        intact=intact,
        trusted=bool(status.trusted),
        entire_file=entire,
        subject=subject,
        sealed_at=sealed_at,
        timestamped=timestamp is not None,
        problem=problem,
    )


# Development seal


def ensure_dev_seal() -> Path | None:
    """Create the development seal where the embedded default expects it, if it is missing.

    Returns the file it created, or None when it exists already or a city's own seal is configured
    (settings give a password file only for the development default).
    """
    if not settings.SEAL_PASSWORD_FILE:
        return None
    p12, password = Path(settings.SEAL_P12_FILE), Path(settings.SEAL_PASSWORD_FILE)
    if p12.exists() and password.exists():
        return None
    create_self_signed_seal(p12, password)
    return p12


def create_self_signed_seal(p12_path: Path, password_path: Path, *, subject: str = DEV_SEAL_SUBJECT) -> None:
    """Write a self-signed seal certificate and key as PKCS#12, with a random password beside it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, subject),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "KYKY"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FI"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(24)
    data = pkcs12.serialize_key_and_certificates(
        b"kyky-seal", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    )
    p12_path.parent.mkdir(parents=True, exist_ok=True)
    for path, content in ((password_path, password.encode() + b"\n"), (p12_path, data)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.chmod(path, 0o600)
