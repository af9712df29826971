"""The agreement's documents: the approved PDF stored once and signed as stored, the final PDF, the
language of the whole snapshot, the agreement number's year, and the PDF endpoint's content negotiation."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
import time_machine
from pypdf import PdfReader

from contracts import services as agreement_services
from contracts.models import Agreement
from contracts.rendering import render_agreement_pdf
from kyky.pilots import services
from kyky.pilots.models import Proposal
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """PDF text without its line breaks, for phrases that wrap."""
    return " ".join(text.split())


def detail(agreement: Agreement) -> str:
    return f"{URL}{agreement.pk}/"


def _agreement(company, school, teacher, representative, **proposal) -> Agreement:
    proposal = ProposalFactory(organisation=company, capacity=3, processes_personal_data=False, **proposal)
    need = NeedFactory(organisation=school)
    application = services.application_create(actor=teacher, proposal=proposal, need=need, message="")
    return process.application_accept(actor=representative, application=application).agreement


@pytest.fixture
def agreement(company, school, teacher, principal, representative, coordinator):
    return _agreement(company, school, teacher, representative)


@pytest.fixture
def submitted(api, agreement, teacher, representative):
    assert api.as_user(teacher).post(f"{detail(agreement)}submit/").status_code == 200
    assert api.as_user(representative).post(f"{detail(agreement)}submit/").json()["status"] == "submitted"
    return agreement


@pytest.fixture
def approved(api, submitted, coordinator, django_capture_on_commit_callbacks):
    """Approved through the API; the approved document is stored by the task run once the approval commits."""
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_user(coordinator).post(f"{detail(submitted)}approve/").status_code == 200
    submitted.refresh_from_db()
    return submitted


def stored_bytes(agreement: Agreement) -> bytes:
    agreement.refresh_from_db()
    with agreement.approved_pdf.open("rb") as stored:
        return stored.read()


# The approved document


def test_the_approved_document_is_stored_with_its_hash_when_the_approval_commits(approved):
    content = stored_bytes(approved)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == approved.approved_sha256
    assert "LUONNOS" in text_of(content) or "DRAFT" in text_of(content).upper()


def test_signers_download_and_sign_the_stored_bytes_even_if_the_terms_change_under_them(
    api, approved, principal, representative, django_capture_on_commit_callbacks
):
    stored, name = stored_bytes(approved), approved.approved_pdf.name
    # Something changes the terms after approval (or rendering would now give other bytes): signers
    # still get, and sign, exactly what was approved.
    snapshot = {**approved.snapshot, "pilot": {**approved.snapshot["pilot"], "place": "Somewhere else entirely"}}
    Agreement.objects.filter(pk=approved.pk).update(snapshot=snapshot)

    for user in (principal, representative, principal):
        response = api.as_user(user).get(f"{detail(approved)}pdf/")
        assert response.status_code == 200
        assert response.content == stored
    assert "Somewhere else entirely" not in text_of(stored)
    assert api.as_user(principal).get(detail(approved)).json()["approved_sha256"] == approved.approved_sha256

    digest = hashlib.sha256(stored).hexdigest()
    assert api.as_user(principal).post(f"{detail(approved)}sign/", {"document_sha256": digest}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        signed = api.as_user(representative).post(f"{detail(approved)}sign/", {"document_sha256": digest.upper()})
    assert signed.status_code == 200
    assert [s["document_sha256"] for s in signed.json()["signatures"]] == [digest, digest]
    # Still the same stored file, never rendered again.
    assert stored_bytes(approved) == stored and approved.approved_pdf.name == name


def test_a_hash_other_than_the_stored_one_is_refused(api, approved, principal):
    rendered_now = hashlib.sha256(render_agreement_pdf({**approved.snapshot, "number": "x"}))
    for digest in ("0" * 64, rendered_now.hexdigest()):
        response = api.as_user(principal).post(f"{detail(approved)}sign/", {"document_sha256": digest})
        assert response.status_code == 409
        assert response.json()["code"] == "conflict"
    assert not approved.signatures.exists()


def test_the_final_pdf_is_stored_once_both_have_signed_and_only_read_back(
    api, approved, principal, representative, coordinator, django_capture_on_commit_callbacks
):
    digest = approved.approved_sha256
    api.as_user(principal).post(f"{detail(approved)}sign/", {"document_sha256": digest})
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(representative).post(f"{detail(approved)}sign/", {"document_sha256": digest})
    approved.refresh_from_db()
    assert approved.status == "signed" and approved.final_pdf
    with approved.final_pdf.open("rb") as stored:
        final = stored.read()
    assert hashlib.sha256(final).hexdigest() == approved.final_sha256
    assert digest in flat(text_of(final)).replace(" ", "")
    Agreement.objects.filter(pk=approved.pk).update(snapshot={**approved.snapshot, "number": "changed"})
    for user in (principal, coordinator):
        assert api.as_user(user).get(f"{detail(approved)}pdf/").content == final
    # The task is idempotent: running it again keeps the stored file.
    agreement_services.final_document.enqueue(approved.pk)
    approved.refresh_from_db()
    assert approved.final_sha256 == hashlib.sha256(final).hexdigest()


def test_until_the_approved_document_is_stored_download_and_signing_say_to_try_again(
    api, client, submitted, coordinator, principal
):
    # The approval's transaction has not committed here, so the task has not run.
    agreement_services.agreement_approve(actor=coordinator, agreement=submitted)
    submitted.refresh_from_db()
    assert submitted.status == "approved" and not submitted.approved_pdf

    response = api.as_user(principal).get(f"{detail(submitted)}pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 409
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The approved document is being prepared, try again in a moment.",
        "code": "document_not_ready",
    }
    response = api.as_user(principal).post(f"{detail(submitted)}sign/", {"document_sha256": "a" * 64})
    assert response.status_code == 409 and response["Retry-After"] == "5"
    assert response.json()["code"] == "document_not_ready"
    assert not submitted.signatures.exists()
    # Neither the download nor the signature rendered it in passing.
    submitted.refresh_from_db()
    assert not submitted.approved_pdf and not submitted.approved_sha256
    finnish = api.as_user(principal).get(f"{detail(submitted)}pdf/", HTTP_ACCEPT_LANGUAGE="fi")
    assert finnish.json()["detail"] == "Hyväksyttyä asiakirjaa valmistellaan, yritä hetken kuluttua uudelleen."

    # The pages say so too, and never render.
    client.force_login(principal)
    page = client.get(f"/agreements/{submitted.pk}/")
    assert page.status_code == 200
    assert "The approved document is being prepared" in page.content.decode()
    download = client.get(f"/agreements/{submitted.pk}/pdf/")
    assert download.status_code == 409 and download["Retry-After"] == "5"
    assert "The approved document is being prepared" in download.content.decode()

    # The task produces it, once: running it again changes nothing.
    agreement_services.approved_document.enqueue(submitted.pk)
    stored, name = stored_bytes(submitted), submitted.approved_pdf.name
    agreement_services.approved_document.enqueue(submitted.pk)
    assert stored_bytes(submitted) == stored and submitted.approved_pdf.name == name
    assert api.as_user(principal).get(f"{detail(submitted)}pdf/").content == stored
    page = client.get(f"/agreements/{submitted.pk}/").content.decode()
    assert submitted.approved_sha256 in page


# Content negotiation of the PDF endpoint


@pytest.mark.parametrize("accept", ["application/pdf", "*/*", None, BROWSER_ACCEPT])
def test_the_pdf_endpoint_answers_pdf_to_every_reasonable_accept_header(api, approved, agreement, principal, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    stored = stored_bytes(approved)
    response = api.as_user(principal).get(f"{detail(approved)}pdf/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == stored
    assert response["Content-Disposition"] == f'attachment; filename="{approved.number}-approved.pdf"'


@pytest.mark.parametrize("accept", ["application/pdf", "*/*", None, BROWSER_ACCEPT])
def test_a_draft_pdf_answers_every_reasonable_accept_header(api, agreement, teacher, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = api.as_user(teacher).get(f"{detail(agreement)}pdf/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_endpoint_errors_come_in_the_json_error_shape(api, agreement, other_company):
    from tests.conftest import _member

    outsider = _member(other_company, "representative", "outsider@kielikone.example")
    response = api.as_user(outsider).get(f"{detail(agreement)}pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    api.logout()
    api.credentials()
    assert api.get(f"{detail(agreement)}pdf/", HTTP_ACCEPT="application/pdf").json()["code"] == "not_authenticated"


def test_a_client_that_accepts_only_json_is_told_the_pdf_is_not_acceptable(api, agreement, teacher):
    response = api.as_user(teacher).get(f"{detail(agreement)}pdf/", HTTP_ACCEPT="application/json")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


# Language


def test_changing_the_language_relocalises_the_standard_wording_and_keeps_what_the_parties_wrote(
    api, company, school, teacher, principal, representative
):
    agreement = _agreement(company, school, teacher, representative, delivery=Proposal.Delivery.REMOTE)
    product = agreement.snapshot["pilot"]["product"]
    fi = api.as_user(teacher).get(detail(agreement)).json()["details"]
    assert fi["language"] == "fi"
    assert fi["place"] == "Etänä, yksiköstä Auroran koulu"
    assert fi["company_provides"].startswith(f"Tuotteen {product} maksuton käyttö")
    school_title, company_title = fi["contacts"]["school"]["title"], fi["contacts"]["company"]["title"]
    assert company_title == "edustaja"
    # The school edits one clause; the company keeps the standard wording.
    written = "Testikäyttö 4B-luokassa ja palaute joka perjantai."
    assert api.as_user(teacher).patch(detail(agreement), {"school_provides": written}, format="json").status_code == 200

    # fi → en
    response = api.as_user(representative).patch(detail(agreement), {"language": "en"}, format="json")
    assert response.status_code == 200, response.content
    en = response.json()["details"]
    assert en["language"] == "en"
    assert en["place"] == "Remote, from Auroran koulu"
    assert en["company_provides"].startswith(f"Use of {product} for the pilot group free of charge")
    assert en["reference_use"].startswith("The provider may say that it has piloted the product")
    assert en["school_provides"] == written
    assert en["contacts"]["company"]["title"] == "representative"
    assert (school_title, en["contacts"]["school"]["title"]) in (("opettaja", "teacher"), ("rehtori", "principal"))
    assert en["levels"] == ["Grade 4"]
    pdf = flat(text_of(api.as_user(teacher).get(f"{detail(agreement)}pdf/").content))
    assert f"Use of {product} for the pilot group free of charge" in pdf
    assert "Remote, from Auroran koulu" in pdf
    assert "Grade 4" in pdf
    assert written in pdf and "representative" in pdf
    assert "maksuton" not in pdf and "Etänä" not in pdf

    # en → sv
    response = api.as_user(teacher).patch(detail(agreement), {"language": "sv"}, format="json")
    sv = response.json()["details"]
    assert sv["place"] == "På distans, från Auroran koulu"
    assert sv["company_provides"].startswith(f"Avgiftsfri användning av {product}")
    assert sv["reference_use"].startswith("Leverantören får berätta")
    assert sv["school_provides"] == written
    assert sv["contacts"]["company"]["title"] == "representant"
    assert (
        sv["contacts"]["school"]["title"]
        == {"teacher": "lärare", "principal": "rektor"}[en["contacts"]["school"]["title"]]
    )
    assert sv["levels"] != ["Grade 4"]
    pdf = flat(text_of(api.as_user(teacher).get(f"{detail(agreement)}pdf/").content))
    assert f"Avgiftsfri användning av {product}" in pdf
    assert "På distans, från Auroran koulu" in pdf
    assert sv["levels"][0] in pdf and "representant" in pdf
    assert "free of charge" not in pdf and "Remote, from" not in pdf


def test_a_place_or_title_the_parties_wrote_stays_when_the_language_changes(api, agreement, teacher):
    data = {"place": "Luokka 4B", "contacts": {"school": {"title": "luokanopettaja"}}}
    assert api.as_user(teacher).patch(detail(agreement), data, format="json").status_code == 200
    en = api.as_user(teacher).patch(detail(agreement), {"language": "en"}, format="json").json()["details"]
    assert en["place"] == "Luokka 4B"
    assert en["contacts"]["school"]["title"] == "luokanopettaja"
    assert en["contacts"]["company"]["title"] == "representative"


def test_the_edit_page_changes_the_language_of_the_whole_text(client, agreement, teacher):
    from frontend.workflow_forms import AgreementForm

    client.force_login(teacher)
    data = AgreementForm.bound_from(agreement.snapshot, "school")
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(f"/agreements/{agreement.pk}/edit/", {**data, "language": "en"})
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement.refresh_from_db()
    assert agreement.language == "en"
    assert agreement.snapshot["school_provides"].startswith("Test use of the product in the group")
    assert agreement.snapshot["pilot"]["levels"] == ["Grade 4"]


# Numbers


def test_the_agreement_number_takes_the_year_in_helsinki(company, school, teacher, representative):
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        agreement = _agreement(company, school, teacher, representative)
    assert agreement.number == f"KYKY-2027-{agreement.pk:05d}"
    assert agreement.snapshot["number"] == agreement.number
