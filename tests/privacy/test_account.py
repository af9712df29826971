"""Your own data: GET /api/v1/me/, the export (API and download), and deleting the account (API and the
confirmation page): personal data removed, signatures kept as names, the deletion in the audit trail."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from contracts import services as agreements
from contracts.models import Agreement, Signature
from kyky.accounts.models import User
from kyky.core.models import AuditEntry
from kyky.pilots import services
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(company, school, representative, principal, teacher):
    application = services.application_create(
        actor=teacher, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school, created_by=teacher),
        message="Sopisi 4B:lle.",
    )  # fmt: skip
    agreement = process.application_accept(actor=representative, application=application).agreement
    return Agreement.objects.get(pk=agreement.pk)


def test_me_is_a_minimal_picture_of_the_caller(api, teacher, school):
    data = api.as_user(teacher).get("/api/v1/me/").json()
    assert {key: data[key] for key in ("id", "email", "name", "organisation", "role")} == {
        "id": teacher.pk,
        "email": teacher.email,
        "name": teacher.name,
        "organisation": {"id": school.pk, "name": school.name, "kind": "school", "municipality": "espoo"},
        "role": "teacher",
    }
    assert api.get("/api/v1/me/").status_code == 401


def test_the_export_holds_the_user_s_own_data_and_no_one_else_s(api, draft, teacher, representative):
    data = api.as_user(teacher).get("/api/v1/me/export/").json()
    assert data["account"]["email"] == teacher.email and data["membership"]["role"] == "teacher"
    assert [a["message"] for a in data["applications_sent"]] == ["Sopisi 4B:lle."]
    assert data["agreement_contacts"][0]["agreement"] == draft.number
    assert data["agreement_contacts"][0]["email"] == teacher.email
    assert {entry["action"] for entry in data["actions"]} == {"apply"}
    other = api.as_user(representative).get("/api/v1/me/export/").json()
    assert other["applications_sent"] == [] and other["account"]["email"] == representative.email
    assert "Sopisi 4B:lle." not in json.dumps(other)
    assert api.get("/api/v1/me/export/").status_code == 401


def test_the_settings_page_downloads_the_data(client, draft, teacher):
    client.force_login(teacher)
    page = client.get("/settings/data/").content.decode()
    assert 'href="/settings/data/export/"' in page and 'href="/settings/data/delete/"' in page
    response = client.get("/settings/data/export/")
    assert response["Content-Type"] == "application/json" and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["account"]["email"] == teacher.email


def test_deleting_the_account_through_the_api(api, draft, teacher, django_capture_on_commit_callbacks):
    email, password_client = teacher.email, api.as_user(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        assert password_client.delete("/api/v1/me/").status_code == 204
    user = User.objects.get(pk=teacher.pk)
    assert user.deleted_at and not user.is_active and not user.has_usable_password()
    assert user.name == "" and email not in user.email and user.email.endswith("@deleted.invalid")
    assert user.member is None
    assert password_client.get("/api/v1/me/").status_code == 401  # the token went with the account
    login = api.post("/api/v1/auth/token/", {"email": email, "password": "correct horse battery"}, format="json")
    assert login.status_code == 400
    # Their contact details leave the draft they were named in; the other party's stay.
    contacts = Agreement.objects.get(pk=draft.pk).snapshot["contacts"]
    assert contacts["school"] == dict.fromkeys(["name", "title", "email", "phone"], "")
    assert contacts["company"]["email"]
    entry = AuditEntry.objects.get(action="account_delete")
    assert (entry.actor_id, entry.object_id, entry.content_type.model) == (teacher.pk, teacher.pk, "user")
    assert entry.data["contacts"] == 1 and entry.data["membership"]["role"] == "teacher"
    assert [m.subject for m in mail.outbox if m.to == [email]] == ["KYKY-tilisi poistettiin"]
    # The address is free for a new account.
    User.objects.create_user(email, "another long password", name="Uusi")


def test_signatures_stay_as_names(api, company, school, representative, principal, teacher, coordinator,
                                  django_capture_on_commit_callbacks):  # fmt: skip
    application = services.application_create(
        actor=representative, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_submit(actor=representative, agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        agreements.agreement_approve(actor=coordinator, agreement=agreement)
    digest = Agreement.objects.get(pk=agreement.pk).approved_sha256
    agreements.agreement_sign(actor=principal, agreement=agreement, document_sha256=digest)
    with django_capture_on_commit_callbacks(execute=True):
        agreements.agreement_sign(actor=representative, agreement=agreement, document_sha256=digest)
    signed = Agreement.objects.get(pk=agreement.pk)
    name = principal.name
    assert api.as_user(principal).delete("/api/v1/me/").status_code == 204
    signature = Signature.objects.get(agreement=signed, party="school")
    assert signature.user is None and signature.name == name and signature.document_sha256 == digest
    again = Agreement.objects.get(pk=signed.pk)
    assert (again.final_sha256, again.snapshot) == (signed.final_sha256, signed.snapshot)  # the signed terms stay
    assert api.get(f"/api/v1/agreements/verify/{signed.final_sha256}/").json()["valid"]
    detail = api.as_user(representative).get(f"/api/v1/agreements/{signed.pk}/").json()
    assert name in [row["name"] for row in detail["signatures"]]
    # The agreement's history names no one for the deleted account.
    assert name not in [row["by"] for row in detail["history"]]


def test_the_confirmation_page(client, draft, teacher):
    client.force_login(teacher)
    page = client.get("/settings/data/delete/")
    assert page.status_code == 200 and "This cannot be undone." in page.content.decode()
    wrong = client.post("/settings/data/delete/", {"email": "someone@else.example", "confirm": "on"})
    assert wrong.status_code == 400 and 'id="id_email_error"' in wrong.content.decode()
    unticked = client.post("/settings/data/delete/", {"email": teacher.email})
    assert unticked.status_code == 400 and 'id="id_confirm_error"' in unticked.content.decode()
    assert User.objects.get(pk=teacher.pk).is_active
    done = client.post("/settings/data/delete/", {"email": teacher.email.upper(), "confirm": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == "/" and "Your account was deleted." in done.content.decode()
    assert not User.objects.get(pk=teacher.pk).is_active
    assert client.get("/settings/data/").status_code == 302  # signed out


def test_deletion_in_finnish(client, teacher):
    client.force_login(teacher)
    page = client.get("/settings/data/delete/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Poista tilisi" in page
