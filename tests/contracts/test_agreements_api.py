"""The agreement workflow through the API: fill in, submit, approve or return, sign, verify."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services
from kyky.pilots.models import Pilot
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/"


@pytest.fixture
def agreement(company, school, representative, principal, teacher, coordinator):
    proposal = ProposalFactory(organisation=company, capacity=3, processes_personal_data=False)
    need = NeedFactory(organisation=school)
    application = services.application_create(actor=teacher, proposal=proposal, need=need, message="")
    pilot = process.application_accept(actor=representative, application=application)
    return pilot.agreement


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def detail(agreement):
    return f"{URL}{agreement.pk}/"


def test_draft_is_prefilled_so_an_unchanged_pair_can_submit(api, agreement, teacher, representative):
    body = api.as_user(teacher).get(detail(agreement)).json()
    assert body["status"] == "draft"
    assert body["number"].startswith("KYKY-")
    assert body["details"]["pupil_count"] == 22
    assert body["details"]["levels"] == ["4. luokka"]  # in the agreement's language (the need's)
    assert body["company"]["business_id"]
    assert body["ready"] == {"school": False, "company": False}
    assert body["missing"] == {"school": [], "company": []}
    response = api.as_user(teacher).post(f"{detail(agreement)}submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["ready"] == {"school": True, "company": False}
    response = api.as_user(representative).post(f"{detail(agreement)}submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["ready"] == {"school": True, "company": True}


def test_whole_process_to_a_verifiable_signed_pdf(
    api, agreement, teacher, principal, representative, coordinator, django_capture_on_commit_callbacks
):
    client = api.as_user(representative)
    response = client.patch(
        detail(agreement),
        {
            "language": "en",
            "contacts": {"company": {"name": "Anna Laskuri", "phone": "+358 40 000 0000"}},
            "personal_data": {
                "processed": True,
                "categories": ["pupil's first name", "game progress"],
                "purpose": "Saving each pupil's progress in the game",
                "storage_location": "Finland (EU)",
                "retention": "Deleted within 30 days after the pilot ends",
            },
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["details"]["levels"] == ["Grade 4"]
    assert api.as_user(principal).patch(detail(agreement), {"place": "Classroom 4B"}, format="json").status_code == 200
    assert api.as_user(principal).post(f"{detail(agreement)}submit/").json()["ready"] == {
        "school": True,
        "company": False,
    }
    assert client.post(f"{detail(agreement)}submit/").json()["status"] == "submitted"

    # The coordinator returns it; the parties see why, edit and submit again.
    coordinator_client = api.as_user(coordinator)
    response = coordinator_client.post(
        f"{detail(agreement)}return/", {"comment": "Add the group's name."}, format="json"
    )
    assert response.json()["status"] == "returned"
    seen = api.as_user(teacher).get(detail(agreement)).json()
    assert seen["return_comment"] == "Add the group's name."
    assert seen["ready"] == {"school": False, "company": False}  # both confirm the changed text again
    assert api.as_user(teacher).patch(detail(agreement), {"groups": "4B"}, format="json").status_code == 200
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    client.post(f"{detail(agreement)}submit/")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"{detail(agreement)}approve/", {"comment": "OK"}, format="json")
    assert response.json()["status"] == "approved"
    assert api.as_user(teacher).patch(detail(agreement), {"groups": "4C"}, format="json").status_code == 409

    # Each signer is shown the approved PDF and signs exactly that document.
    approved = client.get(f"{detail(agreement)}pdf/")
    assert approved["Content-Type"] == "application/pdf"
    approved_hash = hashlib.sha256(approved.content).hexdigest()
    assert "Classroom 4B" in text_of(approved.content)
    assert api.as_user(teacher).post(f"{detail(agreement)}sign/", {"document_sha256": approved_hash}).status_code == 403
    wrong = api.as_user(principal).post(f"{detail(agreement)}sign/", {"document_sha256": "0" * 64})
    assert wrong.status_code == 409
    assert (
        api.as_user(principal).post(f"{detail(agreement)}sign/", {"document_sha256": approved_hash}).status_code == 200
    )
    again = api.as_user(principal).post(f"{detail(agreement)}sign/", {"document_sha256": approved_hash})
    assert again.status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        signed = client.post(f"{detail(agreement)}sign/", {"document_sha256": approved_hash}).json()
    assert signed["status"] == "signed"
    assert [s["party"] for s in signed["signatures"]] == ["school", "company"]
    assert all(s["document_sha256"] == approved_hash for s in signed["signatures"])

    # The final PDF was rendered and stored once the signing committed.
    stored_hash = api.as_user(teacher).get(detail(agreement)).json()["final_sha256"]
    final = api.as_user(teacher).get(f"{detail(agreement)}pdf/").content
    final_hash = hashlib.sha256(final).hexdigest()
    assert final_hash == stored_hash
    text = text_of(final)
    assert approved_hash in text.replace("\n", "").replace(" ", "")
    assert principal.name in text and "Anna Laskuri" in text
    # Frozen: the same bytes every time, and no more edits.
    assert api.as_user(coordinator).get(f"{detail(agreement)}pdf/").content == final
    assert api.as_user(representative).patch(detail(agreement), {"place": "x"}, format="json").status_code == 409
    assert api.as_user(coordinator).post(f"{detail(agreement)}cancel/").status_code == 409

    # Anyone can verify the PDF by its hash, without logging in.
    api.credentials()
    verified = api.get(f"/api/v1/agreements/verify/{final_hash}/")
    assert verified.status_code == 200
    assert verified.json()["valid"] is True
    assert verified.json()["number"] == agreement.number
    assert verified.json()["parties"]["company"] == agreement.company.name
    assert api.get(f"/api/v1/agreements/verify/{approved_hash}/").json()["valid"] is False
    assert api.get("/api/v1/agreements/verify/nonsense/").status_code == 404
    # The QR code in the footer leads to the public page of the verification code.
    assert signed["verification_url"].endswith(f"/verify/{agreement.verification_code}/")
    assert agreement.verification_code in text
    page = api.get(f"/verify/{agreement.verification_code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "valid agreement, signed by both parties" in page
    assert final_hash in page

    trail = list(
        AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement")
        .order_by("id")
        .values_list("from_state", "to_state")
    )
    assert trail[0] == ("", "draft")
    assert ("submitted", "returned") in trail and ("approved", "signed") in trail

    # The pilot runs and the coordinator closes it with both sides' feedback.
    pilot = Pilot.objects.get(agreement=agreement)
    assert api.as_user(teacher).post(f"/api/v1/pilots/{pilot.pk}/start/").json()["status"] == "running"
    answer = {"goals": "yes", "again": True, "worked": "Hyvä", "change": ""}
    api.as_user(teacher).post(f"/api/v1/pilots/{pilot.pk}/feedback/", {**answer, "rating": 5}, format="json")
    api.as_user(representative).post(f"/api/v1/pilots/{pilot.pk}/feedback/", {**answer, "rating": 4})
    assert api.as_user(teacher).post(f"/api/v1/pilots/{pilot.pk}/complete/").status_code == 403
    closed = api.as_user(coordinator).post(f"/api/v1/pilots/{pilot.pk}/complete/").json()
    assert closed["status"] == "completed"
    assert sorted(f["rating"] for f in closed["feedback"]) == [4, 5]
    assert Agreement.objects.get(pk=agreement.pk).status == "completed"


def test_personal_data_needs_its_annex_details_before_the_company_marks_ready(api, agreement, representative, teacher):
    client = api.as_user(representative)
    client.patch(detail(agreement), {"personal_data": {"processed": True}}, format="json")
    response = client.post(f"{detail(agreement)}submit/")
    assert response.status_code == 400
    assert {"personal_data.categories", "personal_data.storage_location", "personal_data.retention"} <= set(
        response.json()["errors"]
    )
    fresh = Agreement.objects.get(pk=agreement.pk)
    assert fresh.status == "draft" and fresh.ready == {"school": False, "company": False}
    # The annex is the company's part: it never stops the school from marking its own part ready.
    body = api.as_user(teacher).post(f"{detail(agreement)}submit/").json()
    assert body["ready"] == {"school": True, "company": False}
    assert set(body["missing"]["company"]) >= {"personal_data.categories", "personal_data.retention"}
    assert body["missing"]["school"] == []


def test_bad_details_are_field_errors_and_change_nothing(api, agreement, teacher):
    before = Agreement.objects.get(pk=agreement.pk).snapshot
    response = api.as_user(teacher).patch(
        detail(agreement), {"pupil_count": 0, "starts_on": "2027-05-01", "ends_on": "2027-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "pupil_count" in response.json()["errors"]
    response = api.as_user(teacher).patch(detail(agreement), {"starts_on": "2027-05-01", "ends_on": "2027-01-01"})
    assert "ends_on" in response.json()["errors"]
    assert Agreement.objects.get(pk=agreement.pk).snapshot == before


def test_each_party_gives_its_own_contact(api, agreement, teacher):
    response = api.as_user(teacher).patch(
        detail(agreement), {"contacts": {"company": {"name": "Someone else"}}}, format="json"
    )
    assert response.status_code == 400
    assert "contacts.company" in response.json()["errors"]


def test_forbidden_steps(
    api, agreement, teacher, representative, coordinator, vantaa_coordinator, other_representative
):
    for user in (vantaa_coordinator, other_representative):
        client = api.as_user(user)
        assert client.get(detail(agreement)).status_code == 404
        assert client.get(f"{detail(agreement)}pdf/").status_code == 404
        assert client.post(f"{detail(agreement)}approve/").status_code == 404
        assert client.get(URL).json()["count"] == 0
    assert api.as_user(coordinator).patch(detail(agreement), {"place": "x"}, format="json").status_code == 403
    assert api.as_user(teacher).post(f"{detail(agreement)}approve/").status_code == 403
    response = api.as_user(coordinator).post(f"{detail(agreement)}approve/")
    assert response.status_code == 409
    assert response.json()["status"] == "draft"
    assert api.as_user(coordinator).post(f"{detail(agreement)}return/", {"comment": ""}).status_code == 400
    assert (
        api.as_user(representative).post(f"{detail(agreement)}sign/", {"document_sha256": "a" * 64}).status_code == 409
    )
    assert (
        api.as_user(representative).post(f"{detail(agreement)}sign/", {"document_sha256": "short"}).status_code == 400
    )


def test_draft_pdf_is_marked_and_available_to_parties_and_coordinator(api, agreement, teacher, coordinator):
    for user in (teacher, coordinator):
        response = api.as_user(user).get(f"{detail(agreement)}pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    assert "LUONNOS" in text_of(response.content)


def test_cancelling_frees_the_place_and_reopens_the_need(api, agreement, teacher):
    proposal = agreement.pilot.proposal
    assert proposal.capacity_left == 2
    response = api.as_user(teacher).post(f"{detail(agreement)}cancel/", {"comment": "Aikataulu ei sovi"}, format="json")
    assert response.json()["status"] == "cancelled"
    proposal.refresh_from_db()
    assert proposal.capacity_left == 3
    pilot = Pilot.objects.get(pk=agreement.pilot_id)
    assert pilot.status == "cancelled"
    assert pilot.need.status == "published"


def test_agreement_list_queries_stay_flat(api, company, school, representative, teacher, django_assert_max_num_queries):
    for _ in range(6):
        application = services.application_create(
            actor=teacher, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
        )
        process.application_accept(actor=representative, application=application)
    with django_assert_max_num_queries(10):
        assert api.as_user(teacher).get(URL).json()["count"] == 6


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved", "cancelled"])
def test_verification_page_tells_nothing_of_an_agreement_not_in_force(client, agreement, state):
    Agreement.objects.filter(pk=agreement.pk).update(status=state)
    response = client.get(f"/verify/{agreement.verification_code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This verification code is not of an agreement in force." in page
    for detail_shown in (
        agreement.number,
        agreement.company.name,
        agreement.unit.name,
        agreement.company.business_id,
        agreement.snapshot["pilot"]["starts_on"],
        state,
    ):
        assert detail_shown not in page
    assert client.get("/verify/NOPE-NOPE-NOPE/").status_code == 404
