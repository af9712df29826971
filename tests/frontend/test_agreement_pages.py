"""Agreement pages: the list, one agreement with its buttons, the details form, review, signing, the PDF,
cancelling, and the pilot's actions under it, for the parties, the coordinator and the outsiders."""

from __future__ import annotations

import hashlib

import pytest

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services as pilot_services
from kyky.pilots.models import Feedback, Pilot
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory, window

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_teacher", "other_representative", "vantaa_coordinator"]


def url(agreement, action=""):
    return f"/agreements/{agreement.pk}/{action + '/' if action else ''}"


def details(**changes):
    data = {
        "title": "Murtoluvut pelillisesti",
        "purpose": "Selvittää, tukeeko peli murtolukujen ymmärtämistä.",
        "product": "Murtolukupeli",
        "groups": "4A",
        "pupil_count": "22",
        **window(),
        "place": "Auroran koulu, luokka 4A",
        "company_provides": "Pelin käyttö ja tuki.",
        "school_provides": "Kokeilu ja palaute.",
        "reference_use": "Saa mainita.",
        "contact_name": "Anna Laskuri",
        "contact_title": "Myyntijohtaja",
        "contact_email": "anna@laskuri.example",
        "contact_phone": "+358 40 000 0000",
        "pd_categories": "",
        "pd_purpose": "",
        "pd_storage_location": "",
        "pd_retention": "",
        "pd_subprocessors": "",
        "language": "fi",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# The list


def test_parties_see_their_agreements_and_outsiders_none(as_user, teacher, representative, draft_agreement):
    for user in (teacher, representative):
        page = as_user(user).get("/agreements/").text
        assert draft_agreement.number in page and "1 agreement" in page


@pytest.mark.parametrize("user", OUTSIDERS)
def test_outsiders_see_no_agreements(as_user, request, user, draft_agreement):
    page = as_user(request.getfixturevalue(user)).get("/agreements/").text
    assert draft_agreement.number not in page and "0 agreements" in page


def test_the_list_filters_by_status_and_htmx_gets_the_results(as_user, coordinator, draft_agreement):
    client = as_user(coordinator)
    assert draft_agreement.number in client.get("/agreements/?status=draft").text
    assert draft_agreement.number not in client.get("/agreements/?status=signed").text
    response = client.get("/agreements/?status=draft", headers={"HX-Request": "true"})
    assert "<html" not in response.text and draft_agreement.number in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("count", [2, 12])
def test_list_renders_in_a_constant_number_of_queries(
    as_user, coordinator, company, school, representative, principal, count, django_assert_max_num_queries
):
    proposal = ProposalFactory(organisation=company, capacity=100)
    for _ in range(count):
        need = NeedFactory(organisation=school)
        application = pilot_services.application_create(actor=representative, proposal=proposal, need=need)
        process.application_accept(actor=principal, application=application)
    client = as_user(coordinator)
    # session, user, membership, count, page, signatures
    with django_assert_max_num_queries(6):
        response = client.get("/agreements/")
    assert response.text.count("<tr>") == count + 1


# One agreement


def test_a_party_sees_the_details_the_state_and_its_buttons(as_user, teacher, draft_agreement):
    page = as_user(teacher).get(url(draft_agreement)).text
    for expected in (draft_agreement.number, "Draft", "Murtolukupeli", "Auroran koulu", "Laskuri Oy", "History"):
        assert expected in page, expected
    assert f'href="{url(draft_agreement, "edit")}"' in page
    assert f'action="{url(draft_agreement, "submit")}"' in page
    assert f'href="{url(draft_agreement, "pdf")}"' in page
    assert f'href="{url(draft_agreement, "cancel")}"' in page
    assert "/approve/" not in page and "/sign/" not in page


def test_the_coordinator_sees_review_buttons_only_once_submitted(as_user, coordinator, submitted_agreement):
    page = as_user(coordinator).get(url(submitted_agreement)).text
    assert f'action="{url(submitted_agreement, "approve")}"' in page
    assert f'formaction="{url(submitted_agreement, "return")}"' in page
    assert "/edit/" not in page and "/submit/" not in page


@pytest.mark.parametrize("user", OUTSIDERS)
def test_outsiders_get_404_everywhere(as_user, request, user, submitted_agreement):
    client = as_user(request.getfixturevalue(user))
    for path in ("", "edit", "pdf", "cancel"):
        assert client.get(url(submitted_agreement, path)).status_code == 404, path
    for action in ("submit", "approve", "return", "sign", "cancel"):
        assert client.post(url(submitted_agreement, action), {"comment": "x"}).status_code == 404, action
    assert client.post(f"/pilots/{submitted_agreement.pilot_id}/start/").status_code == 404
    assert Agreement.objects.get().status == "submitted"


def test_unknown_agreement_is_404(as_user, teacher):
    assert as_user(teacher).get("/agreements/999999/").status_code == 404


# Filling in the details


def test_the_form_is_prefilled_and_shows_the_other_partys_part(as_user, representative, teacher, draft_agreement):
    page = as_user(representative).get(url(draft_agreement, "edit")).text
    assert 'value="rep@laskuri.example"' in page  # own contact, editable
    assert "The school&#x27;s contact person" in page and teacher.email in page  # the other's, as text
    assert f'value="{teacher.email}"' not in page
    assert "Auroran koulu's part" in page
    # The company's form holds its own part and the shared details, and none of the school's fields.
    for own in ("product", "company_provides", "pd_processed", "title", "starts_on", "reference_use"):
        assert f'name="{own}"' in page, own
    for theirs in ("purpose", "groups", "pupil_count", "place", "school_provides"):
        assert f'name="{theirs}"' not in page, theirs


def test_the_schools_form_holds_the_schools_part(as_user, teacher, draft_agreement):
    page = as_user(teacher).get(url(draft_agreement, "edit")).text
    for own in ("purpose", "groups", "pupil_count", "place", "school_provides", "title", "ends_on"):
        assert f'name="{own}"' in page, own
    for theirs in ("product", "company_provides", "pd_processed", "pd_categories"):
        assert f'name="{theirs}"' not in page, theirs


def test_a_party_saves_its_part_and_only_its_own_contact(as_user, representative, teacher, draft_agreement):
    response = as_user(representative).post(url(draft_agreement, "edit"), details(place="Luokka 4A"))
    assert response.status_code == 302
    snapshot = Agreement.objects.get().snapshot
    assert snapshot["pilot"]["place"] != "Luokka 4A"  # the school's: not on the company's form
    assert snapshot["pilot"]["product"] == "Murtolukupeli"
    assert snapshot["company_provides"] == "Pelin käyttö ja tuki."
    assert snapshot["contacts"]["company"]["name"] == "Anna Laskuri"
    assert snapshot["contacts"]["school"]["email"] == teacher.email  # the need's teacher, untouched
    response = as_user(teacher).post(
        url(draft_agreement, "edit"), details(place="Luokka 4A", contact_email=teacher.email)
    )
    assert response.status_code == 302
    assert Agreement.objects.get().snapshot["pilot"]["place"] == "Luokka 4A"


def test_personal_data_and_subprocessors_are_saved(as_user, representative, draft_agreement):
    data = details(
        pd_processed="on",
        pd_categories="etunimi\n\nluokka",
        pd_purpose="Edistymisen seuranta",
        pd_storage_location="Suomi",
        pd_retention="Poistetaan pilotin lopussa",
        pd_subprocessors="UpCloud Oy; palvelimet; Suomi\nMailer Oy",
    )
    assert as_user(representative).post(url(draft_agreement, "edit"), data).status_code == 302
    personal = Agreement.objects.get().snapshot["personal_data"]
    assert personal["processed"] is True
    assert personal["categories"] == ["etunimi", "luokka"]
    assert personal["subprocessors"] == [
        {"name": "UpCloud Oy", "service": "palvelimet", "location": "Suomi"},
        {"name": "Mailer Oy", "service": "", "location": ""},
    ]
    page = as_user(representative).get(url(draft_agreement, "edit")).text
    assert "UpCloud Oy; palvelimet; Suomi" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),  # before the start: the service says so
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"title": ""}, "title"),
        ({"starts_on": "someday"}, "starts_on"),
        ({"pd_subprocessors": "a; b; c; d"}, "pd_subprocessors"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_details_show_next_to_the_field_keep_the_input_and_save_nothing(
    as_user, representative, draft_agreement, changes, field
):
    before = Agreement.objects.get().snapshot
    response = as_user(representative).post(
        url(draft_agreement, "edit"), details(company_provides="Uusi tarjous", **changes)
    )
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert "Uusi tarjous" in response.text
    assert Agreement.objects.get().snapshot == before


def test_a_bad_number_of_pupils_shows_next_to_the_schools_field(as_user, teacher, draft_agreement):
    before = Agreement.objects.get().snapshot
    response = as_user(teacher).post(url(draft_agreement, "edit"), details(pupil_count="0", place="Uusi paikka"))
    assert response.status_code == 400
    assert 'id="id_pupil_count_error"' in response.text and "Uusi paikka" in response.text
    assert Agreement.objects.get().snapshot == before


def test_the_coordinator_cannot_edit(as_user, coordinator, draft_agreement):
    client = as_user(coordinator)
    assert client.get(url(draft_agreement, "edit")).status_code == 403
    assert client.post(url(draft_agreement, "edit"), details()).status_code == 403


def test_a_submitted_agreement_cannot_be_edited(as_user, teacher, submitted_agreement):
    response = as_user(teacher).get(url(submitted_agreement, "edit"))
    assert response.status_code == 409
    assert "Cannot edit: the agreement is submitted." in response.text


# Submitting and reviewing


def test_each_party_marks_its_part_ready_and_the_second_submits(as_user, teacher, representative, draft_agreement):
    page = as_user(teacher).get(url(draft_agreement)).text
    assert 'id="parts"' in page and "Not ready yet" in page
    assert "Mark our part ready" in page and "Ask Laskuri Oy to complete their part" in page
    response = as_user(teacher).post(url(draft_agreement, "submit"), follow=True)
    assert response.redirect_chain == [(url(draft_agreement) + "#parts", 302)]
    assert "Your part is marked ready." in response.text and "once Laskuri Oy has marked theirs" in response.text
    assert Agreement.objects.get().status == "draft"
    parts = response.text[response.text.index('id="parts"') :]
    school = parts[parts.index('id="part-school"') : parts.index('id="part-company"')]
    assert "Ready" in school and "marked " in school and "Mark our part ready" not in school
    page = as_user(representative).get(url(draft_agreement)).text
    assert "Mark our part ready" in page and "Ask Auroran koulu" not in page  # the school is ready
    response = as_user(representative).post(url(draft_agreement, "submit"), follow=True)
    assert "Both parts are ready: the agreement was submitted" in response.text
    assert Agreement.objects.get().status == "submitted"
    assert 'id="parts"' not in response.text


def test_a_party_asks_the_other_to_complete_its_part(
    as_user, teacher, representative, draft_agreement, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_user(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft_agreement, "remind"), follow=True)
    assert response.redirect_chain == [(url(draft_agreement) + "#parts", 302)]
    assert "Laskuri Oy was asked to complete their part." in response.text
    assert "Ask Laskuri Oy to complete their part" not in response.text
    assert "you can ask again from" in response.text
    assert [m.to for m in mailoutbox] == [[representative.email]]
    again = client.post(url(draft_agreement, "remind"))
    assert again.status_code == 429 and "You can ask again from" in again.text
    assert len(mailoutbox) == 1


def test_submitting_an_incomplete_agreement_shows_what_is_missing_next_to_the_fields(
    as_user, representative, draft_agreement
):
    snapshot = draft_agreement.snapshot
    snapshot["personal_data"]["processed"] = True
    Agreement.objects.filter(pk=draft_agreement.pk).update(snapshot=snapshot)
    response = as_user(representative).post(url(draft_agreement, "submit"))
    assert response.status_code == 400
    assert "Your part cannot be marked ready yet" in response.text
    for field in ("pd_categories", "pd_purpose", "pd_storage_location", "pd_retention"):
        assert f'id="id_{field}_error"' in response.text, field
    assert f'action="{url(draft_agreement, "edit")}"' in response.text
    assert Agreement.objects.get().status == "draft"


def test_marking_twice_is_a_409(as_user, teacher, draft_agreement):
    as_user(teacher).post(url(draft_agreement, "submit"))
    response = as_user(teacher).post(url(draft_agreement, "submit"))
    assert response.status_code == 409
    assert "Your part is already marked ready" in response.text


def test_submitting_twice_is_a_409(as_user, teacher, submitted_agreement):
    response = as_user(teacher).post(url(submitted_agreement, "submit"))
    assert response.status_code == 409
    assert "Cannot submit: the agreement is submitted." in response.text


def test_the_coordinator_approves(as_user, coordinator, submitted_agreement):
    response = as_user(coordinator).post(url(submitted_agreement, "approve"), {"comment": "Hyvä"})
    assert response.status_code == 302 and response["Location"] == url(submitted_agreement)
    assert Agreement.objects.get().status == "approved"
    assert AuditEntry.objects.filter(to_state="approved", comment="Hyvä").exists()


def test_returning_needs_a_comment_shown_next_to_the_field(as_user, coordinator, submitted_agreement):
    response = as_user(coordinator).post(url(submitted_agreement, "return"), {"comment": "  "})
    assert response.status_code == 400
    assert 'id="id_comment_error"' in response.text
    assert "Say what the parties should change." in response.text
    assert Agreement.objects.get().status == "submitted"


def test_the_return_comment_is_shown_to_the_parties(as_user, coordinator, teacher, submitted_agreement):
    as_user(coordinator).post(url(submitted_agreement, "return"), {"comment": "Lisää huoltajien tiedotus."})
    page = as_user(teacher).get(url(submitted_agreement)).text
    assert "Returned by the coordinator" in page and "Lisää huoltajien tiedotus." in page
    assert f'href="{url(submitted_agreement, "edit")}"' in page  # editable again
    assert "Lisää huoltajien tiedotus." in as_user(teacher).get(url(submitted_agreement, "edit")).text


@pytest.mark.parametrize("user", ["teacher", "principal", "representative"])
def test_parties_cannot_approve_or_return(as_user, request, user, submitted_agreement):
    client = as_user(request.getfixturevalue(user))
    assert client.post(url(submitted_agreement, "approve")).status_code == 403
    assert client.post(url(submitted_agreement, "return"), {"comment": "x"}).status_code == 403
    assert Agreement.objects.get().status == "submitted"


def test_approving_a_draft_is_a_409(as_user, coordinator, draft_agreement):
    response = as_user(coordinator).post(url(draft_agreement, "approve"))
    assert response.status_code == 409
    assert "Cannot approve: the agreement is draft." in response.text


# Signing


def test_the_signer_reads_what_they_sign_with_the_hash_in_a_disclosure(as_user, principal, approved_agreement):
    page = as_user(principal).get(url(approved_agreement)).text
    digest = Agreement.objects.get().approved_sha256
    assert len(digest) == 64
    sign = page[page.index('id="sign"') :]
    sign = sign[: sign.index("</form>")]
    assert f'href="{url(approved_agreement, "pdf")}?read=1"' in sign
    assert f"I sign agreement {approved_agreement.number} as principal of Auroran koulu." in sign
    details = sign[sign.index("<details") : sign.index("</details>")]
    assert f'<code class="hash" id="approved-sha256">{digest}</code>' in details
    assert f'name="document_sha256" value="{digest}"' in sign
    assert 'type="checkbox"' not in sign


def test_the_link_to_read_opens_the_approved_pdf_in_the_browser(as_user, principal, approved_agreement):
    response = as_user(principal).get(url(approved_agreement, "pdf") + "?read=1")
    assert response["Content-Disposition"] == f'inline; filename="{approved_agreement.number}-approved.pdf"'
    assert hashlib.sha256(response.content).hexdigest() == Agreement.objects.get().approved_sha256


def test_the_company_signs_as_its_representative(as_user, representative, approved_agreement):
    page = as_user(representative).get(url(approved_agreement)).text
    assert f"I sign agreement {approved_agreement.number} as representative of Laskuri Oy." in page


def test_a_teacher_does_not_sign(as_user, teacher, approved_agreement):
    client = as_user(teacher)
    assert 'action="' + url(approved_agreement, "sign") not in client.get(url(approved_agreement)).text
    digest = Agreement.objects.get().approved_sha256 or "0" * 64
    response = client.post(url(approved_agreement, "sign"), {"document_sha256": digest, "read": "on"})
    assert response.status_code == 403


def test_signing_without_the_documents_hash_is_an_error(as_user, principal, approved_agreement):
    response = as_user(principal).post(url(approved_agreement, "sign"), {"document_sha256": "not a hash"})
    assert response.status_code == 400
    assert not approved_agreement.signatures.exists()


def test_signing_another_document_is_a_409(as_user, principal, approved_agreement):
    response = as_user(principal).post(url(approved_agreement, "sign"), {"document_sha256": "a" * 64, "read": "on"})
    assert response.status_code == 409
    assert "This is not the approved document." in response.text
    assert not approved_agreement.signatures.exists()


def test_both_sign_and_the_agreement_is_in_force(as_user, principal, representative, approved_agreement):
    digest = as_user(principal).get(url(approved_agreement)) and Agreement.objects.get().approved_sha256
    response = as_user(principal).post(url(approved_agreement, "sign"), {"document_sha256": digest, "read": "on"})
    assert response.status_code == 302
    page = as_user(principal).get(url(approved_agreement)).text
    assert "once the other party has signed" in page
    assert "Waiting for the signature of the company's representative." in page
    assert 'action="' + url(approved_agreement, "sign") not in page  # the school has signed
    as_user(representative).post(url(approved_agreement, "sign"), {"document_sha256": digest, "read": "on"})
    agreement = Agreement.objects.get()
    assert agreement.status == "signed"
    page = as_user(representative).get(url(approved_agreement)).text
    assert "Both parties have signed" in page
    assert page.count("Signed by ") == 2


def test_signing_a_signed_agreement_is_a_409(as_user, principal, signed_agreement):
    digest = signed_agreement.approved_sha256
    response = as_user(principal).post(url(signed_agreement, "sign"), {"document_sha256": digest, "read": "on"})
    assert response.status_code == 409
    assert "Cannot sign: the agreement is signed." in response.text


# The PDF


@pytest.mark.parametrize("user", ["teacher", "representative", "coordinator"])
def test_parties_and_coordinator_download_the_pdf(as_user, request, user, draft_agreement):
    response = as_user(request.getfixturevalue(user)).get(url(draft_agreement, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{draft_agreement.number}-draft.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_signed_pdf_is_the_stored_one(as_user, principal, signed_agreement):
    response = as_user(principal).get(url(signed_agreement, "pdf"))
    assert response.status_code == 200
    agreement = Agreement.objects.get()
    assert hashlib.sha256(response.content).hexdigest() == agreement.final_sha256


# Cancelling


def test_cancelling_asks_first_then_cancels(as_user, teacher, draft_agreement):
    client = as_user(teacher)
    page = client.get(url(draft_agreement, "cancel"))
    assert page.status_code == 200 and "This cannot be undone." in page.text
    response = client.post(url(draft_agreement, "cancel"), {"comment": "Aikataulu ei sovi"})
    assert response.status_code == 400
    assert 'id="id_confirm_error"' in response.text and "Aikataulu ei sovi" in response.text
    assert Agreement.objects.get().status == "draft"
    response = client.post(url(draft_agreement, "cancel"), {"comment": "Aikataulu ei sovi", "confirm": "on"})
    assert response.status_code == 302
    assert Agreement.objects.get().status == "cancelled"
    assert Pilot.objects.get().status == "cancelled"


def test_a_signed_agreement_cannot_be_cancelled(as_user, teacher, signed_agreement):
    client = as_user(teacher)
    assert client.get(url(signed_agreement, "cancel")).status_code == 409
    response = client.post(url(signed_agreement, "cancel"), {"confirm": "on"})
    assert response.status_code == 409
    assert "Cannot cancel: the agreement is signed." in response.text


# The pilot, on the agreement's page


def test_the_pilot_starts_once_signed(as_user, teacher, draft_agreement):
    client = as_user(teacher)
    assert "/start/" not in client.get(url(draft_agreement)).text
    response = client.post(f"/pilots/{draft_agreement.pilot_id}/start/")
    assert response.status_code == 409
    assert "once both parties have signed" in response.text


def test_start_feedback_and_complete(as_user, teacher, representative, coordinator, signed_agreement):
    pilot_url = f"/pilots/{signed_agreement.pilot_id}/"
    client = as_user(representative)
    assert f'action="{pilot_url}start/"' in client.get(url(signed_agreement)).text
    assert client.post(f"{pilot_url}start/").status_code == 302
    assert Pilot.objects.get().status == "running"
    answer = {"rating": "4", "goals": "yes", "again": "yes", "worked": "Toimi hyvin.", "change": ""}
    response = client.post(f"{pilot_url}feedback/", {**answer, "rating": "6"})
    assert response.status_code == 400 and 'id="id_rating_error"' in response.text
    response = client.post(f"{pilot_url}feedback/", {**answer, "goals": ""})
    assert response.status_code == 400 and 'id="id_goals_error"' in response.text
    assert not Feedback.objects.exists()
    assert client.post(f"{pilot_url}feedback/", answer).status_code == 302
    assert as_user(teacher).post(f"{pilot_url}complete/").status_code == 403
    page = as_user(coordinator).get(url(signed_agreement)).text
    # One side has answered and the pilot has not ended: completing waits for the school.
    assert "Toimi hyvin." in page and f'action="{pilot_url}complete/"' not in page
    assert "once both parties have given their evaluation" in page
    assert as_user(teacher).post(f"{pilot_url}feedback/", {**answer, "worked": "Hyvä"}).status_code == 302
    page = as_user(coordinator).get(url(signed_agreement)).text
    assert f'action="{pilot_url}complete/"' in page
    assert as_user(coordinator).post(f"{pilot_url}complete/", {"comment": "Kiitos"}).status_code == 302
    assert Pilot.objects.get().status == "completed"
    assert Agreement.objects.get().status == "completed"


def test_a_pilot_address_leads_to_its_agreement(as_user, teacher, draft_agreement):
    response = as_user(teacher).get(f"/pilots/{draft_agreement.pilot_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"{url(draft_agreement)}#pilot"


def test_transitions_only_take_post(as_user, teacher, coordinator, draft_agreement):
    assert as_user(teacher).get(url(draft_agreement, "submit")).status_code == 405
    assert as_user(coordinator).get(url(draft_agreement, "approve")).status_code == 405
