"""The final agreement PDF carries the platform's PAdES seal: valid under the test CA, whole-file, still PDF/A."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from contracts import sealing
from contracts.models import Agreement
from tests.seal_ca import SEAL_COMMON_NAME

pytestmark = pytest.mark.django_db


def final_bytes(agreement: Agreement) -> bytes:
    with agreement.final_pdf.open("rb") as stored:
        return stored.read()


def pyhanko_status(pdf: bytes, root):
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root], allow_fetching=False))


def test_final_pdf_is_sealed_whole_and_trusted_under_the_city_ca(signed, test_ca):
    pdf = final_bytes(signed)
    assert hashlib.sha256(pdf).hexdigest() == signed.final_sha256  # the stored hash is the sealed file's
    status = pyhanko_status(pdf, test_ca.root)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert SEAL_COMMON_NAME in status.signing_cert.subject.human_friendly
    # PAdES baseline: the ETSI subfilter, signing certificate bound in the signed attributes.
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_one_changed_byte_breaks_the_seal(signed, test_ca):
    pdf = bytearray(final_bytes(signed))
    pdf[len(pdf) // 3] ^= 0x01
    check = sealing.validate_seal(bytes(pdf), trust_roots=[test_ca.root])
    assert not check.valid
    assert check.problem == "broken"


def test_a_pdf_sealed_by_someone_else_is_not_trusted(signed, test_ca, tmp_path):
    from tests.seal_ca import create_test_ca

    other = create_test_ca(tmp_path / "other", common_name="Somebody else")
    check = sealing.validate_seal(final_bytes(signed), trust_roots=[other.root])
    assert check.intact and not check.trusted and check.problem == "untrusted"


def test_sealed_pdf_passes_qpdf_and_keeps_its_pdfa_identification(signed, tmp_path):
    pdf = final_bytes(signed)
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b'pdfaid:conformance="B"' in xmp or b"<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    # The Info dictionary still agrees with the XMP packet (PDF/A), as rendered.
    assert reader.metadata["/Producer"].startswith("WeasyPrint")
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (CI installs it)")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"No syntax or stream encoding errors" in result.stdout


def test_signature_page_shows_the_visible_seal(signed, principal, representative):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(final_bytes(signed))).pages)
    flat = " ".join(text.split())
    assert "Sähköisesti sinetöinyt KYKY" in flat  # the agreement's language (the need's: Finnish)
    assert SEAL_COMMON_NAME in flat
    assert principal.name in flat and representative.name in flat
    assert "Kirjautuminen: KYKY-salasana" in flat  # how each signer had signed in


def test_sealing_is_an_incremental_update_of_the_rendered_bytes(test_ca):
    from tests.contracts.samples import make_snapshot

    rendered = sealing.render_agreement_pdf(make_snapshot(personal_data__processed=False))
    sealed = sealing.seal_pdf(rendered)
    assert sealed.startswith(rendered)
    assert sealing.validate_seal(sealed, trust_roots=[test_ca.root]).valid
    assert sealing.validate_seal(rendered).problem == "no_seal"
    assert sealing.validate_seal(b"not a pdf").problem == "not_pdf"


def test_create_dev_seal_writes_a_private_self_signed_seal_once(tmp_path, settings):
    from django.core.management import call_command

    settings.SEAL_P12_FILE = str(tmp_path / "seal" / "dev-seal.p12")
    settings.SEAL_PASSWORD, settings.SEAL_PASSWORD_FILE = None, str(tmp_path / "seal" / "dev-seal.password")
    call_command("create_dev_seal")
    p12 = tmp_path / "seal" / "dev-seal.p12"
    assert p12.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "seal" / "dev-seal.password").stat().st_mode & 0o777 == 0o600
    first = p12.read_bytes()
    call_command("create_dev_seal")
    assert p12.read_bytes() == first  # kept, not replaced
    assert "development seal" in sealing.seal_subject()
    assert sealing.validate_seal(sealing.seal_pdf(sealing.render_agreement_pdf(_snapshot()))).valid


def _snapshot():
    from tests.contracts.samples import make_snapshot

    return make_snapshot(personal_data__processed=False)


def test_sealing_works_where_an_event_loop_is_running(test_ca):
    """pyHanko runs its own event loop; an async caller (or Playwright's sync API) must not break it."""
    import asyncio

    rendered = _snapshot_pdf()

    async def seal_in_a_loop():
        return sealing.seal_pdf(rendered)

    sealed = asyncio.run(seal_in_a_loop())
    assert sealing.validate_seal(sealed, trust_roots=[test_ca.root]).valid


def _snapshot_pdf() -> bytes:
    return sealing.render_agreement_pdf(_snapshot())
