"""An agreement is filled in by both parties: each completes and marks its own part ready, either asks the
other to complete theirs, and the agreement is submitted when both are ready."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services as pilot_services
from kyky.process import services as process
from tests.factories import MembershipFactory, NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _everyone_reads_english(teacher, principal, representative, coordinator):
    """E-mails go out in each recipient's language; these tests read them in English."""
    from kyky.accounts.models import User

    User.objects.update(language="en")


URL = "/api/v1/agreements/"


def detail(agreement) -> str:
    return f"{URL}{agreement.pk}/"


@pytest.fixture
def agreement(company, school, teacher, principal, representative, coordinator):
    """The company applied to the teacher's need with an offer that processes pupils' data; the principal accepted."""
    proposal = ProposalFactory(organisation=company, title="Murtolukupeli", processes_personal_data=True)
    need = NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut haltuun")
    application = pilot_services.application_create(actor=representative, proposal=proposal, need=need)
    return process.application_accept(actor=principal, application=application).agreement


ANNEX = {
    "personal_data": {
        "processed": True,
        "categories": ["etunimi", "pelin edistyminen"],
        "purpose": "Oppilaan edistymisen tallentaminen",
        "storage_location": "Suomi (EU)",
        "retention": "Poistetaan 30 päivän kuluessa pilotin päätyttyä",
    }
}


def subjects(mailoutbox) -> list[str]:
    return [message.subject for message in mailoutbox]


def test_the_schools_contact_is_the_teacher_whose_need_it_is(agreement, teacher):
    contact = agreement.snapshot["contacts"]["school"]
    assert (contact["name"], contact["email"]) == (teacher.name, teacher.email)
    assert contact["title"] == "opettaja"  # in the agreement's language


def test_a_need_whose_teacher_has_left_gets_the_accepting_principal(company, school, principal, representative):
    former = MembershipFactory(organisation=school, role="teacher").user
    need = NeedFactory(organisation=school, created_by=former)
    former.is_active = False
    former.save()
    application = pilot_services.application_create(
        actor=representative, proposal=ProposalFactory(organisation=company), need=need
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    assert agreement.snapshot["contacts"]["school"]["email"] == principal.email


def test_the_teacher_marks_the_schools_part_ready_while_the_annex_is_still_empty(
    api, agreement, teacher, representative, mailoutbox, django_capture_on_commit_callbacks
):
    body = api.as_user(teacher).get(detail(agreement)).json()
    assert body["missing"] == {
        "school": [],
        "company": ["personal_data.categories", "personal_data.purpose", "personal_data.storage_location",
                    "personal_data.retention"],
    }  # fmt: skip
    assert body["actions"] == ["edit", "submit", "remind", "cancel"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(teacher).post(f"{detail(agreement)}submit/", {"comment": "Meidän osa on valmis"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["ready"]) == ("draft", {"school": True, "company": False})
    assert body["actions"] == ["edit", "remind", "cancel"]  # nothing more to mark; the company may be asked
    assert body["history"][-1]["action"] == "ready" and body["history"][-1]["data"] == {"party": "school"}
    # The company hears that the school's part is done, and can see what is missing from its own.
    assert subjects(mailoutbox) == [f"Agreement {agreement.number}: Auroran koulu has completed its part"]
    assert mailoutbox[0].to == [representative.email]
    # The school is ready, so the company is not offered to ask it.
    assert api.as_user(representative).get(detail(agreement)).json()["actions"] == ["edit", "submit", "cancel"]
    again = api.as_user(teacher).post(f"{detail(agreement)}submit/")
    assert again.status_code == 409


def test_the_company_cannot_mark_ready_without_its_annex(api, agreement, representative):
    response = api.as_user(representative).post(f"{detail(agreement)}submit/")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "personal_data.categories", "personal_data.purpose", "personal_data.storage_location", "personal_data.retention"
    }  # fmt: skip
    assert Agreement.objects.get(pk=agreement.pk).ready == {"school": False, "company": False}


def test_both_marks_submit_the_agreement_and_tell_the_coordinators(
    api, agreement, teacher, representative, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client = api.as_user(representative)
    assert client.patch(detail(agreement), ANNEX, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{detail(agreement)}submit/").json()["ready"] == {"school": False, "company": True}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = api.as_user(teacher).post(f"{detail(agreement)}submit/").json()
    assert (body["status"], body["ready"]) == ("submitted", {"school": True, "company": True})
    assert body["submitted_at"]
    assert body["actions"] == ["cancel"]
    entry = AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement").latest("id")
    assert (entry.action, entry.from_state, entry.to_state, entry.data) == (
        "submit", "draft", "submitted", {"party": "school"}
    )  # fmt: skip
    sent = {message.subject: message.to for message in mailoutbox}
    assert sent[f"Agreement {agreement.number} waits for your approval: Auroran koulu – Laskuri Oy"] == [
        coordinator.email
    ]
    assert sent[f"Agreement {agreement.number} was submitted for approval: Murtolukupeli"] == [representative.email]


def test_completing_ones_own_part_keeps_the_other_partys_mark(api, agreement, teacher, representative):
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    body = api.as_user(representative).patch(detail(agreement), ANNEX, format="json").json()
    assert body["ready"] == {"school": True, "company": False}
    assert "ready_cleared" not in body["history"][-1]["data"]
    assert api.as_user(representative).post(f"{detail(agreement)}submit/").json()["status"] == "submitted"


def test_a_change_to_the_shared_details_clears_both_marks_and_tells_the_other_party(
    api, agreement, teacher, representative, mailoutbox, django_capture_on_commit_callbacks
):
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = api.as_user(representative).patch(detail(agreement), {"title": "Murtolukupeli 4A"}).json()
    assert body["ready"] == {"school": False, "company": False}
    assert body["history"][-1]["data"]["ready_cleared"] == ["school"]
    assert [m.subject for m in mailoutbox] == [
        f"Agreement {agreement.number} was changed: check it and mark your part ready again"
    ]
    assert mailoutbox[0].to == [teacher.email]


def test_a_party_that_edits_after_its_mark_clears_both(
    api, agreement, teacher, representative, mailoutbox, django_capture_on_commit_callbacks
):
    api.as_user(representative).patch(detail(agreement), ANNEX, format="json")
    api.as_user(representative).post(f"{detail(agreement)}submit/")
    # The school's own edit after the company's mark is fine: the school was not ready yet.
    api.as_user(teacher).patch(detail(agreement), {"groups": "4A ja 4B"}, format="json")
    assert Agreement.objects.get(pk=agreement.pk).ready == {"school": False, "company": True}
    mailoutbox.clear()
    # The company edits its own part after marking it ready: both marks clear (only its own was set).
    with django_capture_on_commit_callbacks(execute=True):
        body = api.as_user(representative).patch(detail(agreement), {"company_provides": "Lisenssit"}).json()
    assert body["ready"] == {"school": False, "company": False}
    assert body["history"][-1]["data"]["ready_cleared"] == ["company"]
    assert mailoutbox == []  # nobody else's mark was cleared
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    api.as_user(representative).post(f"{detail(agreement)}submit/")
    assert Agreement.objects.get(pk=agreement.pk).status == "submitted"


def test_a_write_that_changes_nothing_keeps_the_marks(api, agreement, teacher):
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    response = api.as_user(teacher).patch(detail(agreement), {"groups": agreement.snapshot["pilot"]["groups"]})
    assert response.json()["ready"] == {"school": True, "company": False}


@pytest.mark.parametrize(
    ("user", "body", "field"),
    [
        ("representative", {"place": "Meidän toimisto"}, "place"),
        ("representative", {"groups": "4C"}, "groups"),
        ("representative", {"school_provides": "Ei mitään"}, "school_provides"),
        ("teacher", {"product": "Jokin muu"}, "product"),
        ("teacher", {"company_provides": "Kaikki"}, "company_provides"),
        ("teacher", ANNEX, "personal_data"),
    ],
)
def test_each_party_fills_in_its_own_part_only(api, agreement, request, user, body, field):
    before = Agreement.objects.get(pk=agreement.pk).snapshot
    response = api.as_user(request.getfixturevalue(user)).patch(detail(agreement), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Agreement.objects.get(pk=agreement.pk).snapshot == before


def test_the_shared_details_are_either_partys(api, agreement, teacher, representative):
    for user, title in ((teacher, "Murtolukupeli 4A"), (representative, "Murtolukupeli nelosille")):
        response = api.as_user(user).patch(detail(agreement), {"title": title, "reference_use": title})
        assert response.status_code == 200 and response.json()["details"]["title"] == title


def test_remind_tells_the_other_party_what_is_missing_once_a_day(
    api, agreement, teacher, representative, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    client = api.as_user(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{detail(agreement)}remind/", {"comment": "Ehtisittekö tällä viikolla?"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reminded_at"]["company"] and body["reminded_at"]["school"] is None
    assert "remind" not in body["actions"]
    [message] = mailoutbox
    assert message.subject == f"Agreement {agreement.number}: Auroran koulu asks you to complete your part"
    assert message.to == [representative.email]
    assert "Murtolukupeli" in message.body and "Ehtisittekö tällä viikolla?" in message.body
    assert "the personal data processed" in message.body and "retention and deletion" in message.body
    entry = AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement").latest("id")
    assert (entry.action, entry.data, entry.comment) == ("remind", {"party": "company"}, "Ehtisittekö tällä viikolla?")

    again = client.post(f"{detail(agreement)}remind/")
    assert again.status_code == 429
    assert 23 * 3600 < int(again["Retry-After"]) <= 24 * 3600
    assert again.json()["code"] == "throttled"
    assert len(mailoutbox) == 1
    # The company may still ask the school: the limit is per party asked.
    assert api.as_user(representative).post(f"{detail(agreement)}remind/").status_code == 200

    time_machine.move_to(timezone.now() + dt.timedelta(hours=24, minutes=1))
    assert "remind" in api.as_user(teacher).get(detail(agreement)).json()["actions"]
    assert client.post(f"{detail(agreement)}remind/").status_code == 200


def test_a_party_that_is_ready_is_not_asked(api, agreement, teacher, representative):
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    assert "remind" not in api.as_user(representative).get(detail(agreement)).json()["actions"]
    response = api.as_user(representative).post(f"{detail(agreement)}remind/")
    assert response.status_code == 409


def test_who_may_remind(api, agreement, coordinator, other_representative, vantaa_coordinator, principal):
    assert api.as_user(coordinator).post(f"{detail(agreement)}remind/").status_code == 403
    assert api.as_user(other_representative).post(f"{detail(agreement)}remind/").status_code == 404
    assert api.as_user(vantaa_coordinator).post(f"{detail(agreement)}remind/").status_code == 404
    assert api.as_user(principal).post(f"{detail(agreement)}remind/").status_code == 200
    assert api.as_user(coordinator).post(f"{detail(agreement)}submit/").status_code == 403


def test_returning_clears_both_marks(api, agreement, teacher, representative, coordinator):
    api.as_user(representative).patch(detail(agreement), ANNEX, format="json")
    api.as_user(representative).post(f"{detail(agreement)}submit/")
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    body = api.as_user(coordinator).post(f"{detail(agreement)}return/", {"comment": "Lisätkää ryhmä"}).json()
    assert (body["status"], body["ready"]) == ("returned", {"school": False, "company": False})
    assert api.as_user(teacher).get(detail(agreement)).json()["actions"] == ["edit", "submit", "remind", "cancel"]
    api.as_user(teacher).post(f"{detail(agreement)}submit/")
    assert api.as_user(representative).post(f"{detail(agreement)}submit/").json()["status"] == "submitted"


def test_marking_ready_in_finnish_records_the_same_codes(
    api, agreement, teacher, representative, mailoutbox, django_capture_on_commit_callbacks
):
    representative.language = "fi"  # the e-mail is in its recipient's language
    representative.save(update_fields=["language"])
    client = api.as_user(teacher)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{detail(agreement)}remind/")
        client.post(f"{detail(agreement)}submit/")
    history = client.get(detail(agreement)).json()["history"]
    assert [entry["action"] for entry in history][-2:] == ["remind", "ready"]
    assert [entry["action_display"] for entry in history][-2:] == [
        "pyysi toista osapuolta täydentämään osuutensa",
        "osuus merkitty valmiiksi",
    ]
    assert subjects(mailoutbox)[0] == f"Sopimus {agreement.number}: Auroran koulu pyytää teitä täydentämään osuutenne"
