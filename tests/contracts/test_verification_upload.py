"""Anyone can upload an agreement PDF, on the page or through the API, and learn whether it is genuine and sealed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.rendering import render_agreement_pdf
from contracts.verification import MAX_UPLOAD_BYTES
from tests.contracts.samples import make_snapshot
from tests.seal_ca import SEAL_COMMON_NAME

pytestmark = pytest.mark.django_db

API = "/api/v1/agreements/verify/"
PAGE = "/verify/"


def final_bytes(agreement) -> bytes:
    with agreement.final_pdf.open("rb") as stored:
        return stored.read()


def tampered(pdf: bytes) -> bytes:
    changed = bytearray(pdf)
    changed[len(changed) // 3] ^= 0x01
    return bytes(changed)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_api_says_a_signed_agreement_is_genuine_and_its_seal_intact(api, signed):
    response = api.post(API, {"file": upload("agreement.pdf", final_bytes(signed))}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is True and body["genuine"] is True
    assert body["number"] == signed.number
    assert body["parties"]["company"] == signed.company.name
    assert body["starts_on"] == signed.snapshot["pilot"]["starts_on"]
    assert body["seal"]["intact"] is True
    assert SEAL_COMMON_NAME in body["seal"]["subject"]
    assert body["seal"]["sealed_at"]
    assert body["problems"] == []
    assert [s["method"] for s in body["signatures"]] == ["password", "password"]


def test_api_says_why_a_tampered_file_is_not_valid(api, signed):
    body = api.post(API, {"file": upload("a.pdf", tampered(final_bytes(signed)))}, format="multipart").json()
    assert body["valid"] is False and body["genuine"] is False
    assert body["seal"]["intact"] is False
    assert any("changed after it was sealed" in problem for problem in body["problems"])
    assert any("not the PDF KYKY issued" in problem for problem in body["problems"])


def test_api_says_a_foreign_pdf_has_no_seal(api):
    body = api.post(API, {"file": upload("x.pdf", render_agreement_pdf(make_snapshot()))}, format="multipart").json()
    assert body["valid"] is False and body["seal"]["present"] is False
    assert "The file carries no electronic seal." in body["problems"]
    not_pdf = api.post(API, {"file": upload("x.pdf", b"hello")}, format="multipart").json()
    assert "The file is not a PDF." in not_pdf["problems"]


def test_api_wants_a_file_of_at_most_20_mb(api):
    assert api.post(API, {}, format="multipart").status_code == 400
    big = upload("big.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES)
    response = api.post(API, {"file": big}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_page_checks_an_uploaded_file(client, signed):
    assert 'type="file"' in client.get(PAGE).content.decode()
    page = client.post(PAGE, {"file": upload("agreement.pdf", final_bytes(signed))}).content.decode()
    assert "This is a valid agreement, signed by both parties." in page
    assert signed.number in page and SEAL_COMMON_NAME in page and "Intact" in page
    page = client.post(PAGE, {"file": upload("agreement.pdf", tampered(final_bytes(signed)))}).content.decode()
    assert "This file is not a valid KYKY agreement." in page
    assert "The seal is broken: the file has been changed after it was sealed." in page


def test_page_refuses_a_file_over_20_mb_and_keeps_nothing(client, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)  # a disk handler would leave its file here
    response = client.post(PAGE, {"file": upload("big.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES)})
    assert response.status_code == 413
    assert "larger than 20 MB" in response.content.decode()
    assert list(tmp_path.iterdir()) == []


def test_the_code_page_also_offers_the_upload(client, signed):
    page = client.get(f"/verify/{signed.verification_code}/").content.decode()
    assert "valid agreement, signed by both parties" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_code_page_of_an_agreement_in_force_names_the_parties_and_dates(client, signed):
    page = client.get(f"/verify/{signed.verification_code}/").content.decode()
    assert signed.number in page
    assert signed.company.name in page and signed.company.business_id in page


@pytest.mark.parametrize("state", ["approved", "cancelled"])
def test_the_hash_names_only_an_agreement_in_force(api, signed, state):
    from contracts.models import Agreement

    assert api.get(f"{API}{signed.final_sha256}/").json()["valid"] is True
    Agreement.objects.filter(pk=signed.pk).update(status=state)
    response = api.get(f"{API}{signed.final_sha256}/")
    assert response.status_code == 404
    answer = response.json()
    assert answer["valid"] is False
    assert not {"number", "parties", "starts_on", "ends_on", "signatures"} & set(answer)
    assert not answer.get("sha256")
